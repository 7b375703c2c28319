package dev.o2c.starter.customer;

import dev.o2c.starter.config.O2cProperties;
import dev.o2c.workflows.common.TaskQueues;
import dev.o2c.workflows.customer.AccountUpdated;
import dev.o2c.workflows.customer.CustomerSyncRequest;
import dev.o2c.workflows.customer.CustomerSyncWorkflow;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.metadata.POJOWorkflowInterfaceMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Customer master data (docs/processes.md): hands a CRM {@code account.updated} to the account's
 * {@code customer-sync-{accountId}} process by signal-with-start, so that one process per account takes its events
 * in turn: the running one gets the signal, or a new run starts with it (the previous one ended). Whether the account
 * is provisioned is the process's to find out (it reads the ERP); the starter only reads the ledger.
 */
@Service
public class CustomerSyncService {

    /** The signal of {@link CustomerSyncWorkflow#accountUpdated}. */
    static final String ACCOUNT_UPDATED_SIGNAL = "accountUpdated";
    static final String WORKFLOW_TYPE = POJOWorkflowInterfaceMetadata.newInstance(CustomerSyncWorkflow.class)
            .getWorkflowType()
            .orElseThrow();

    private static final Logger log = LoggerFactory.getLogger(CustomerSyncService.class);

    private final WorkflowClient client;
    private final O2cProperties properties;

    public CustomerSyncService(WorkflowClient client, O2cProperties properties) {
        this.client = client;
        this.properties = properties;
    }

    /** Where an event went: the process and the run that has it. */
    public record Routed(String workflowId, String runId) {}

    /** Signals {@code customer-sync-{accountId}} with the event, starting a run if none is running. */
    public Routed accountUpdated(AccountUpdated event, String correlationId) {
        String workflowId = CustomerSyncWorkflow.workflowId(event.accountId());
        WorkflowOptions options = WorkflowOptions.newBuilder()
                .setWorkflowId(workflowId)
                .setTaskQueue(TaskQueues.WORKFLOWS)
                // a finished run never blocks the next event: it starts the next run
                .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
                .build();
        WorkflowExecution execution = client.newUntypedWorkflowStub(WORKFLOW_TYPE, options).signalWithStart(
                ACCOUNT_UPDATED_SIGNAL, new Object[] {event},
                new Object[] {new CustomerSyncRequest(event.accountId(), correlationId, properties.parkTimeout())});
        log.info("account.updated {} of {} (version {}) signalled to {} run {}", event.eventId(), event.accountId(),
                event.version(), workflowId, execution.getRunId());
        return new Routed(workflowId, execution.getRunId());
    }
}
