package dev.o2c.workflows.saga;

import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInfo;

/**
 * Who a process is: what the ledger rows and exception records of a process carry.
 *
 * @param workflowId workflow id
 * @param runId run id (for the ledger only: never part of an idempotency key)
 * @param processType e.g. {@code opportunity-to-project}
 * @param businessKey e.g. the opportunity id
 * @param correlationId the correlation id that entered at the API, may be null
 * @param incarnation which provisioning of the business key this run is (1 for the first); part of the idempotency
 *     keys from 2 on (see {@link IdempotencyKeys})
 */
public record ProcessIdentity(
        String workflowId, String runId, String processType, String businessKey, String correlationId,
        int incarnation) {

    public ProcessIdentity {
        if (incarnation < 1) {
            throw new IllegalArgumentException("incarnation must be at least 1");
        }
    }

    /** The identity of the workflow this code runs in. Workflow code only. */
    public static ProcessIdentity ofCurrentWorkflow(String processType, String businessKey, String correlationId,
            int incarnation) {
        WorkflowInfo info = Workflow.getInfo();
        return new ProcessIdentity(info.getWorkflowId(), info.getRunId(), processType, businessKey, correlationId,
                incarnation);
    }
}
