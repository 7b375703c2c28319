package dev.o2c.workflows.reconciliation;

import java.util.List;

/**
 * Starts (or, with {@code progress}, continues) a reconciliation.
 *
 * @param runId {@code rec-{yyyyMMdd'T'HHmmss'Z'}}; null: derived from the workflow's start time
 *     ({@link ReconciliationWorkflow#runId}). Carried across continue-as-new
 * @param trigger {@link #SCHEDULE} or {@link #ON_DEMAND}; null: on demand
 * @param requestedBy who asked for an on-demand run (the token's name); null for a scheduled one
 * @param checks the checks to run, in order; null or empty: all four
 * @param pagesPerRun pages read before the workflow continues as new, carrying its counts; 0 or less:
 *     {@link #DEFAULT_PAGES_PER_RUN}. (The page size is the activities' own: {@code after} is all they take.)
 * @param progress null at the start; the checks' progress when continued as new
 */
public record ReconciliationRequest(String runId, String trigger, String requestedBy,
        List<ReconciliationCheck> checks, int pagesPerRun, List<CheckProgress> progress) {

    public static final String SCHEDULE = "SCHEDULE";
    public static final String ON_DEMAND = "ON_DEMAND";

    public static final int DEFAULT_PAGES_PER_RUN = 500;

    public ReconciliationRequest {
        trigger = trigger == null ? ON_DEMAND : trigger;
        checks = checks == null || checks.isEmpty()
                ? List.of(ReconciliationCheck.values())
                : checks.stream().distinct().toList();
        progress = progress == null ? null : List.copyOf(progress);
    }

    /** Every check, the default budget, on demand. */
    public static ReconciliationRequest all(String runId) {
        return new ReconciliationRequest(runId, ON_DEMAND, null, null, 0, null);
    }

    /** Every check, the default budget, started by the schedule. */
    public static ReconciliationRequest scheduled() {
        return new ReconciliationRequest(null, SCHEDULE, null, null, 0, null);
    }

    public int pageBudget() {
        return pagesPerRun > 0 ? pagesPerRun : DEFAULT_PAGES_PER_RUN;
    }

    /** The request the next run (continue-as-new) starts with. */
    public ReconciliationRequest carrying(String runId, List<CheckProgress> progress) {
        return new ReconciliationRequest(runId, trigger, requestedBy, checks, pagesPerRun, progress);
    }

    /** The checks' codes ({@code receivables}, …), as {@code closeResolved} takes them. */
    public List<String> checkCodes() {
        return checks.stream().map(ReconciliationCheck::code).toList();
    }
}
