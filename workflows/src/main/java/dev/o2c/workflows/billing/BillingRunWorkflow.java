package dev.o2c.workflows.billing;

import dev.o2c.workflows.common.Decisions;
import dev.o2c.workflows.model.Contract;
import dev.o2c.workflows.saga.ParkableProcess;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One billing run of a project, {@code project-billing-{psaProjectId}-run-{n}}: a saga from the approved work in the
 * PSA to a finalized invoice, its billing marks, the ERP receivable and revenue. Parks like every o2c saga
 * (operator decisions through {@value Decisions#UPDATE}).
 */
@WorkflowInterface
public interface BillingRunWorkflow extends ParkableProcess {

    String PROCESS_TYPE = "billing-run";

    @WorkflowMethod
    BillingRunResult run(BillingRunRequest request);




    /** The project workflow accepted an amendment while this run was in progress (a retry rates with it). */
    @SignalMethod
    void contractChanged(Contract contract, int contractVersion);
}
