package dev.o2c.workflows.customer;

import dev.o2c.workflows.saga.ParkableProcess;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Customer master data, {@code customer-sync-{accountId}}: carries a provisioned account's CRM-owned attributes
 * ({@link MasterAttributes}) to its ERP customer, never an ERP-owned one, and parks on a conflict (both sides changed
 * an attribute since o2c last synced it) for finance-ops: RETRY compares again (after someone fixed one side), SKIP
 * leaves the ERP as it is (and records the CRM's value as seen), ABORT ends the run without writing.
 *
 * <p>One workflow per account serialises its syncs: the starter signals-with-start each {@code account.updated}
 * ({@link #accountUpdated}); the run compares the systems' current state (never the event's payload), again while new
 * events arrived during a comparison, and completes once none is pending. The next event starts a new run with the same
 * id. Duplicate and out-of-order events therefore write nothing twice: whatever their order, the run reads the newest
 * account and writes only what differs, with the ERP's optimistic version.
 */
@WorkflowInterface
public interface CustomerSyncWorkflow extends ParkableProcess {

    String PROCESS_TYPE = "customer-sync";
    /** The failure type of a conflict's exception. */
    String CONFLICT_FAILURE = "o2c.master-data-conflict";

    static String workflowId(String accountId) {
        return PROCESS_TYPE + "-" + accountId;
    }

    @WorkflowMethod
    CustomerSyncResult run(CustomerSyncRequest request);

    /** An {@code account.updated} event: compare again (once per event id). */
    @SignalMethod
    void accountUpdated(AccountUpdated event);
}
