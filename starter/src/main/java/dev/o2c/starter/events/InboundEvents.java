package dev.o2c.starter.events;

import dev.o2c.ledger.query.Cursor;
import dev.o2c.ledger.query.Page;
import dev.o2c.ledger.query.PageRequest;
import dev.o2c.ledger.query.Pages;
import dev.o2c.starter.web.ApiProblem;
import dev.o2c.starter.web.ProblemTypes;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The inbound event ledger ({@code inbound_event} in {@code o2c_inbound}): every webhook that can be keyed is recorded
 * here before it is answered, and a redelivery is recognised from this record, not from Temporal's retention.
 *
 * <p>The starter owns the schema ({@code classpath:db/inbound}) and migrates it with Flyway itself: at start-up when
 * the database is there, else before the first use (the starter starts without its databases, like it does without
 * the ledger). Any failure to read or write is a {@code 503 inbound-ledger-unavailable}: never acknowledge an event
 * that is not recorded.
 */
public class InboundEvents implements SmartInitializingSingleton {

    public static final String MIGRATIONS = "classpath:db/inbound";
    private static final String CURSOR_KIND = "events";
    private static final Logger log = LoggerFactory.getLogger(InboundEvents.class);
    private static final String COLUMNS = "select system, event_id, type, verdict, status, outcome, routed_to, run_id,"
            + " reason, correlation_id, received_at, last_delivery_at, attempts, replays, replayed_by, replayed_at,"
            + " payload::text as payload from inbound_event";

    private final JdbcClient jdbc;
    private final DataSource dataSource;
    private volatile boolean migrated;

    public InboundEvents(@Qualifier(InboundDatabase.QUALIFIER) JdbcClient jdbc,
            @Qualifier(InboundDatabase.QUALIFIER) DataSource dataSource) {
        this.jdbc = jdbc;
        this.dataSource = dataSource;
    }

    /** One delivery of an event, as recorded. */
    public record Delivery(String system, String eventId, String type, SignatureVerdict verdict,
            String correlationId, String payload) {}

    @Override
    public void afterSingletonsInstantiated() {
        try {
            migrate();
        } catch (RuntimeException e) {
            log.warn("The inbound event ledger is not reachable yet ({}); it is migrated before its first use",
                    e.getMessage());
        }
    }

    /**
     * Records a delivery whose signature verified: a new event as {@code RECEIVED}, a redelivery counted (attempts,
     * last delivery) and its first verified payload kept. An earlier unverified delivery of the id is superseded.
     *
     * @return the record as it stands now: an {@link InboundEventStatus#ACKNOWLEDGED} status means a duplicate
     */
    public EventRecord record(Delivery delivery) {
        return guarded(() -> jdbc.sql("""
                        insert into inbound_event (system, event_id, type, verdict, status, correlation_id, received_at,
                                                   last_delivery_at, payload)
                        values (:system, :eventId, :type, 'VALID', 'RECEIVED', :correlationId, now(), now(),
                                cast(:payload as jsonb))
                        on conflict (system, event_id) do update set
                            attempts = inbound_event.attempts + 1,
                            last_delivery_at = now(),
                            type = case when inbound_event.verdict = 'VALID' then inbound_event.type else excluded.type end,
                            payload = case when inbound_event.verdict = 'VALID' then inbound_event.payload
                                           else excluded.payload end,
                            status = case when inbound_event.verdict = 'VALID' then inbound_event.status
                                          else 'RECEIVED' end,
                            verdict = 'VALID'
                        returning system, event_id, type, verdict, status, outcome, routed_to, run_id, reason,
                                  correlation_id, received_at, last_delivery_at, attempts, replays, replayed_by,
                                  replayed_at, payload::text as payload
                        """)
                .params(params(delivery))
                .query(InboundEvents::map)
                .single());
    }

    /**
     * Records a delivery refused before it could be routed (signature, timestamp, system): {@code REFUSED} with the
     * problem as reason. It never touches a record of a verified delivery of the same id: an unverified request must
     * not change what a sender's real event did.
     */
    public void recordRefused(Delivery delivery, String problemType, String detail) {
        guarded(() -> jdbc.sql("""
                        insert into inbound_event (system, event_id, type, verdict, status, outcome, reason,
                                                   correlation_id, received_at, last_delivery_at, payload)
                        values (:system, :eventId, :type, :verdict, 'REFUSED', :outcome, :reason, :correlationId,
                                now(), now(), cast(:payload as jsonb))
                        on conflict (system, event_id) do update set
                            attempts = inbound_event.attempts + 1,
                            last_delivery_at = now(),
                            verdict = excluded.verdict,
                            outcome = excluded.outcome,
                            reason = excluded.reason,
                            payload = excluded.payload
                        where inbound_event.verdict <> 'VALID'
                        """)
                .params(params(delivery))
                .param("outcome", problemType)
                .param("reason", truncate(detail))
                .update());
    }

    /** What routing a recorded event came to: its status, the receipt's outcome or problem type, where it went. */
    public void settle(String system, String eventId, InboundEventStatus status, String outcome, String routedTo,
            String runId, String reason) {
        guarded(() -> jdbc.sql("""
                        update inbound_event set status = :status, outcome = :outcome, routed_to = :routedTo,
                            run_id = :runId, reason = :reason
                        where system = :system and event_id = :eventId
                        """)
                .param("status", status.name())
                .param("outcome", outcome)
                .param("routedTo", routedTo)
                .param("runId", runId)
                .param("reason", truncate(reason))
                .param("system", system)
                .param("eventId", eventId)
                .update());
    }

    public Optional<EventRecord> find(String system, String eventId) {
        return guarded(() -> jdbc.sql(COLUMNS + " where system = :system and event_id = :eventId")
                .param("system", system)
                .param("eventId", eventId)
                .query(InboundEvents::map)
                .optional());
    }

    /**
     * Events newest first (received at, then system and event id), each filter optional.
     *
     * @throws dev.o2c.ledger.query.InvalidCursorException when the cursor was not handed out by this list
     */
    public Page<EventRecord> list(InboundEventStatus status, String system, String type, PageRequest page) {
        List<String> where = new ArrayList<>();
        Map<String, Object> params = new LinkedHashMap<>();
        if (status != null) {
            where.add("status = :status");
            params.put("status", status.name());
        }
        if (system != null) {
            where.add("system = :system");
            params.put("system", system);
        }
        if (type != null) {
            where.add("type = :type");
            params.put("type", type);
        }
        if (page.cursor() != null) {
            Cursor cursor = Cursor.decode(CURSOR_KIND, page.cursor());
            EventIds.Key key = EventIds.parse(cursor.key());
            where.add("(received_at, system, event_id) < (:at, :cursorSystem, :cursorEventId)");
            params.put("at", cursor.atUtc());
            params.put("cursorSystem", key.system());
            params.put("cursorEventId", key.eventId());
        }
        params.put("limit", page.limit() + 1);
        String sql = COLUMNS + (where.isEmpty() ? "" : " where " + String.join(" and ", where))
                + " order by received_at desc, system desc, event_id desc limit :limit";
        List<EventRecord> rows = guarded(() -> jdbc.sql(sql).params(params).query(InboundEvents::map).list());
        return Pages.of(rows, page.limit(), last -> Cursor.encode(CURSOR_KIND, last.receivedAt(), last.id()));
    }

    /**
     * The health check: the database answers and the schema is there (cheap at any size).
     *
     * @throws ApiProblem 503 when it does not
     */
    public void ping() {
        guarded(() -> jdbc.sql("select 1 from inbound_event limit 1").query(Integer.class).optional());
    }

    /**
     * Takes a verified event that was not routed ({@link InboundEventStatus#REPLAYABLE}) for a replay by
     * {@code actor}: back to {@code RECEIVED}, the replay counted and its actor and time recorded. Atomic, so two
     * operators cannot replay it at once.
     *
     * @return the event as taken; empty when there is no such event or it is not replayable (look at it to say why)
     */
    public Optional<EventRecord> takeForReplay(String system, String eventId, String actor) {
        return guarded(() -> jdbc.sql("""
                        update inbound_event set status = 'RECEIVED', replays = replays + 1, replayed_by = :actor,
                            replayed_at = now()
                        where system = :system and event_id = :eventId and verdict = 'VALID'
                          and payload is not null and status in ('UNMANAGED', 'REFUSED', 'FAILED')
                        returning system, event_id, type, verdict, status, outcome, routed_to, run_id, reason,
                                  correlation_id, received_at, last_delivery_at, attempts, replays, replayed_by,
                                  replayed_at, payload::text as payload
                        """)
                .param("actor", actor)
                .param("system", system)
                .param("eventId", eventId)
                .query(InboundEvents::map)
                .optional());
    }

    private void migrate() {
        if (!migrated) {
            synchronized (this) {
                if (!migrated) {
                    var result = Flyway.configure().dataSource(dataSource).locations(MIGRATIONS).load().migrate();
                    log.info("Inbound event ledger at schema version {} ({} migrations applied)",
                            result.targetSchemaVersion, result.migrationsExecuted);
                    migrated = true;
                }
            }
        }
    }

    /** Runs a statement once the schema is there; a database failure is a 503, so no webhook is acknowledged. */
    private <T> T guarded(Supplier<T> statement) {
        try {
            migrate();
            return statement.get();
        } catch (DataAccessException | FlywayException e) {
            log.warn("The inbound event ledger is unavailable: {}", e.getMessage());
            throw new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.INBOUND_LEDGER_UNAVAILABLE,
                    "Inbound event ledger unavailable",
                    "The inbound event ledger could not be read or written; try again later (a webhook is"
                            + " redelivered).");
        }
    }

    private static Map<String, Object> params(Delivery delivery) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("system", delivery.system());
        params.put("eventId", delivery.eventId());
        params.put("type", delivery.type());
        params.put("verdict", delivery.verdict().name());
        params.put("correlationId", delivery.correlationId());
        params.put("payload", delivery.payload());
        return params;
    }

    private static String truncate(String text) {
        return text == null || text.length() <= 2000 ? text : text.substring(0, 2000);
    }

    private static EventRecord map(ResultSet rs, int row) throws SQLException {
        return new EventRecord(rs.getString("system"), rs.getString("event_id"), rs.getString("type"),
                SignatureVerdict.valueOf(rs.getString("verdict")), InboundEventStatus.valueOf(rs.getString("status")),
                rs.getString("outcome"), rs.getString("routed_to"), rs.getString("run_id"), rs.getString("reason"),
                rs.getString("correlation_id"), instant(rs.getTimestamp("received_at")),
                instant(rs.getTimestamp("last_delivery_at")), rs.getInt("attempts"), rs.getInt("replays"),
                rs.getString("replayed_by"), instant(rs.getTimestamp("replayed_at")), rs.getString("payload"));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
