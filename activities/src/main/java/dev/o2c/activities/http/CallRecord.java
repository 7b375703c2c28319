package dev.o2c.activities.http;

import java.time.Instant;

/**
 * One outbound call (one attempt), as written to the audit trail.
 *
 * @param at when the call started
 * @param workflowId the calling workflow
 * @param runId its run
 * @param step the activity type, e.g. {@code Erp.UpsertCustomer} (Temporal capitalises the method name)
 * @param system {@code crm}, {@code psa}, {@code erp} or {@code invoicing}
 * @param operation method and path template, e.g. {@code POST /customers/{id}/deactivate}
 * @param objectRef the object concerned (id or external ref), may be null
 * @param idempotencyKey the key sent, null on reads
 * @param attempt the activity attempt (1-based)
 * @param outcome how it ended
 * @param httpStatus the status answered, null when no response arrived
 * @param detail short text: the id answered, or the failure message
 * @param durationMs wall-clock duration of the call
 * @param correlationId the process's correlation id, may be null
 */
public record CallRecord(
        Instant at,
        String workflowId,
        String runId,
        String step,
        String system,
        String operation,
        String objectRef,
        String idempotencyKey,
        int attempt,
        Outcome outcome,
        Integer httpStatus,
        String detail,
        long durationMs,
        String correlationId) {}
