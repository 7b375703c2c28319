package dev.o2c.workflows.billing;

import dev.o2c.workflows.common.DecisionAccepted;
import dev.o2c.workflows.common.Decisions;
import dev.o2c.workflows.common.ProcessState;
import dev.o2c.workflows.common.Resolution;
import dev.o2c.workflows.model.Contract;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One billing run of a project, {@code project-billing-{psaProjectId}-run-{n}}: a saga from the approved work in the
 * PSA to a finalized invoice, its billing marks, the ERP receivable and revenue. Parks like every o2c saga
 * (operator decisions through {@value Decisions#UPDATE}).
 */
@WorkflowInterface
public interface BillingRunWorkflow {

    String PROCESS_TYPE = "billing-run";

    @WorkflowMethod
    BillingRunResult run(BillingRunRequest request);

    @QueryMethod
    ProcessState state();

    @UpdateMethod(name = Decisions.UPDATE)
    DecisionAccepted decide(Resolution resolution);

    @UpdateValidatorMethod(updateName = Decisions.UPDATE)
    void validateDecide(Resolution resolution);

    /** The project workflow accepted an amendment while this run was in progress (a retry rates with it). */
    @SignalMethod
    void contractChanged(Contract contract, int contractVersion);
}
