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
     * Records the transition for its run ({@code process_run}, keyed by workflow id and run id) and for the process
     * ({@code process}, one row per workflow id, following the newest run), in one statement.
     *
     * <ul>
     *   <li>The run's row is inserted, or updated when this transition is not older than the last one applied to the
     *       run ({@code transition_at}).</li>
     *   <li>The process row takes the transition when it is of the run the row shows and not older than its last one,
     *       or of a newer run: a greater incarnation, or the same incarnation and a run that started no earlier than
     *       the row's run. A late transition of an older run (a smaller incarnation, or an earlier run still
     *       finishing) never overwrites the newest run's row. When the run changes, {@code started_at},
     *       {@code current_step} and {@code correlation_id} are the new run's.</li>
     *   <li>{@code started_at} of a run is set once; {@code current_step} keeps its value when the transition names no
     *       step; {@code updated_at} never moves backwards (audit writes stamp it with the database clock).</li>
     *   <li>{@code created_ids} is stored as jsonb (which orders keys its own way) and the keys' insertion order in
     *       {@code created_ids_order}, by which readers order the map's entries.</li>
     * </ul>
     */
    @Override
    public void recordTransition(ProcessTransition transition) {
        OffsetDateTime at = time(transition.at());
        jdbc.sql("""
                with run as (
                    insert into process_run (workflow_id, run_id, incarnation, process_type, business_key, status,
                                             correlation_id, current_step, detail, created_ids, created_ids_order,
                                             started_at, updated_at, transition_at)
                    values (:workflowId, :runId, :incarnation, :processType, :businessKey, :status,
                            :correlationId, :step, :detail, cast(:createdIds as jsonb),
                            array(select jsonb_array_elements_text(cast(:createdIdsOrder as jsonb))),
                            :at, :at, :transitionAt)
                    on conflict (workflow_id, run_id) do update set
                        incarnation       = excluded.incarnation,
                        process_type      = excluded.process_type,
                        business_key      = excluded.business_key,
                        status            = excluded.status,
                        correlation_id    = coalesce(excluded.correlation_id, process_run.correlation_id),
                        current_step      = coalesce(excluded.current_step, process_run.current_step),
                        detail            = excluded.detail,
                        created_ids       = excluded.created_ids,
                        created_ids_order = excluded.created_ids_order,
                        updated_at        = greatest(process_run.updated_at, excluded.updated_at),
                        transition_at     = excluded.transition_at
                    where process_run.transition_at <= excluded.transition_at
                    returning started_at
                ),
                run_start as (
                    select coalesce((select started_at from run),
                                    (select started_at from process_run
                                      where workflow_id = :workflowId and run_id = :runId),
                                    cast(:at as timestamptz)) as started_at
                )
                insert into process (workflow_id, run_id, incarnation, process_type, business_key, status,
                                     correlation_id, current_step, detail, created_ids, created_ids_order, started_at,
                                     updated_at, transition_at)
                select :workflowId, :runId, :incarnation, :processType, :businessKey, :status, :correlationId, :step,
                       :detail, cast(:createdIds as jsonb),
                       array(select jsonb_array_elements_text(cast(:createdIdsOrder as jsonb))),
                       run_start.started_at, :at, :transitionAt
                  from run_start
                on conflict (workflow_id) do update set
                    run_id            = excluded.run_id,
                    incarnation       = excluded.incarnation,
                    process_type      = excluded.process_type,
                    business_key      = excluded.business_key,
                    status            = excluded.status,
                    correlation_id    = case when process.run_id is not distinct from excluded.run_id
                                             then coalesce(excluded.correlation_id, process.correlation_id)
                                             else excluded.correlation_id end,
                    current_step      = case when process.run_id is not distinct from excluded.run_id
                                             then coalesce(excluded.current_step, process.current_step)
                                             else excluded.current_step end,
                    detail            = excluded.detail,
                    created_ids       = excluded.created_ids,
                    created_ids_order = excluded.created_ids_order,
                    started_at        = case when process.run_id is not distinct from excluded.run_id
                                             then process.started_at else excluded.started_at end,
                    updated_at        = greatest(process.updated_at, excluded.updated_at),
                    transition_at     = excluded.transition_at
                where (process.run_id is not distinct from excluded.run_id
                       and process.transition_at <= excluded.transition_at)
                   or (process.run_id is distinct from excluded.run_id
                       and (excluded.incarnation > process.incarnation
                            or (excluded.incarnation = process.incarnation
                                and excluded.started_at >= coalesce(
                                        (select current_run.started_at from process_run current_run
                                          where current_run.workflow_id = process.workflow_id
                                            and current_run.run_id = coalesce(process.run_id, '')),
                                        '-infinity'::timestamptz))))
                """)
                .param("workflowId", transition.workflowId())
                .param("runId", transition.runId() == null ? "" : transition.runId())
                .param("incarnation", transition.incarnation())
                .param("processType", transition.processType())
                .param("businessKey", transition.businessKey())
                .param("status", transition.status().name())
                .param("correlationId", transition.correlationId())
                .param("step", transition.step())
                .param("detail", transition.detail())
                .param("createdIds", CreatedIds.json(transition.createdIds()))
                .param("createdIdsOrder", CreatedIds.orderJson(transition.createdIds()))
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
