package dev.o2c.ledger.query;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Reads the exception queue. Read-only. */
public class ExceptionQueries {

    private static final String CURSOR_KIND = "e";
    private static final String COLUMNS = """
            select id, workflow_id, run_id, process_type, business_key, step, owner_team, failure_type, cause,
                   payload::text as payload, skippable, status, resolution, resolved_by, resolution_note,
                   correlation_id, opened_at, abort_at, resolved_at
              from exception_record
            """;

    private final JdbcClient jdbc;

    public ExceptionQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<ExceptionView> find(String id) {
        return jdbc.sql(COLUMNS + " where id = :id").param("id", id).query(ExceptionQueries::map).optional();
    }

    /**
     * Exception records newest first (by the time the process parked, then id).
     *
     * @param status {@code OPEN}, {@code RESOLVED}, or null for all
     * @param ownerTeam owner team code ({@code finance-ops}, ...), or null for all
     * @throws InvalidCursorException when the cursor was not handed out by this list
     */
    public Page<ExceptionView> list(String status, String ownerTeam, PageRequest page) {
        List<String> where = new ArrayList<>();
        Map<String, Object> params = new LinkedHashMap<>();
        if (status != null) {
            where.add("status = :status");
            params.put("status", status);
        }
        if (ownerTeam != null) {
            where.add("owner_team = :owner");
            params.put("owner", ownerTeam);
        }
        if (page.cursor() != null) {
            Cursor cursor = Cursor.decode(CURSOR_KIND, page.cursor());
            where.add("(opened_at, id) < (:at, :key)");
            params.put("at", cursor.atUtc());
            params.put("key", cursor.key());
        }
        String sql = COLUMNS
                + (where.isEmpty() ? "" : " where " + String.join(" and ", where))
                + " order by opened_at desc, id desc limit :limit";
        params.put("limit", page.limit() + 1);
        List<ExceptionView> rows = jdbc.sql(sql).params(params).query(ExceptionQueries::map).list();
        return Pages.of(rows, page.limit(), last -> Cursor.encode(CURSOR_KIND, last.openedAt(), last.id()));
    }

    private static ExceptionView map(ResultSet rs, int row) throws SQLException {
        return new ExceptionView(
                rs.getString("id"),
                rs.getString("workflow_id"),
                rs.getString("run_id"),
                rs.getString("process_type"),
                rs.getString("business_key"),
                rs.getString("step"),
                rs.getString("owner_team"),
                rs.getString("failure_type"),
                rs.getString("cause"),
                rs.getString("payload"),
                rs.getBoolean("skippable"),
                rs.getString("status"),
                rs.getString("resolution"),
                rs.getString("resolved_by"),
                rs.getString("resolution_note"),
                rs.getString("correlation_id"),
                Rows.instant(rs, "opened_at"),
                Rows.instant(rs, "abort_at"),
                Rows.instant(rs, "resolved_at"));
    }
}
