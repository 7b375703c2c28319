package dev.o2c.devstack.bench;

import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.HistoryEventFilterType;
import dev.o2c.devstack.client.WorkflowHistories;
import io.temporal.api.history.v1.History;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.serviceclient.WorkflowServiceStubs;
import com.google.protobuf.ByteString;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Watches workflows from the outside, through the Temporal frontend only: never a query, so the workflow is never
 * loaded for the observer. The close is a long poll of the history's close event (what {@code WorkflowStub.getResult}
 * does, without decoding the result); the start is the history's first event.
 */
public final class CloseWatch {

    private final WorkflowServiceStubs service;
    private final String namespace;

    public CloseWatch(WorkflowServiceStubs service, String namespace) {
        this.service = service;
        this.namespace = namespace;
    }

    /** Blocks until {@code workflowId}'s run closes (at most {@code timeout}); returns its close event. */
    public HistoryEvent awaitClose(String workflowId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        ByteString page = ByteString.EMPTY;
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IllegalStateException(workflowId + " did not close within " + timeout);
            }
            GetWorkflowExecutionHistoryResponse response;
            try {
                response = stub().withDeadlineAfter(Math.min(left, TimeUnit.SECONDS.toNanos(30)),
                                TimeUnit.NANOSECONDS)
                        .getWorkflowExecutionHistory(GetWorkflowExecutionHistoryRequest.newBuilder()
                                .setNamespace(namespace)
                                .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                                .setWaitNewEvent(true)
                                .setHistoryEventFilterType(
                                        HistoryEventFilterType.HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT)
                                .setNextPageToken(page)
                                .build());
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() == Status.Code.DEADLINE_EXCEEDED) {
                    continue; // the service stubs cap a call at their RPC timeout: poll again, same page
                }
                throw e;
            }
            if (response.getHistory().getEventsCount() > 0) {
                return response.getHistory().getEvents(response.getHistory().getEventsCount() - 1);
            }
            page = response.getNextPageToken();
        }
    }

    /** Blocks until {@code workflowId} exists (polling every 5 ms); returns its first event (started). */
    public HistoryEvent awaitStart(String workflowId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                stub().describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
                        .setNamespace(namespace)
                        .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                        .build());
                return history(workflowId).getEvents(0);
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() != Status.Code.NOT_FOUND) {
                    throw e;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(workflowId + " not started within " + timeout);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** The whole history of {@code workflowId}'s latest run, raw. */
    public History history(String workflowId) {
        return WorkflowHistories.all(stub(), namespace, workflowId);
    }

    private WorkflowServiceGrpc.WorkflowServiceBlockingStub stub() {
        return service.blockingStub();
    }
}
