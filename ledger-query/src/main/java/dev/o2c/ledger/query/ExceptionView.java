package dev.o2c.ledger.query;

import java.time.Instant;

/**
 * One exception record: a parked process waits on it until an operator retries, skips or aborts.
 *
 * @param id exception id
 * @param workflowId the parked workflow
 * @param runId its run id, may be null
 * @param processType e.g. {@code opportunity-to-project}
 * @param businessKey e.g. the opportunity id
 * @param step the step that parked
 * @param ownerTeam wire code of the owning team ({@code sales-ops}, {@code pmo}, {@code finance-ops}, {@code it})
 * @param failureType the failure type name ({@code o2c.validation}, ...)
 * @param cause human-readable cause
 * @param payloadJson details as a JSON document, may be null
 * @param skippable whether the step may be skipped
 * @param status {@code OPEN} or {@code RESOLVED}
 * @param resolution {@code RETRY}, {@code SKIP} or {@code ABORT} once resolved, else null
 * @param resolvedBy who resolved it, may be null
 * @param resolutionNote the operator's note, may be null
 * @param correlationId the process's correlation id, may be null
 * @param openedAt when the process parked
 * @param abortAt when the process aborts by itself unless resolved, may be null
 * @param resolvedAt when it was resolved, may be null
 */
public record ExceptionView(
        String id,
        String workflowId,
        String runId,
        String processType,
        String businessKey,
        String step,
        String ownerTeam,
        String failureType,
        String cause,
        String payloadJson,
        boolean skippable,
        String status,
        String resolution,
        String resolvedBy,
        String resolutionNote,
        String correlationId,
        Instant openedAt,
        Instant abortAt,
        Instant resolvedAt) {

    public static final String OPEN = "OPEN";
    public static final String RESOLVED = "RESOLVED";

    public boolean isOpen() {
        return OPEN.equals(status);
    }
}
