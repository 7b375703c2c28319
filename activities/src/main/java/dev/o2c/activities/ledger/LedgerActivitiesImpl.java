package dev.o2c.activities.ledger;

import dev.o2c.workflows.common.ExceptionOpened;
import dev.o2c.workflows.common.ProcessTransition;
import dev.o2c.workflows.common.Resolution;
import dev.o2c.workflows.common.TaskQueues;
import dev.o2c.workflows.systems.LedgerActivities;
import io.temporal.spring.boot.ActivityImpl;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The ledger writes that only workflows know about, run as local activities on the workflow worker. Every method is
 * a single idempotent statement, so a local-activity retry or a workflow replay never duplicates or reorders state.
 */
@Component
@ActivityImpl(workers = TaskQueues.WORKFLOWS)
public class LedgerActivitiesImpl implements LedgerActivities {

    private static final Logger log = LoggerFactory.getLogger(LedgerActivitiesImpl.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;

    public LedgerActivitiesImpl(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Inserts the process row, or updates it when this transition is not older than the last one applied
     * ({@code transition_at}). {@code started_at} is set once; {@code current_step} keeps its value when the
     * transition names no step; {@code updated_at} never moves backwards (audit writes stamp it with the database
     * clock).
     */
    @Override
    public void recordTransition(ProcessTransition transition) {
        OffsetDateTime at = time(transition.at());
        jdbc.sql("""
                insert into process (workflow_id, run_id, process_type, business_key, status, correlation_id,
                                     current_step, detail, created_ids, started_at, updated_at, transition_at)
                values (:workflowId, :runId, :processType, :businessKey, :status, :correlationId,
                        :step, :detail, cast(:createdIds as jsonb), :at, :at, :transitionAt)
                on conflict (workflow_id) do update set
                    run_id         = excluded.run_id,
                    process_type   = excluded.process_type,
                    business_key   = excluded.business_key,
                    status         = excluded.status,
                    correlation_id = coalesce(excluded.correlation_id, process.correlation_id),
                    current_step   = coalesce(excluded.current_step, process.current_step),
                    detail         = excluded.detail,
                    created_ids    = excluded.created_ids,
                    updated_at     = greatest(process.updated_at, excluded.updated_at),
                    transition_at  = excluded.transition_at
                where process.transition_at <= excluded.transition_at
                """)
                .param("workflowId", transition.workflowId())
                .param("runId", transition.runId())
                .param("processType", transition.processType())
                .param("businessKey", transition.businessKey())
                .param("status", transition.status().name())
                .param("correlationId", transition.correlationId())
                .param("step", transition.step())
                .param("detail", transition.detail())
                .param("createdIds", JSON.writeValueAsString(transition.createdIds()))
                .param("at", at)
                .param("transitionAt", transition.at())
                .update();
    }

    /** Inserts the exception record; a second write of the same id does nothing. */
    @Override
    public void openException(ExceptionOpened exception) {
        int inserted = jdbc.sql("""
                insert into exception_record (id, workflow_id, run_id, process_type, business_key, step, owner_team,
                                              failure_type, cause, payload, skippable, status, correlation_id,
                                              opened_at, abort_at)
                values (:id, :workflowId, :runId, :processType, :businessKey, :step, :ownerTeam,
                        :failureType, :cause, cast(:payload as jsonb), :skippable, 'OPEN', :correlationId,
                        :openedAt, :abortAt)
                on conflict (id) do nothing
                """)
                .param("id", exception.exceptionId())
                .param("workflowId", exception.workflowId())
                .param("runId", exception.runId())
                .param("processType", exception.processType())
                .param("businessKey", exception.businessKey())
                .param("step", exception.step())
                .param("ownerTeam", exception.owner().code())
                .param("failureType", exception.failureType())
                .param("cause", exception.cause())
                .param("payload", jsonOrNull(exception.payloadJson()))
                .param("skippable", exception.skippable())
                .param("correlationId", exception.correlationId())
                .param("openedAt", time(exception.at()))
                .param("abortAt", exception.abortAt() > 0 ? time(exception.abortAt()) : null)
                .update();
        if (inserted == 0) {
            log.debug("exception {} already recorded", exception.exceptionId());
        }
    }

    /**
     * Marks an open exception resolved. Only the first resolution is kept: a repeated (or late, conflicting) one
     * changes nothing. An unknown id is logged and ignored.
     */
    @Override
    public void resolveException(Resolution resolution, long at) {
        int updated = jdbc.sql("""
                update exception_record
                   set status = 'RESOLVED', resolution = :action, resolved_by = :actor, resolution_note = :note,
                       resolved_at = :resolvedAt
                 where id = :id and status = 'OPEN'
                """)
                .param("action", resolution.action().name())
                .param("actor", resolution.actor())
                .param("note", resolution.note())
                .param("resolvedAt", time(at))
                .param("id", resolution.exceptionId())
                .update();
        if (updated == 0) {
            boolean exists = jdbc.sql("select count(*) from exception_record where id = :id")
                    .param("id", resolution.exceptionId())
                    .query(Long.class)
                    .single() > 0;
            if (!exists) {
                log.warn("resolution {} for unknown exception {} ignored", resolution.action(), resolution.exceptionId());
            }
        }
    }

    private static OffsetDateTime time(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).atOffset(ZoneOffset.UTC);
    }

    /** The payload as JSON: kept when it parses, wrapped as a JSON string when it does not (never fails the write). */
    static String jsonOrNull(String payload) {
        if (payload == null || payload.isBlank()) {
            return null;
        }
        try {
            JSON.readTree(payload);
            return payload;
        } catch (JacksonException notJson) {
            return JSON.writeValueAsString(payload);
        }
    }
}
