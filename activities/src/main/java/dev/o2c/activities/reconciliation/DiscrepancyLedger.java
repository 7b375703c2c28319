package dev.o2c.activities.reconciliation;

import dev.o2c.workflows.systems.CheckPage;
import java.sql.PreparedStatement;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The ledger's {@code discrepancy} and {@code reconciliation_page} tables (migration {@code V6__reconciliation.sql}):
 * one open row per fingerprint, refreshed by every run that finds it again, closed by the first finished run that
 * does not. A page is written in one transaction, so a retried page leaves the same rows as a single one.
 */
final class DiscrepancyLedger {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    DiscrepancyLedger(DataSource ledger) {
        this.jdbc = new JdbcTemplate(ledger);
        this.tx = new TransactionTemplate(new JdbcTransactionManager(ledger));
    }

    /**
     * Records one page: opens or refreshes what it found, keeps the open discrepancies of the subjects it skipped
     * (not looked at is not fixed), and stores the page's counts under its cursor.
     */
    void recordPage(String runId, String after, CheckPage page, List<Found> found, Collection<String> skipped) {
        tx.executeWithoutResult(status -> {
            jdbc.batchUpdate("""
                    insert into discrepancy (id, fingerprint, check_name, kind, owner_team, subject_id, cause, objects,
                                             first_run_id, last_run_id, opened_at, last_seen_at)
                    values (?, ?, ?, ?, ?, ?, ?, cast(? as jsonb), ?, ?, now(), now())
                    on conflict (fingerprint) where status <> 'CLOSED'
                    do update set cause = excluded.cause, objects = excluded.objects,
                                  last_run_id = excluded.last_run_id, last_seen_at = excluded.last_seen_at
                    """, found, 500, (ps, f) -> {
                ps.setString(1, "dsc_" + UUID.randomUUID().toString().replace("-", ""));
                ps.setString(2, f.fingerprint());
                ps.setString(3, f.kind().check().code());
                ps.setString(4, f.kind().name());
                ps.setString(5, f.kind().owner().code());
                ps.setString(6, f.subjectId());
                ps.setString(7, f.cause());
                ps.setString(8, JSON.writeValueAsString(f.objects()));
                ps.setString(9, runId);
                ps.setString(10, runId);
            });
            if (!skipped.isEmpty()) {
                jdbc.update(connection -> {
                    PreparedStatement ps = connection.prepareStatement("""
                            update discrepancy set last_run_id = ?, last_seen_at = now()
                             where status <> 'CLOSED' and check_name = ? and subject_id = any(?)
                            """);
                    ps.setString(1, runId);
                    ps.setString(2, page.check());
                    ps.setArray(3, connection.createArrayOf("text", skipped.toArray()));
                    return ps;
                });
            }
            jdbc.update("""
                    insert into reconciliation_page (run_id, check_name, after_key, checked, skipped, found, next_key,
                                                     recorded_at)
                    values (?, ?, ?, ?, ?, cast(? as jsonb), ?, now())
                    on conflict (run_id, check_name, after_key)
                    do update set checked = excluded.checked, skipped = excluded.skipped, found = excluded.found,
                                  next_key = excluded.next_key, recorded_at = excluded.recorded_at
                    """, runId, page.check(), after == null ? "" : after, page.checked(), page.skipped(),
                    JSON.writeValueAsString(page.found()), page.next());
        });
    }

    /** Closes the open discrepancies of {@code checks} that {@code runId} neither found nor skipped; counts by kind. */
    Map<String, Integer> closeNotSeen(String runId, List<String> checks) {
        List<String> kinds = jdbc.query(connection -> {
            PreparedStatement ps = connection.prepareStatement("""
                    update discrepancy set status = 'CLOSED', closed_at = now(), closed_run_id = ?
                     where status <> 'CLOSED' and check_name = any(?) and last_run_id <> ?
                    returning kind
                    """);
            ps.setString(1, runId);
            ps.setArray(2, connection.createArrayOf("text", checks.toArray()));
            ps.setString(3, runId);
            return ps;
        }, (rs, n) -> rs.getString("kind"));
        Map<String, Integer> closed = new TreeMap<>();
        kinds.forEach(kind -> closed.merge(kind, 1, Integer::sum));
        return closed;
    }
}
