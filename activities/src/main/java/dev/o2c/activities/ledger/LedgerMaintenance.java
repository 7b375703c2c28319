package dev.o2c.activities.ledger;

import dev.o2c.workflows.common.ProcessStatus;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Ledger writes that no workflow makes: plain Java for the worker (not an activity). At startup the worker lists the
 * processes the ledger still believes open ({@link #openProcesses}), asks Temporal about each run, and marks the ones
 * whose workflow the server no longer has (e.g. the in-memory test server restarted) {@link ProcessStatus#LOST}
 * ({@link #markLost}). An operator may then start the process again (a new incarnation).
 */
@Component
public class LedgerMaintenance {

    private static final Logger log = LoggerFactory.getLogger(LedgerMaintenance.class);

    /** The statuses a workflow is still responsible for: only these can become LOST. */
    static final List<String> OPEN_STATUSES = List.of(ProcessStatus.RUNNING.name(),
            ProcessStatus.NEEDS_ATTENTION.name(), ProcessStatus.COMPENSATING.name());

    private final JdbcClient jdbc;

    public LedgerMaintenance(JdbcClient jdbc) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
    }

    /**
     * A process the ledger shows as not ended (RUNNING, NEEDS_ATTENTION, COMPENSATING): the run its row follows.
     *
     * @param runId the run id as recorded (empty when a pre-run-id row had none)
     */
    public record OpenProcess(String workflowId, String runId, int incarnation, String processType,
            String businessKey, ProcessStatus status) {}

    /** Every process whose newest run the ledger shows as not ended, oldest first. Read-only. */
    public List<OpenProcess> openProcesses() {
        return jdbc.sql("""
                select workflow_id, coalesce(run_id, '') as run_id, incarnation, process_type, business_key, status
                  from process
                 where status in (:open)
                 order by started_at, workflow_id
                """)
                .param("open", OPEN_STATUSES)
                .query((rs, n) -> new OpenProcess(rs.getString("workflow_id"), rs.getString("run_id"),
                        rs.getInt("incarnation"), rs.getString("process_type"), rs.getString("business_key"),
                        ProcessStatus.valueOf(rs.getString("status"))))
                .list();
    }

    /**
     * Marks the process and its current run {@link ProcessStatus#LOST} with {@code reason} as detail, only if it is
     * still RUNNING, NEEDS_ATTENTION or COMPENSATING. Idempotent; a process that ended meanwhile, or is unknown,
     * is left as it is.
     *
     * @return true when the process was marked
     */
    public boolean markLost(String workflowId, String reason) {
        return markLost(workflowId, null, reason);
    }

    /**
     * As {@link #markLost(String, String)}, but only while the process row still follows run {@code runId} (as
     * {@link #openProcesses} answered it): a run started since the check is not marked.
     *
     * @param runId the run found missing; null for whatever run the process row follows
     */
    public boolean markLost(String workflowId, String runId, String reason) {
        Objects.requireNonNull(workflowId, "workflowId");
        long marked = jdbc.sql("""
                with lost as (
                    update process
                       set status = 'LOST', detail = :reason, updated_at = greatest(updated_at, now())
                     where workflow_id = :workflowId
                       and (cast(:runId as text) is null or coalesce(run_id, '') = :runId)
                       and status in (:open)
                    returning workflow_id, coalesce(run_id, '') as run_id
                ),
                lost_run as (
                    update process_run
                       set status = 'LOST', detail = :reason, updated_at = greatest(process_run.updated_at, now())
                      from lost
                     where process_run.workflow_id = lost.workflow_id
                       and process_run.run_id = lost.run_id
                       and process_run.status in (:open)
                    returning process_run.run_id
                )
                select count(*) from lost
                """)
                .param("workflowId", workflowId)
                .param("runId", runId)
                .param("reason", reason)
                .param("open", OPEN_STATUSES)
                .query(Long.class)
                .single();
        if (marked > 0) {
            log.warn("process {} marked LOST: {}", workflowId, reason);
        } else {
            log.info("process {} not marked LOST: unknown, or no longer running (run {})", workflowId, runId);
        }
        return marked > 0;
    }
}
