package dev.o2c.starter.reconciliation;

import io.swagger.v3.oas.annotations.media.Schema;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A reconciliation run's report (docs/processes.md, "Reconciliation", "Report"): from the ledger, so it outlives
 * Temporal's retention; from the running workflow's {@code report} query only while the ledger has no row of the run
 * yet ({@code source} says which).
 *
 * @param requestedBy who asked for an on-demand run (the token's name); null for a scheduled one
 * @param checks every requested check, in order, with what its pages read and found
 * @param opened discrepancies this run opened, by kind
 * @param closed discrepancies this run closed because it no longer found them, by kind
 * @param failure why a FAILED run failed
 * @param links {@code self}, {@code discrepancies} (this run's), {@code temporalUi} where the server has a UI
 */
public record Reconciliation(
        String runId,
        @Schema(allowableValues = {"SCHEDULE", "ON_DEMAND"}) String trigger,
        String requestedBy,
        @Schema(allowableValues = {"RUNNING", "COMPLETED", "FAILED"}) String status,
        Instant startedAt,
        Instant finishedAt,
        List<Check> checks,
        Map<String, Integer> opened,
        Map<String, Integer> closed,
        String failure,
        @Schema(allowableValues = {"ledger", "temporal"}) String source,
        Map<String, URI> links) {

    /**
     * One check of the run.
     *
     * @param check {@code provisioning}, {@code work}, {@code receivables} or {@code payments}
     * @param checked subjects compared
     * @param skipped subjects left to a process at work, or changed within the settle window
     * @param finished true once its last page was read
     * @param discrepancies what this run found (new or already open), by kind
     */
    public record Check(
            @Schema(allowableValues = {"provisioning", "work", "receivables", "payments"}) String check,
            long checked,
            long skipped,
            int pages,
            boolean finished,
            Map<String, Integer> discrepancies) {}
}
