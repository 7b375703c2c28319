package dev.o2c.workflows.reconciliation;

import dev.o2c.workflows.common.ProcessStatus;
import dev.o2c.workflows.common.TaskQueues;
import dev.o2c.workflows.saga.SystemActivityOptions;
import dev.o2c.workflows.systems.CheckPage;
import dev.o2c.workflows.systems.ReconciliationActivities;
import dev.o2c.workflows.systems.ReconciliationRunStarted;
import dev.o2c.workflows.systems.ResolvedDiscrepancies;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.spring.boot.WorkflowImpl;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * Reconciliation (see {@link ReconciliationWorkflow}). The checks run one after the other, in the request's order;
 * each is a loop of {@code check<Name>(runId, after)} calls, starting after the carried cursor, until a page answers
 * no next cursor. Only the cursor and the counts ({@link CheckProgress}) are kept: the objects and discrepancies
 * stay in the systems and the ledger, so the history has the same shape for 100 or 100,000 objects.
 *
 * <p>After {@link ReconciliationRequest#pageBudget()} pages in one run (or when Temporal suggests it) the workflow
 * continues as new with its run id and progress. When every check has read its last page, {@code closeResolved}
 * closes what the run no longer found; a page that fails for good fails the run, which then closes nothing.
 *
 * <p>The run's ledger row ({@code reconciliation_run}, what the report reads) is written through the activities:
 * {@code runStarted} once, before the first page of the first execution (a continued execution carries its progress
 * and skips it), {@code runFinished} COMPLETED after {@code closeResolved}, or FAILED when a page or
 * {@code closeResolved} failed for good or the run was cancelled.
 */
@WorkflowImpl(workers = "o2c-workflows")
public class ReconciliationWorkflowImpl implements ReconciliationWorkflow {

    private static final Logger log = Workflow.getLogger(ReconciliationWorkflowImpl.class);

    private final ReconciliationActivities activities = Workflow.newActivityStub(ReconciliationActivities.class,
            SystemActivityOptions.page(TaskQueues.RECONCILIATION));

    private final ReconciliationRequest request;
    private final String runId;
    private final Instant startedAt;
    private final List<CheckProgress> progress = new ArrayList<>();
    private ProcessStatus status = ProcessStatus.RUNNING;
    private ReconciliationCheck current;
    private Map<String, Integer> closed = Map.of();
    private String failure;

    /** The state before anything runs, so that a query in the first task answers it. */
    @WorkflowInit
    public ReconciliationWorkflowImpl(ReconciliationRequest request) {
        this.request = request;
        this.startedAt = Instant.ofEpochMilli(Workflow.currentTimeMillis());
        this.runId = request.runId() != null ? request.runId() : ReconciliationWorkflow.runId(startedAt);
        for (ReconciliationCheck check : request.checks()) {
            progress.add(carried(check));
        }
    }

    @Override
    public ReconciliationReport run(ReconciliationRequest ignored) {
        if (request.progress() == null) {
            log.info("reconciliation {}: checks {}, {}", runId, request.checkCodes(), request.trigger());
            // once per run, not per execution: a continued run carries its progress and finds its row written
            call("recording the run's start", false, () -> {
                activities.runStarted(new ReconciliationRunStarted(runId, Workflow.getInfo().getWorkflowId(),
                        request.trigger(), request.requestedBy(), request.checkCodes(), startedAt));
                return null;
            });
        }
        int pagesThisRun = 0;
        for (int i = 0; i < progress.size(); i++) {
            CheckProgress check = progress.get(i);
            current = check.check();
            while (!check.finished()) {
                if (pagesThisRun >= request.pageBudget() || Workflow.getInfo().isContinueAsNewSuggested()) {
                    log.info("reconciliation {}: continue-as-new after {} pages ({} in this run), {} next",
                            runId, pages(), pagesThisRun, current.code());
                    Workflow.continueAsNew(request.carrying(runId, List.copyOf(progress)));
                }
                CheckPage page = read(check);
                pagesThisRun++;
                check = check.plus(page);
                progress.set(i, check);
            }
            log.info("reconciliation {}: {} done, {} pages, {} checked, {} skipped, {} found", runId,
                    current.code(), check.pages(), check.checked(), check.skipped(), check.found());
        }
        current = null;
        ResolvedDiscrepancies resolved = call("closing resolved discrepancies", true,
                () -> activities.closeResolved(runId, request.checkCodes()));
        closed = resolved.closed();
        call("recording the run's end", false, () -> {
            activities.runFinished(runId, ProcessStatus.COMPLETED, closed, null);
            return null;
        });
        status = ProcessStatus.COMPLETED;
        log.info("reconciliation {}: completed, {} pages, {} closed", runId, pages(), resolved.total());
        return report();
    }

    @Override
    public ReconciliationReport report() {
        return new ReconciliationReport(runId, status, current, pages(), progress, closed, failure);
    }

    private CheckPage read(CheckProgress check) {
        String after = check.cursor();
        return call(check.check().code() + " page after " + after, true, () -> switch (check.check()) {
            case PROVISIONING -> activities.checkProvisioning(runId, after);
            case WORK -> activities.checkWork(runId, after);
            case RECEIVABLES -> activities.checkReceivables(runId, after);
            case PAYMENTS -> activities.checkPayments(runId, after);
        });
    }

    /**
     * Runs one activity call of the run; when it fails for good (or the run is cancelled) the run fails.
     *
     * @param what names the call in the failure ("receivables page after inv_500")
     * @param recordFailure whether the failure is written to the run's ledger row ({@code runFinished} FAILED): not
     *     when writing that row is what failed
     */
    private <T> T call(String what, boolean recordFailure, Supplier<T> activity) {
        try {
            return activity.get();
        } catch (ActivityFailure | CanceledFailure e) {
            throw fail(what, e, recordFailure);
        }
    }

    /**
     * Records the failure for the report (and, with {@code record}, in the run's ledger row) and answers the exception
     * that ends the workflow: the cancellation itself when the run was cancelled, else a non-retryable
     * {@link ReconciliationWorkflow#FAILURE_TYPE}. Either way the run closes nothing.
     */
    private RuntimeException fail(String what, TemporalFailure e, boolean record) {
        CanceledFailure cancelled = e instanceof CanceledFailure c ? c
                : e.getCause() instanceof CanceledFailure c ? c : null;
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        status = ProcessStatus.FAILED;
        failure = cancelled != null ? what + ": the run was cancelled" : what + " failed: " + cause.getMessage();
        log.warn("reconciliation {}: {}", runId, failure);
        if (record) {
            // detached: a cancelled run still records that it ended
            Workflow.newDetachedCancellationScope(() -> {
                try {
                    activities.runFinished(runId, ProcessStatus.FAILED, Map.of(), failure);
                } catch (ActivityFailure notRecorded) {
                    log.warn("reconciliation {}: could not record the failure in the ledger: {}", runId,
                            notRecorded.getCause() != null ? notRecorded.getCause().getMessage() : notRecorded);
                }
            }).run();
        }
        return cancelled != null ? cancelled
                : ApplicationFailure.newNonRetryableFailureWithCause(failure, FAILURE_TYPE, e);
    }

    private CheckProgress carried(ReconciliationCheck check) {
        if (request.progress() != null) {
            for (CheckProgress carried : request.progress()) {
                if (carried.check() == check) {
                    return carried;
                }
            }
        }
        return CheckProgress.start(check);
    }

    private int pages() {
        return progress.stream().mapToInt(CheckProgress::pages).sum();
    }
}
