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
 */
public record ProcessDetails(
        String workflowId,
        String processType,
        String businessKey,
        @Schema(allowableValues = {"RUNNING", "NEEDS_ATTENTION", "COMPENSATING", "COMPLETED", "COMPENSATED", "ABORTED", "FAILED"})
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
        Map<String, URI> links) {

    /** One saga step. */
    public record Step(
            String name,
            String system,
            String status,
            int attempts,
            String lastError,
            Instant startedAt,
            Instant completedAt) {}

    /** The exception a parked process waits on, with the links to resolve it. */
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
