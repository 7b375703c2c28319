package dev.o2c.ledger.query;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Reads the process projection. Read-only. */
public class ProcessQueries {

    private static final String CURSOR_KIND = "p";
    private static final String COLUMNS = """
            select workflow_id, run_id, process_type, business_key, status, correlation_id, current_step, detail,
                   array(select key from jsonb_each_text(created_ids)
                         order by array_position(created_ids_order, key) nulls last, key) as id_keys,
                   array(select value from jsonb_each_text(created_ids)
                         order by array_position(created_ids_order, key) nulls last, key) as id_values,
                   started_at, updated_at, incarnation
              from process
            """;

    private final JdbcClient jdbc;

    public ProcessQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<ProcessView> find(String workflowId) {
        return jdbc.sql(COLUMNS + " where workflow_id = :id")
                .param("id", workflowId)
                .query(ProcessQueries::map)
                .optional();
    }

    /** Every recorded run of the workflow id (its incarnations, and restarts of lost runs), newest first. */
    public List<RunView> runs(String workflowId) {
        return jdbc.sql("""
                        select workflow_id, run_id, incarnation, status, current_step, detail, started_at, updated_at
                          from process_run
                         where workflow_id = :id
                         order by started_at desc, incarnation desc, run_id desc
                        """)
                .param("id", workflowId)
                .query((rs, row) -> new RunView(
                        rs.getString("workflow_id"),
                        rs.getString("run_id"),
                        rs.getInt("incarnation"),
                        rs.getString("status"),
                        rs.getString("current_step"),
                        rs.getString("detail"),
                        Rows.instant(rs, "started_at"),
                        Rows.instant(rs, "updated_at")))
                .list();
    }

    /**
     * Processes newest first (by start time, then workflow id).
     *
     * @param processType exact process type, or null for all
     * @param status exact status name, or null for all
     * @throws InvalidCursorException when the cursor was not handed out by this list
     */
    public Page<ProcessView> list(String processType, String status, PageRequest page) {
        return list(new ProcessFilter(processType, status, null, null, null), page);
    }

    /**
     * Processes newest first (by start time, then workflow id), filtered as the operations console asks.
     *
     * @throws InvalidCursorException when the cursor was not handed out by this list
     */
    public Page<ProcessView> list(ProcessFilter filter, PageRequest page) {
        List<String> where = new ArrayList<>();
        Map<String, Object> params = new LinkedHashMap<>();
        if (filter.processType() != null) {
            where.add("process_type = :type");
            params.put("type", filter.processType());
        }
        if (filter.status() != null) {
            where.add("status = :status");
            params.put("status", filter.status());
        }
        if (filter.owner() != null) {
            where.add("exists (select 1 from exception_record e where e.workflow_id = process.workflow_id"
                    + " and e.status = 'OPEN' and e.owner_team = :owner)");
            params.put("owner", filter.owner());
        }
        if (filter.startedBefore() != null) {
            where.add("started_at < :before");
            params.put("before", OffsetDateTime.ofInstant(filter.startedBefore(), ZoneOffset.UTC));
        }
        if (filter.businessId() != null) {
            where.add("(workflow_id = :q or business_key = :q"
                    + " or exists (select 1 from jsonb_each_text(created_ids) c where c.value = :q)"
                    + " or exists (select 1 from audit a where a.workflow_id = process.workflow_id"
                    + " and a.object_ref = :q))");
            params.put("q", filter.businessId());
        }
        if (page.cursor() != null) {
            Cursor cursor = Cursor.decode(CURSOR_KIND, page.cursor());
            where.add("(started_at, workflow_id) < (:at, :key)");
            params.put("at", cursor.atUtc());
            params.put("key", cursor.key());
        }
        String sql = COLUMNS
                + (where.isEmpty() ? "" : " where " + String.join(" and ", where))
                + " order by started_at desc, workflow_id desc limit :limit";
        params.put("limit", page.limit() + 1);
        List<ProcessView> rows = jdbc.sql(sql).params(params).query(ProcessQueries::map).list();
        return Pages.of(rows, page.limit(), last -> Cursor.encode(CURSOR_KIND, last.startedAt(), last.workflowId()));
    }

    private static ProcessView map(ResultSet rs, int row) throws SQLException {
        return new ProcessView(
                rs.getString("workflow_id"),
                rs.getString("run_id"),
                rs.getString("process_type"),
                rs.getString("business_key"),
                rs.getString("status"),
                rs.getString("correlation_id"),
                rs.getString("current_step"),
                rs.getString("detail"),
                Rows.textMap(rs, "id_keys", "id_values"),
                Rows.instant(rs, "started_at"),
                Rows.instant(rs, "updated_at"),
                rs.getInt("incarnation"));
    }
}
