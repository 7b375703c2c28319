package dev.o2c.sandbox.platform.webhooks;

import dev.o2c.sandbox.platform.data.Rows;
import dev.o2c.sandbox.platform.web.ApiException;
import dev.o2c.sandbox.platform.web.Correlation;
import dev.o2c.sandbox.platform.web.Ids;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * The transactional outbox: {@link #publish} writes the event in the caller's transaction (the request's), so an
 * event exists if and only if its change committed. {@link WebhookDispatcher} delivers it later.
 */
@Service
public class EventOutbox {

    static final String COLUMNS = "id, system, type, body, status, attempts, next_attempt_at, last_attempt_at, "
            + "last_error, delivered_at, correlation_id, created_at, updated_at";

    private final JdbcClient jdbc;
    private final JsonMapper mapper;

    public EventOutbox(JdbcClient jdbc, JsonMapper mapper) {
        this.jdbc = jdbc;
        this.mapper = mapper;
    }

    /** Records {@code {"id", "type", "system", "occurredAt", "data"}} for delivery; returns the event id. */
    public String publish(String system, String type, Map<String, ?> data) {
        String id = Ids.next("evt");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put("type", type);
        body.put("system", system);
        body.put("occurredAt", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
        body.put("data", data);
        jdbc.sql("""
                INSERT INTO sandbox.events (id, system, type, body, correlation_id)
                VALUES (:id, :system, :type, :body, :correlationId)
                """)
                .param("id", id).param("system", system).param("type", type)
                .param("body", mapper.writeValueAsString(body)).param("correlationId", Correlation.current())
                .update();
        return id;
    }

    public List<Event> list(String status, String type) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM sandbox.events WHERE (CAST(:status AS text) IS NULL OR status = :status)"
                        + " AND (CAST(:type AS text) IS NULL OR type = :type) ORDER BY created_at, id")
                .param("status", status).param("type", type).query(this::map).list();
    }

    public Event get(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM sandbox.events WHERE id = :id").param("id", id)
                .query(this::map).optional().orElseThrow(() -> ApiException.notFound("event", id));
    }

    /** Queues the event again, now, with the same id and body (delivered or not). */
    public Event redeliver(String id) {
        int updated = jdbc.sql("""
                UPDATE sandbox.events SET status = 'PENDING', next_attempt_at = now(), updated_at = now()
                 WHERE id = :id
                """).param("id", id).update();
        if (updated == 0) {
            throw ApiException.notFound("event", id);
        }
        return get(id);
    }

    Event map(ResultSet rs, int row) throws SQLException {
        return new Event(rs.getString("id"), rs.getString("system"), rs.getString("type"), rs.getString("status"),
                rs.getInt("attempts"), Rows.instant(rs, "next_attempt_at"), Rows.instant(rs, "last_attempt_at"),
                rs.getString("last_error"), Rows.instant(rs, "delivered_at"), rs.getString("correlation_id"),
                Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"), mapper.readTree(rs.getString("body")));
    }
}
