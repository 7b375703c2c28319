package dev.o2c.workflows.saga;

import dev.o2c.workflows.common.ExceptionOpened;
import dev.o2c.workflows.common.ProcessStatus;
import dev.o2c.workflows.common.ProcessTransition;
import dev.o2c.workflows.common.Resolution;
import dev.o2c.workflows.systems.LedgerActivities;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Workflow;
import java.util.Map;
import org.slf4j.Logger;

/**
 * Writes what only the workflow knows (transitions, exceptions) to the integration ledger through the
 * {@link LedgerActivities} <em>local</em> activity stub.
 *
 * <p>The ledger is a projection: the workflow is the source of truth and answers the {@code state} query. So a write
 * that still fails after its retries is logged at error level and the process goes on, instead of failing a
 * customer's saga because the projection database is down. Cancellation is never swallowed.
 */
public final class ProcessLedger {

    private static final Logger log = Workflow.getLogger(ProcessLedger.class);

    private final LedgerActivities ledger;

    /** @param ledger a local activity stub ({@code Workflow.newLocalActivityStub}, see {@link SystemActivityOptions#ledger()}) */
    public ProcessLedger(LedgerActivities ledger) {
        this.ledger = ledger;
    }

    public void transition(ProcessIdentity id, ProcessStatus status, String step, String detail,
            Map<String, String> createdIds) {
        ProcessTransition transition = new ProcessTransition(id.workflowId(), id.runId(), id.processType(),
                id.businessKey(), status, id.correlationId(), step, detail, createdIds, Workflow.currentTimeMillis());
        write("transition " + status, () -> ledger.recordTransition(transition));
    }

    public void openException(ExceptionOpened exception) {
        write("open exception " + exception.exceptionId(), () -> ledger.openException(exception));
    }

    public void resolveException(Resolution resolution) {
        long at = Workflow.currentTimeMillis();
        write("resolve exception " + resolution.exceptionId(), () -> ledger.resolveException(resolution, at));
    }

    private static void write(String what, Runnable call) {
        try {
            call.run();
        } catch (ActivityFailure failure) {
            if (failure.getCause() instanceof CanceledFailure cancelled) {
                throw cancelled;
            }
            log.error("ledger write failed for good, process goes on: {}: {}", what, StepFailure.describe(failure));
        }
    }
}
