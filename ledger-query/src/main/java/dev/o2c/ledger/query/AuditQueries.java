package dev.o2c.ledger.query;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Reads the audit trail. Read-only. */
public class AuditQueries {

    /** Upper bound of rows returned for one workflow, so a pathological retry storm cannot blow up a response. */
    public static final int MAX_ROWS = 1000;

    private final JdbcClient jdbc;

    public AuditQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The audit rows of one workflow (every run), in the order they were written; at most {@link #MAX_ROWS}. */
    public List<AuditView> forWorkflow(String workflowId) {
        return jdbc.sql("""
                        select id, at, workflow_id, run_id, step, system, operation, object_ref, idempotency_key,
                               attempt, outcome, http_status, detail, duration_ms, correlation_id
                          from audit
                         where workflow_id = :id
                         order by id
                         limit :max
                        """)
                .param("id", workflowId)
                .param("max", MAX_ROWS)
                .query(AuditQueries::map)
                .list();
    }

    private static AuditView map(ResultSet rs, int row) throws SQLException {
        return new AuditView(
                rs.getLong("id"),
                Rows.instant(rs, "at"),
                rs.getString("workflow_id"),
                rs.getString("run_id"),
                rs.getString("step"),
                rs.getString("system"),
                rs.getString("operation"),
                rs.getString("object_ref"),
                rs.getString("idempotency_key"),
                rs.getInt("attempt"),
                rs.getString("outcome"),
                Rows.nullableInt(rs, "http_status"),
                rs.getString("detail"),
                Rows.nullableLong(rs, "duration_ms"),
                rs.getString("correlation_id"));
    }
}
