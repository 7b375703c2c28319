package dev.o2c.workflows.reconciliation;

import dev.o2c.workflows.common.ProcessStatus;
import dev.o2c.workflows.common.TaskQueues;
import dev.o2c.workflows.saga.SystemActivityOptions;
import dev.o2c.workflows.systems.CheckPage;
import dev.o2c.workflows.systems.ReconciliationActivities;
import dev.o2c.workflows.systems.ResolvedDiscrepancies;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.spring.boot.WorkflowImpl;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 */
@WorkflowImpl(workers = "o2c-workflows")
public class ReconciliationWorkflowImpl implements ReconciliationWorkflow {

    private static final Logger log = Workflow.getLogger(ReconciliationWorkflowImpl.class);

    private final ReconciliationActivities activities = Workflow.newActivityStub(ReconciliationActivities.class,
            SystemActivityOptions.page(TaskQueues.RECONCILIATION));

    private final ReconciliationRequest request;
    private final String runId;
    private final List<CheckProgress> progress = new ArrayList<>();
    private ProcessStatus status = ProcessStatus.RUNNING;
    private ReconciliationCheck current;
    private Map<String, Integer> closed = Map.of();
    private String failure;

    /** The state before anything runs, so that a query in the first task answers it. */
    @WorkflowInit
    public ReconciliationWorkflowImpl(ReconciliationRequest request) {
        this.request = request;
        this.runId = request.runId() != null ? request.runId()
                : ReconciliationWorkflow.runId(Instant.ofEpochMilli(Workflow.currentTimeMillis()));
        for (ReconciliationCheck check : request.checks()) {
            progress.add(carried(check));
        }
    }

    @Override
    public ReconciliationReport run(ReconciliationRequest ignored) {
        if (request.progress() == null) {
            log.info("reconciliation {}: checks {}", runId, request.checkCodes());
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
        ResolvedDiscrepancies resolved;
        try {
            resolved = activities.closeResolved(runId, request.checkCodes());
        } catch (ActivityFailure e) {
            throw fail("closing resolved discrepancies", e);
        }
        closed = resolved.closed();
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
        try {
            return switch (check.check()) {
                case PROVISIONING -> activities.checkProvisioning(runId, after);
                case WORK -> activities.checkWork(runId, after);
                case RECEIVABLES -> activities.checkReceivables(runId, after);
                case PAYMENTS -> activities.checkPayments(runId, after);
            };
        } catch (ActivityFailure e) {
            throw fail(check.check().code() + " page after " + after, e);
        }
    }

    /** Records the failure for the report and answers the exception that fails the workflow. */
    private ApplicationFailure fail(String what, ActivityFailure e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        status = ProcessStatus.FAILED;
        failure = what + " failed: " + cause.getMessage();
        log.warn("reconciliation {}: {}", runId, failure);
        return ApplicationFailure.newNonRetryableFailureWithCause(failure, FAILURE_TYPE, e);
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
