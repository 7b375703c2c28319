package dev.o2c.workflows.saga;

import dev.o2c.workflows.common.ExceptionOpened;
import dev.o2c.workflows.common.LogMasks;
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
 * {@link LedgerActivities} <em>local</em> activity stub, with {@link SystemActivityOptions#ledger()}: every write is
 * retried until it succeeds (capped backoff, no schedule-to-close limit), and the process waits for it.
 *
 * <ul>
 *   <li>Exceptions (open, resolve): operators find a parked process only through its open exception record, and the
 *       record must say how it was decided; a parked process whose exception was never written would wait unseen until
 *       its park timeout aborts it.</li>
 *   <li>Transitions: also waited for. The ledger's process row is what the API and the benchmark read for status;
 *       a lost terminal transition would show a finished process RUNNING forever. Transitions are idempotent (an
 *       older one never overwrites a newer one), so the retries are harmless.</li>
 * </ul>
 * A ledger that is down therefore holds the process at its next write (the local activity shows as pending, and the
 * worker logs each failed attempt) instead of letting it run on without a trace. Cancellation still propagates: a
 * write cancelled with its scope rethrows the {@link CanceledFailure}. Only a failure the ledger marks non-retryable
 * (a bug: a write it can never take) is logged at error level and skipped, so that one bad row does not wedge the
 * process.
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
                id.businessKey(), status, id.correlationId(), step, detail, createdIds, Workflow.currentTimeMillis(),
                id.incarnation());
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
            log.error("ledger refused a write as non-retryable, process goes on: {}: {}", what,
                    LogMasks.scrub(StepFailure.describe(failure)));
        }
    }
}
