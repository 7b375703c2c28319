package dev.o2c.sandbox.platform.faults;

import dev.o2c.sandbox.platform.data.Checks;
import dev.o2c.sandbox.platform.data.Rows;
import dev.o2c.sandbox.platform.web.ApiException;
import dev.o2c.sandbox.platform.web.Correlation;
import dev.o2c.sandbox.platform.web.Ids;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

@Service
public class FaultService {

    private static final String COLUMNS = "id, system, operation, mode, times, remaining, status, latency_ms, "
            + "retry_after_seconds, probability, hits, correlation_id, created_at, updated_at";

    private final JdbcClient jdbc;

    public FaultService(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Fault create(FaultRequest request) {
        Integer status = request.status();
        Integer retryAfter = request.retryAfterSeconds();
        switch (request.mode()) {
            case TRANSIENT -> {
                Checks.start().check(status == null || status >= 500, "status", "must be 5xx for TRANSIENT").orThrow();
                status = status == null ? 503 : status;
                if (retryAfter == null && status == 503) {
                    retryAfter = 1;
                }
            }
            case PERMANENT -> {
                Checks.start().check(status == null || status < 500 && status != 429, "status",
                        "must be 4xx (not 429) for PERMANENT").orThrow();
                status = status == null ? 422 : status;
            }
            case RATE_LIMIT -> {
                Checks.start().check(status == null || status == 429, "status", "is always 429 for RATE_LIMIT").orThrow();
                status = 429;
                if (retryAfter == null) {
                    retryAfter = 1;
                }
            }
            case LATENCY -> Checks.start().required("latencyMs", request.latencyMs()).orThrow();
        }
        String id = Ids.next("flt");
        jdbc.sql("""
                INSERT INTO sandbox.faults (id, system, operation, mode, times, remaining, status, latency_ms,
                    retry_after_seconds, probability, correlation_id)
                VALUES (:id, :system, :operation, :mode, :times, :times, :status, :latencyMs, :retryAfter, :probability,
                    :correlationId)
                """)
                .param("id", id).param("system", request.system()).param("operation", request.operation().trim())
                .param("mode", request.mode().name()).param("times", request.times()).param("status", status)
                .param("latencyMs", request.latencyMs()).param("retryAfter", retryAfter)
                .param("probability", request.probability())
                .param("correlationId", Correlation.current())
                .update();
        return get(id);
    }

    public Fault get(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM sandbox.faults WHERE id = :id").param("id", id)
                .query(FaultService::map).optional().orElseThrow(() -> ApiException.notFound("fault", id));
    }

    public List<Fault> list() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM sandbox.faults ORDER BY created_at, id").query(FaultService::map).list();
    }

    public void delete(String id) {
        if (jdbc.sql("DELETE FROM sandbox.faults WHERE id = :id").param("id", id).update() == 0) {
            throw ApiException.notFound("fault", id);
        }
    }

    public int deleteAll() {
        return jdbc.sql("DELETE FROM sandbox.faults").update();
    }

    /**
     * Takes one call from the oldest active fault matching the system and operation (or {@code *}), atomically,
     * so {@code times} is exact under concurrency. A fault with a {@code probability} is drawn for once per call
     * ({@code random()} is evaluated per row); when it spares the call, the next matching fault is considered.
     */
    public Optional<Fault> consume(String system, String operation) {
        return jdbc.sql("""
                UPDATE sandbox.faults
                   SET remaining = remaining - 1, hits = hits + 1, updated_at = now()
                 WHERE id = (SELECT id FROM sandbox.faults
                              WHERE system = :system AND (operation = :operation OR operation = '*')
                                AND (remaining IS NULL OR remaining > 0)
                                AND (probability IS NULL OR random() < probability)
                              ORDER BY created_at, id
                              LIMIT 1
                              FOR UPDATE)
                   AND (remaining IS NULL OR remaining > 0)
                RETURNING\s""" + COLUMNS)
                .param("system", system).param("operation", operation)
                .query(FaultService::map).optional();
    }

    private static Fault map(ResultSet rs, int row) throws SQLException {
        Integer remaining = Rows.integer(rs, "remaining");
        return new Fault(rs.getString("id"), rs.getString("system"), rs.getString("operation"),
                FaultMode.valueOf(rs.getString("mode")), Rows.integer(rs, "times"), remaining,
                Rows.integer(rs, "status"), Rows.integer(rs, "latency_ms"), Rows.integer(rs, "retry_after_seconds"),
                (Double) rs.getObject("probability"), rs.getInt("hits"), remaining == null || remaining > 0, rs.getString("correlation_id"),
                Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"));
    }
}
