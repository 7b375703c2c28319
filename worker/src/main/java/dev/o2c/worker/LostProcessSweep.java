package dev.o2c.worker;

import dev.o2c.activities.ledger.LedgerMaintenance;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * At worker start, before the worker reports ready: every process the ledger still has open (RUNNING,
 * NEEDS_ATTENTION, COMPENSATING) whose workflow Temporal no longer knows ({@code DescribeWorkflowExecution} answers
 * NOT_FOUND) becomes {@code LOST}, in {@code process} and in {@code process_run}, with the reason in {@code detail}.
 *
 * <p>This happens when the Temporal server lost its state: the Java test server of the local stack keeps everything
 * in memory, so when it dies every running saga is gone while the ledger still says RUNNING. The list of LOST
 * processes is logged as an error: their side effects in the systems may be half done and need a look.
 * Off with {@code O2C_LOST_SWEEP=false}.
 */
@Component
@ConditionalOnProperty(name = "o2c.lost-process-sweep.enabled", havingValue = "true", matchIfMissing = true)
class LostProcessSweep implements ApplicationRunner {

    static final String REASON = "LOST: Temporal no longer has this workflow (its server lost its state, e.g. the"
            + " in-memory Java test server was restarted); found by the worker at start";

    private static final Logger log = LoggerFactory.getLogger(LostProcessSweep.class);

    private final WorkflowClient temporal;
    private final LedgerMaintenance ledger;

    LostProcessSweep(WorkflowClient temporal, LedgerMaintenance ledger) {
        this.temporal = temporal;
        this.ledger = ledger;
    }

    @Override
    public void run(ApplicationArguments args) {
        try {
            List<String> lost = sweep();
            if (!lost.isEmpty()) {
                log.error("!!! {} process(es) LOST: the ledger had them open but Temporal no longer has their"
                        + " workflow (Temporal server restarted without its state?). Marked LOST; check their"
                        + " systems, then start them again (POST /api/v1/opportunity-to-project): {}", lost.size(),
                        String.join(", ", lost));
            }
        } catch (RuntimeException e) {
            // the sweep is a repair, not a precondition: a ledger or Temporal hiccup must not stop the worker
            log.warn("could not check the ledger's open processes against Temporal: {}", e.toString());
        }
    }

    /** Marks the lost processes and returns their workflow ids. */
    List<String> sweep() {
        List<String> lost = new ArrayList<>();
        for (LedgerMaintenance.OpenProcess process : ledger.openProcesses()) {
            if (!existsInTemporal(process)
                    && ledger.markLost(process.workflowId(), process.runId(), REASON + " (was " + process.status() + ")")) {
                lost.add(process.workflowId() + " (was " + process.status() + ")");
            }
        }
        return lost;
    }

    private boolean existsInTemporal(LedgerMaintenance.OpenProcess process) {
        WorkflowExecution.Builder execution = WorkflowExecution.newBuilder().setWorkflowId(process.workflowId());
        if (process.runId() != null && !process.runId().isBlank()) {
            execution.setRunId(process.runId());
        }
        try {
            temporal.getWorkflowServiceStubs().blockingStub()
                    .withDeadlineAfter(10, TimeUnit.SECONDS)
                    .describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
                            .setNamespace(temporal.getOptions().getNamespace())
                            .setExecution(execution)
                            .build());
            return true;
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return false;
            }
            throw e;
        }
    }
}
