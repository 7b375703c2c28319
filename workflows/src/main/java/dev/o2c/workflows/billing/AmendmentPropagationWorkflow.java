package dev.o2c.workflows.billing;

import dev.o2c.workflows.model.Contract;
import dev.o2c.workflows.saga.ParkableProcess;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Writes an accepted amendment to the systems, {@code project-billing-{psaProjectId}-amendment-{n}}: PSA project (end
 * date, budget), billing plan (cap, end date, retainer), ERP project (end date, contract amount) and, for an API
 * amendment, the CRM. Every write sets the target values (idempotent), so a failure parks and RETRY writes again:
 * nothing is half-applied for long, nothing is undone.
 */
@WorkflowInterface
public interface AmendmentPropagationWorkflow extends ParkableProcess {

    String PROCESS_TYPE = "contract-amendment";

    @WorkflowMethod
    AmendmentPropagated run(ProjectSetup setup, AmendmentRequest amendment, Contract contract, int contractVersion,
            String correlationId, java.time.Duration parkTimeout);



}
