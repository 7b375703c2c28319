package dev.o2c.activities.reconciliation;

import dev.o2c.workflows.systems.ReconciliationRunStarted;
import java.sql.Timestamp;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The ledger's {@code reconciliation_run} table (migration {@code V7__reconciliation_run.sql}): one row per run,
 * inserted when it starts and completed when it ends. Both writes are keyed by the run id, so a retried activity
 * leaves the row a single call would have.
 */
final class RunLedger {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcTemplate jdbc;

    RunLedger(DataSource ledger) {
        this.jdbc = new JdbcTemplate(ledger);
    }

    /** Inserts the run as RUNNING; a row already there (a retried call) is left as it is. */
    boolean started(ReconciliationRunStarted run) {
        return jdbc.update("""
                insert into reconciliation_run (run_id, workflow_id, trigger, requested_by, checks, status, started_at)
                values (?, ?, ?, ?, cast(? as jsonb), 'RUNNING', ?)
                on conflict (run_id) do nothing
                """, run.runId(), run.workflowId(), run.trigger(), run.requestedBy(),
                JSON.writeValueAsString(run.checks()), Timestamp.from(run.startedAt())) == 1;
    }

    /**
     * Ends the run: its status, what it closed and why it failed; {@code finished_at} is the first call's time.
     * Answers false when the run has no row (it was never recorded as started).
     */
    boolean finished(String runId, String status, Map<String, Integer> closed, String failure) {
        return jdbc.update("""
                update reconciliation_run
                   set status = ?, closed = cast(? as jsonb), failure = ?, finished_at = coalesce(finished_at, now())
                 where run_id = ?
                """, status, JSON.writeValueAsString(closed == null ? Map.of() : closed), failure, runId) == 1;
    }
}
