package dev.o2c.starter.process;

import dev.o2c.ledger.query.AuditView;
import io.swagger.v3.oas.annotations.media.Schema;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A process as {@code GET /api/v1/processes/{workflowId}} answers it.
 *
 * @param source {@code temporal} when answered live by the workflow's {@code state} query; {@code ledger} when the
 *     workflow is no longer in Temporal (retention) or does not answer, and the ledger projection stands in (then
 *     {@code steps} is empty)
 * @param incarnation which provisioning of the business key the shown (newest) run is: 1 for the first, the next after
 *     an ABORTED or COMPENSATED run, the same after a LOST one
 * @param runs the earlier runs of the workflow id, newest first, from the ledger (empty for a process that ran once)
 * @param links {@code self}, {@code temporalUi} (when the Temporal server has a UI), and {@code start} (POST
 *     {@code {"opportunityId": businessKey}} there) when the process ended ABORTED, COMPENSATED or LOST and may be
 *     provisioned again
 */
public record ProcessDetails(
        String workflowId,
        String processType,
        String businessKey,
        @Schema(allowableValues = {"RUNNING", "NEEDS_ATTENTION", "COMPENSATING", "COMPLETED", "COMPENSATED", "ABORTED", "FAILED", "LOST"})
        String status,
        String correlationId,
        @Schema(allowableValues = {"temporal", "ledger"}) String source,
        String currentStep,
        String detail,
        List<Step> steps,
        Map<String, String> createdIds,
        ParkedOn openException,
        Instant startedAt,
        Instant updatedAt,
        @Schema(description = "one row per outbound call (every attempt), in order") List<AuditView> audit,
        Integer incarnation,
        List<Run> runs,
        Map<String, URI> links) {

    /** An earlier run of the process (ledger {@code process_run}). */
    public record Run(
            String runId,
            int incarnation,
            @Schema(allowableValues = {"RUNNING", "NEEDS_ATTENTION", "COMPENSATING", "COMPLETED", "COMPENSATED", "ABORTED", "FAILED", "LOST"})
            String status,
            Instant startedAt,
            @Schema(description = "when the run ended; absent while the ledger still shows it running") Instant endedAt,
            String detail) {}

    /** One saga step. */
    public record Step(
            String name,
            String system,
            String status,
            int attempts,
            String lastError,
            Instant startedAt,
            Instant completedAt) {}

    /**
     * The exception a parked process waits on, with the links to decide on it: {@code retry}, {@code skip} (when
     * skippable) and {@code abort} are the process's own decision endpoints (they work even when the ledger has no
     * record of the exception), pinned to this exception; {@code self} is its ledger record.
     */
    public record ParkedOn(
            String exceptionId,
            String step,
            @Schema(allowableValues = {"sales-ops", "pmo", "finance-ops", "it"}) String owner,
            String failureType,
            String cause,
            boolean skippable,
            Instant parkedAt,
            Instant abortAt,
            Map<String, URI> links) {}
}
