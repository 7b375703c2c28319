package dev.o2c.ledger.query;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Reads reconciliation runs and discrepancies (docs/processes.md, "Reconciliation"): the report of a run is its
 * {@code reconciliation_run} row, its {@code reconciliation_page} rows summed per check and the {@code discrepancy}
 * rows it opened or closed, so it outlives Temporal's retention. Read-only.
 */
public class ReconciliationQueries {

    private static final String RUN_CURSOR = "r";
    private static final String DISCREPANCY_CURSOR = "d";
    private static final String RUN_COLUMNS = """
            select run_id, workflow_id, trigger, requested_by, status, started_at, finished_at, failure,
                   array(select jsonb_array_elements_text(checks)) as checks
              from reconciliation_run
            """;
    private static final String DISCREPANCY_COLUMNS = """
            select id, fingerprint, check_name, kind, owner_team, subject_id, cause, status, first_run_id,
                   last_run_id, closed_run_id, opened_at, last_seen_at, closed_at,
                   array(select o ->> 'system' from jsonb_array_elements(objects) with ordinality as t(o, n)
                         order by n) as object_systems,
                   array(select o ->> 'type' from jsonb_array_elements(objects) with ordinality as t(o, n)
                         order by n) as object_types,
                   array(select o ->> 'id' from jsonb_array_elements(objects) with ordinality as t(o, n)
                         order by n) as object_ids
              from discrepancy d
            """;

    private final JdbcClient jdbc;

    public ReconciliationQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The run's report; empty when the ledger has no row of it (not started, or its first activity not run yet). */
    public Optional<ReconciliationRunView> findRun(String runId) {
        Optional<RunRow> row = jdbc.sql(RUN_COLUMNS + " where run_id = :id").param("id", runId)
                .query(ReconciliationQueries::runRow).optional();
        return row.map(r -> summarize(List.of(r)).getFirst());
    }

    /**
     * Runs newest first (by start time, then run id), each with its report.
     *
     * @throws InvalidCursorException when the cursor was not handed out by this list
     */
    public Page<ReconciliationRunView> listRuns(PageRequest page) {
        Map<String, Object> params = new LinkedHashMap<>();
        String where = "";
        if (page.cursor() != null) {
            Cursor cursor = Cursor.decode(RUN_CURSOR, page.cursor());
            where = " where (started_at, run_id) < (:at, :key)";
            params.put("at", cursor.atUtc());
            params.put("key", cursor.key());
        }
        params.put("limit", page.limit() + 1);
        List<RunRow> rows = jdbc.sql(RUN_COLUMNS + where + " order by started_at desc, run_id desc limit :limit")
                .params(params).query(ReconciliationQueries::runRow).list();
        Page<RunRow> runs = Pages.of(rows, page.limit(),
                last -> Cursor.encode(RUN_CURSOR, last.startedAt(), last.runId()));
        return new Page<>(summarize(runs.items()), runs.nextCursor());
    }

    /**
     * Discrepancies newest first (by the time they opened, then id).
     *
     * @param filter what to list; every field null: all
     * @throws InvalidCursorException when the cursor was not handed out by this list
     */
    public Page<DiscrepancyView> discrepancies(DiscrepancyFilter filter, PageRequest page) {
        List<String> where = new ArrayList<>();
        Map<String, Object> params = new LinkedHashMap<>();
        if (filter.runId() != null) {
            // what the run saw: the rows of its checks opened by it or before it and not closed before it (run ids
            // sort as their start times). For a finished run these are the rows it found, skipped or closed.
            where.add("""
                    check_name in (select jsonb_array_elements_text(checks) from reconciliation_run
                                    where run_id = :run)
                    and first_run_id collate "C" <= :run
                    and (closed_run_id is null or closed_run_id collate "C" >= :run)""");
            params.put("run", filter.runId());
        }
        if (filter.kind() != null) {
            where.add("kind = :kind");
            params.put("kind", filter.kind());
        }
        if (filter.status() != null) {
            where.add("status = :status");
            params.put("status", filter.status());
        }
        if (filter.ownerTeam() != null) {
            where.add("owner_team = :owner");
            params.put("owner", filter.ownerTeam());
        }
        if (filter.check() != null) {
            where.add("check_name = :check");
            params.put("check", filter.check());
        }
        if (page.cursor() != null) {
            Cursor cursor = Cursor.decode(DISCREPANCY_CURSOR, page.cursor());
            where.add("(opened_at, id) < (:at, :key)");
            params.put("at", cursor.atUtc());
            params.put("key", cursor.key());
        }
        String sql = DISCREPANCY_COLUMNS
                + (where.isEmpty() ? "" : " where " + String.join(" and ", where))
                + " order by opened_at desc, id desc limit :limit";
        params.put("limit", page.limit() + 1);
        List<DiscrepancyView> rows = jdbc.sql(sql).params(params).query(ReconciliationQueries::discrepancy).list();
        return Pages.of(rows, page.limit(),
                last -> Cursor.encode(DISCREPANCY_CURSOR, last.openedAt(), last.id()));
    }

    /**
     * What to list.
     *
     * @param runId the discrepancies of one run (see {@link #discrepancies}); null: every run's
     * @param kind a {@code DiscrepancyKind} name
     * @param status {@code OPEN}, {@code ACKNOWLEDGED} or {@code CLOSED}
     * @param ownerTeam {@code finance-ops}, …
     * @param check {@code receivables}, …
     */
    public record DiscrepancyFilter(String runId, String kind, String status, String ownerTeam, String check) {

        public static DiscrepancyFilter all() {
            return new DiscrepancyFilter(null, null, null, null, null);
        }
    }

    // ------------------------------------------------------------------------------------------------ internals

    private record RunRow(String runId, String workflowId, String trigger, String requestedBy, String status,
            java.time.Instant startedAt, java.time.Instant finishedAt, String failure, List<String> checks) {}

    private record PageSum(long checked, long skipped, int pages, boolean finished) {}

    /** The reports of {@code runs}, in their order: four queries for all of them. */
    private List<ReconciliationRunView> summarize(List<RunRow> runs) {
        if (runs.isEmpty()) {
            return List.of();
        }
        List<String> ids = runs.stream().map(RunRow::runId).toList();
        Map<String, PageSum> sums = new HashMap<>();
        jdbc.sql("""
                        select run_id, check_name, count(*) as pages, sum(checked) as checked,
                               sum(skipped) as skipped, bool_or(next_key is null) as finished
                          from reconciliation_page
                         where run_id in (:ids)
                         group by run_id, check_name
                        """)
                .param("ids", ids)
                .query(rs -> {
                    sums.put(rs.getString("run_id") + "|" + rs.getString("check_name"), new PageSum(
                            rs.getLong("checked"), rs.getLong("skipped"), rs.getInt("pages"),
                            rs.getBoolean("finished")));
                });
        Map<String, Map<String, Integer>> found = counts("""
                select p.run_id || '|' || p.check_name as k, f.key as kind, sum(f.value::int) as n
                  from reconciliation_page p, jsonb_each_text(p.found) f
                 where p.run_id in (:ids)
                 group by p.run_id, p.check_name, f.key
                """, ids);
        Map<String, Map<String, Integer>> opened = counts("""
                select first_run_id as k, kind, count(*) as n from discrepancy
                 where first_run_id in (:ids) group by first_run_id, kind
                """, ids);
        Map<String, Map<String, Integer>> closed = counts("""
                select closed_run_id as k, kind, count(*) as n from discrepancy
                 where closed_run_id in (:ids) group by closed_run_id, kind
                """, ids);
        List<ReconciliationRunView> views = new ArrayList<>();
        for (RunRow run : runs) {
            List<ReconciliationRunView.CheckSummary> checks = new ArrayList<>();
            for (String check : run.checks()) {
                String key = run.runId() + "|" + check;
                PageSum sum = sums.getOrDefault(key, new PageSum(0, 0, 0, false));
                checks.add(new ReconciliationRunView.CheckSummary(check, sum.checked(), sum.skipped(), sum.pages(),
                        sum.finished(), found.getOrDefault(key, Map.of())));
            }
            views.add(new ReconciliationRunView(run.runId(), run.workflowId(), run.trigger(), run.requestedBy(),
                    run.status(), run.startedAt(), run.finishedAt(), checks,
                    opened.getOrDefault(run.runId(), Map.of()), closed.getOrDefault(run.runId(), Map.of()),
                    run.failure()));
        }
        return views;
    }

    /** {@code k → kind → n} from a query selecting {@code k, kind, n}; kinds in name order. */
    private Map<String, Map<String, Integer>> counts(String sql, List<String> ids) {
        Map<String, Map<String, Integer>> counts = new HashMap<>();
        jdbc.sql(sql).param("ids", ids).query(rs -> {
            counts.computeIfAbsent(rs.getString("k"), k -> new TreeMap<>())
                    .merge(rs.getString("kind"), rs.getInt("n"), Integer::sum);
        });
        return counts;
    }

    private static RunRow runRow(ResultSet rs, int row) throws SQLException {
        return new RunRow(
                rs.getString("run_id"),
                rs.getString("workflow_id"),
                rs.getString("trigger"),
                rs.getString("requested_by"),
                rs.getString("status"),
                Rows.instant(rs, "started_at"),
                Rows.instant(rs, "finished_at"),
                rs.getString("failure"),
                strings(rs.getArray("checks")));
    }

    private static DiscrepancyView discrepancy(ResultSet rs, int row) throws SQLException {
        List<String> systems = strings(rs.getArray("object_systems"));
        List<String> types = strings(rs.getArray("object_types"));
        List<String> ids = strings(rs.getArray("object_ids"));
        List<DiscrepancyView.ObjectRef> objects = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            objects.add(new DiscrepancyView.ObjectRef(systems.get(i), types.get(i), ids.get(i)));
        }
        return new DiscrepancyView(
                rs.getString("id"),
                rs.getString("fingerprint"),
                rs.getString("check_name"),
                rs.getString("kind"),
                rs.getString("owner_team"),
                rs.getString("subject_id"),
                rs.getString("cause"),
                objects,
                rs.getString("status"),
                rs.getString("first_run_id"),
                rs.getString("last_run_id"),
                rs.getString("closed_run_id"),
                Rows.instant(rs, "opened_at"),
                Rows.instant(rs, "last_seen_at"),
                Rows.instant(rs, "closed_at"));
    }

    private static List<String> strings(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        List<String> values = new ArrayList<>();
        for (Object value : (Object[]) array.getArray()) {
            values.add(value == null ? null : value.toString());
        }
        return values;
    }
}
