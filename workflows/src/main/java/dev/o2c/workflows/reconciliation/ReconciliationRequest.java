package dev.o2c.workflows.reconciliation;

import java.util.List;

/**
 * Starts (or, with {@code progress}, continues) a reconciliation.
 *
 * @param runId {@code rec-{yyyyMMdd'T'HHmmss'Z'}}; null: derived from the workflow's start time
 *     ({@link ReconciliationWorkflow#runId}). Carried across continue-as-new
 * @param checks the checks to run, in order; null or empty: all four
 * @param pagesPerRun pages read before the workflow continues as new, carrying its counts; 0 or less:
 *     {@link #DEFAULT_PAGES_PER_RUN}. (The page size is the activities' own: {@code after} is all they take.)
 * @param progress null at the start; the checks' progress when continued as new
 */
public record ReconciliationRequest(String runId, List<ReconciliationCheck> checks, int pagesPerRun,
        List<CheckProgress> progress) {

    public static final int DEFAULT_PAGES_PER_RUN = 500;

    public ReconciliationRequest {
        checks = checks == null || checks.isEmpty()
                ? List.of(ReconciliationCheck.values())
                : checks.stream().distinct().toList();
        progress = progress == null ? null : List.copyOf(progress);
    }

    /** Every check, the default budget. */
    public static ReconciliationRequest all(String runId) {
        return new ReconciliationRequest(runId, null, 0, null);
    }

    public int pageBudget() {
        return pagesPerRun > 0 ? pagesPerRun : DEFAULT_PAGES_PER_RUN;
    }

    /** The request the next run (continue-as-new) starts with. */
    public ReconciliationRequest carrying(String runId, List<CheckProgress> progress) {
        return new ReconciliationRequest(runId, checks, pagesPerRun, progress);
    }

    /** The checks' codes ({@code receivables}, …), as {@code closeResolved} takes them. */
    public List<String> checkCodes() {
        return checks.stream().map(ReconciliationCheck::code).toList();
    }
}
