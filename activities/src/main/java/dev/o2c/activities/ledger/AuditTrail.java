package dev.o2c.activities.ledger;

import dev.o2c.activities.http.CallAudit;
import dev.o2c.activities.http.CallRecord;
import java.time.ZoneOffset;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes one {@code audit} row per outbound call and, in the same transaction, touches the process projection
 * ({@code current_step}, {@code updated_at}) so that lists show where each process stands without asking Temporal.
 * Any database error propagates: the caller ({@code SystemClient}) turns it into a retryable activity failure.
 */
@Component
public class AuditTrail implements CallAudit {

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;

    public AuditTrail(JdbcClient jdbc, PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactionManager);
    }

    @Override
    public void record(CallRecord call) {
        transaction.executeWithoutResult(status -> {
            jdbc.sql("""
                    insert into audit (at, workflow_id, run_id, step, system, operation, object_ref, idempotency_key,
                                       attempt, outcome, http_status, detail, duration_ms, correlation_id)
                    values (:at, :workflowId, :runId, :step, :system, :operation, :objectRef, :idempotencyKey,
                            :attempt, :outcome, :httpStatus, :detail, :durationMs, :correlationId)
                    """)
                    .param("at", call.at().atOffset(ZoneOffset.UTC))
                    .param("workflowId", call.workflowId())
                    .param("runId", call.runId())
                    .param("step", call.step())
                    .param("system", call.system())
                    .param("operation", call.operation())
                    .param("objectRef", call.objectRef())
                    .param("idempotencyKey", call.idempotencyKey())
                    .param("attempt", call.attempt())
                    .param("outcome", call.outcome().name())
                    .param("httpStatus", call.httpStatus())
                    .param("detail", call.detail())
                    .param("durationMs", call.durationMs())
                    .param("correlationId", call.correlationId())
                    .update();
            jdbc.sql("update process set current_step = :step, updated_at = now() where workflow_id = :workflowId")
                    .param("step", call.step())
                    .param("workflowId", call.workflowId())
                    .update();
        });
    }
}
