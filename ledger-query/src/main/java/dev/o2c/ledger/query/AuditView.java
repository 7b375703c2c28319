package dev.o2c.ledger.query;

import java.time.Instant;

/**
 * One audit row: one outbound call (one attempt) of a process.
 *
 * @param id row id, increasing in write order
 * @param at when the call was recorded
 * @param workflowId workflow id
 * @param runId run id, may be null
 * @param step saga step, e.g. {@code erp.upsertCustomer}
 * @param system {@code crm}, {@code psa}, {@code erp}, {@code invoicing}
 * @param operation the system operation
 * @param objectRef reference of the object touched, may be null
 * @param idempotencyKey the {@code Idempotency-Key} sent, may be null
 * @param attempt activity attempt (1-based)
 * @param outcome {@code SUCCEEDED}, {@code RETRYABLE_FAILURE} or {@code FAILED}
 * @param httpStatus HTTP status answered, null when none (transport error)
 * @param detail short text, may be null
 * @param durationMs call duration, may be null
 * @param correlationId correlation id, may be null
 */
public record AuditView(
        long id,
        Instant at,
        String workflowId,
        String runId,
        String step,
        String system,
        String operation,
        String objectRef,
        String idempotencyKey,
        int attempt,
        String outcome,
        Integer httpStatus,
        String detail,
        Long durationMs,
        String correlationId) {}
