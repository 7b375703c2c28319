package dev.o2c.workflows.reconciliation;

import dev.o2c.workflows.common.ProcessStatus;
import java.util.List;
import java.util.Map;

/**
 * A reconciliation as its workflow knows it: live ({@code report} query) and final (the workflow's result).
 *
 * @param status RUNNING, COMPLETED or FAILED
 * @param currentCheck the check whose pages are being read; null before the first and once all are read
 * @param pages pages read by every check, across continue-as-new
 * @param checks every requested check, in order, with its counts
 * @param closed discrepancies closed because this run no longer found them, by kind name (empty until the end)
 * @param failure why the run failed; null otherwise
 */
public record ReconciliationReport(String runId, ProcessStatus status, ReconciliationCheck currentCheck, int pages,
        List<CheckProgress> checks, Map<String, Integer> closed, String failure) {

    public ReconciliationReport {
        checks = List.copyOf(checks);
        closed = closed == null ? Map.of() : Map.copyOf(closed);
    }

    /** The progress of {@code check}; null when it was not requested. */
    public CheckProgress check(ReconciliationCheck check) {
        return checks.stream().filter(c -> c.check() == check).findFirst().orElse(null);
    }
}
