package dev.o2c.devstack.client;

import dev.o2c.codec.HistoryPayloads;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.History;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.payload.codec.PayloadCodec;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import com.google.protobuf.ByteString;

/**
 * Reads a workflow's history straight from Temporal over gRPC, for the benchmark, the end-to-end tests and for
 * recording replay-test histories. Raw: payloads as Temporal stores them (encrypted by o2c's codec); decoded: every
 * payload decrypted, as a plain history that replays without the codec.
 */
public final class WorkflowHistories {

    private WorkflowHistories() {}

    /**
     * The whole history of a run that has ended or ends within 30 s, raw (no data converter touches it). The state
     * query reports COMPLETED before the run has closed, so this waits for the close first.
     */
    public static WorkflowExecutionHistory closed(String temporalAddress, String namespace, String workflowId) {
        return read(temporalAddress, namespace, workflowId, true);
    }

    /** The history of a run as far as it got, raw. */
    public static WorkflowExecutionHistory fetch(String temporalAddress, String namespace, String workflowId) {
        return read(temporalAddress, namespace, workflowId, false);
    }

    private static WorkflowExecutionHistory read(String temporalAddress, String namespace, String workflowId,
            boolean awaitClose) {
        WorkflowServiceStubs service = WorkflowServiceStubs.newServiceStubs(
                WorkflowServiceStubsOptions.newBuilder().setTarget(temporalAddress).build());
        try {
            WorkflowServiceGrpc.WorkflowServiceBlockingStub stub = service.blockingStub();
            if (awaitClose) {
                awaitClosed(stub, namespace, workflowId);
            }
            return new WorkflowExecutionHistory(all(stub, namespace, workflowId), workflowId);
        } finally {
            service.shutdown();
        }
    }

    /** Every page of the history of {@code workflowId}'s latest run, as far as it got, raw. */
    public static History all(WorkflowServiceGrpc.WorkflowServiceBlockingStub stub, String namespace,
            String workflowId) {
        History.Builder history = History.newBuilder();
        ByteString page = ByteString.EMPTY;
        do {
            GetWorkflowExecutionHistoryResponse response = stub.getWorkflowExecutionHistory(
                    GetWorkflowExecutionHistoryRequest.newBuilder()
                            .setNamespace(namespace)
                            .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                            .setNextPageToken(page)
                            .build());
            history.addAllEvents(response.getHistory().getEventsList());
            page = response.getNextPageToken();
        } while (!page.isEmpty());
        return history.build();
    }

    /** Like {@link #closed(String, String, String)}, with every payload decoded by {@code codec}. */
    public static WorkflowExecutionHistory closed(String temporalAddress, String namespace, String workflowId,
            PayloadCodec codec) {
        return decoded(closed(temporalAddress, namespace, workflowId), codec);
    }

    /** The history with every payload decoded (failure messages back in clear): replays without the codec. */
    public static WorkflowExecutionHistory decoded(WorkflowExecutionHistory history, PayloadCodec codec) {
        return new WorkflowExecutionHistory(HistoryPayloads.decode(history.getHistory(), codec),
                history.getWorkflowExecution().getWorkflowId());
    }

    private static void awaitClosed(WorkflowServiceGrpc.WorkflowServiceBlockingStub stub, String namespace,
            String workflowId) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            WorkflowExecutionStatus status = stub.describeWorkflowExecution(DescribeWorkflowExecutionRequest
                            .newBuilder()
                            .setNamespace(namespace)
                            .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                            .build())
                    .getWorkflowExecutionInfo().getStatus();
            if (status != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(workflowId + " did not close within 30 s");
            }
            O2cClient.sleep(100);
        }
    }
}
