package dev.o2c.ledger.query;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One reconciliation run as the ledger knows it (docs/processes.md, "Reconciliation", "Report"): its
 * {@code reconciliation_run} row, its pages summed per check ({@code reconciliation_page}) and the discrepancies it
 * opened and closed ({@code discrepancy}).
 *
 * @param runId {@code rec-20261201T020000Z}
 * @param trigger {@code SCHEDULE} or {@code ON_DEMAND}
 * @param requestedBy who asked for an on-demand run; null for a scheduled one
 * @param status {@code RUNNING}, {@code COMPLETED} or {@code FAILED}
 * @param checks every requested check in the run's order, with its summed pages (zeros before its first page)
 * @param opened discrepancies this run opened (first found), by kind, in name order
 * @param closed discrepancies this run closed (no longer found), by kind, in name order
 * @param failure why a FAILED run failed, else null
 */
public record ReconciliationRunView(
        String runId,
        String workflowId,
        String trigger,
        String requestedBy,
        String status,
        Instant startedAt,
        Instant finishedAt,
        List<CheckSummary> checks,
        Map<String, Integer> opened,
        Map<String, Integer> closed,
        String failure) {

    public ReconciliationRunView {
        checks = List.copyOf(checks);
        opened = byName(opened);
        closed = byName(closed);
    }

    /**
     * One check of a run: its pages summed.
     *
     * @param check {@code provisioning}, {@code work}, {@code receivables} or {@code payments}
     * @param finished true once a page answered no next cursor
     * @param discrepancies what the run found (new or already open), by kind, in name order
     */
    public record CheckSummary(String check, long checked, long skipped, int pages, boolean finished,
            Map<String, Integer> discrepancies) {

        public CheckSummary {
            discrepancies = byName(discrepancies);
        }
    }

    /** An unmodifiable copy in key order. */
    static Map<String, Integer> byName(Map<String, Integer> counts) {
        return Collections.unmodifiableMap(new TreeMap<>(counts));
    }
}
