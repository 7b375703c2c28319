package dev.o2c.devstack.client;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Reads a workflow's history straight from Temporal, for the benchmark and for recording replay-test histories. */
public final class WorkflowHistories {

    private WorkflowHistories() {}

    /**
     * The whole history of a run that has ended or ends within 30 s. The state query reports COMPLETED before the run
     * has closed, so this waits for the close first.
     */
    public static WorkflowExecutionHistory closed(String temporalAddress, String namespace, String workflowId) {
        WorkflowServiceStubs service = WorkflowServiceStubs.newServiceStubs(
                WorkflowServiceStubsOptions.newBuilder().setTarget(temporalAddress).build());
        try {
            WorkflowClient client = WorkflowClient.newInstance(service,
                    WorkflowClientOptions.newBuilder().setNamespace(namespace).build());
            client.newUntypedWorkflowStub(workflowId).getResult(30, TimeUnit.SECONDS, Object.class);
            return client.fetchHistory(workflowId);
        } catch (TimeoutException e) {
            throw new IllegalStateException(workflowId + " did not close within 30 s", e);
        } finally {
            service.shutdown();
        }
    }
}
