package dev.o2c.activities.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o2c.activities.TestDatabases;
import dev.o2c.activities.ledger.LedgerMaintenance.OpenProcess;
import dev.o2c.workflows.common.ProcessStatus;
import dev.o2c.workflows.common.ProcessTransition;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

class LedgerMaintenanceTest {

    private static final long T0 = Instant.parse("2025-03-01T10:00:00Z").toEpochMilli();

    private static JdbcClient jdbc;
    private static LedgerActivitiesImpl ledger;
    private static LedgerMaintenance maintenance;

    @BeforeAll
    static void start() {
        jdbc = JdbcClient.create(TestDatabases.ledger("ledger_maintenance"));
        ledger = new LedgerActivitiesImpl(jdbc);
        maintenance = new LedgerMaintenance(jdbc);
    }

    @BeforeEach
    void clean() {
        jdbc.sql("truncate process, process_run").update();
    }

    @Test
    void listsTheProcessesThatAreNotEnded() {
        record("wf-running", "run-1", 1, ProcessStatus.RUNNING, T0);
        record("wf-parked", "run-2", 2, ProcessStatus.NEEDS_ATTENTION, T0 + 1);
        record("wf-compensating", "run-3", 1, ProcessStatus.COMPENSATING, T0 + 2);
        record("wf-done", "run-4", 1, ProcessStatus.COMPLETED, T0 + 3);
        record("wf-lost", "run-5", 1, ProcessStatus.LOST, T0 + 4);

        assertThat(maintenance.openProcesses()).containsExactly(
                new OpenProcess("wf-running", "run-1", 1, "opportunity-to-project", "opp-wf-running",
                        ProcessStatus.RUNNING),
                new OpenProcess("wf-parked", "run-2", 2, "opportunity-to-project", "opp-wf-parked",
                        ProcessStatus.NEEDS_ATTENTION),
                new OpenProcess("wf-compensating", "run-3", 1, "opportunity-to-project", "opp-wf-compensating",
                        ProcessStatus.COMPENSATING));
    }

    @Test
    void marksARunningProcessAndItsRunLostWithTheReasonOnce() {
        record("wf-1", "run-1", 1, ProcessStatus.NEEDS_ATTENTION, T0);

        assertThat(maintenance.markLost("wf-1", "Temporal has no workflow wf-1")).isTrue();
        assertThat(maintenance.markLost("wf-1", "again")).isFalse();

        assertThat(row("process", "wf-1")).containsEntry("status", "LOST")
                .containsEntry("detail", "Temporal has no workflow wf-1");
        assertThat(row("process_run", "wf-1")).containsEntry("status", "LOST")
                .containsEntry("detail", "Temporal has no workflow wf-1");
        assertThat(maintenance.openProcesses()).isEmpty();
    }

    @Test
    void anEndedOrUnknownProcessIsNotMarked() {
        record("wf-1", "run-1", 1, ProcessStatus.COMPENSATED, T0);

        assertThat(maintenance.markLost("wf-1", "gone")).isFalse();
        assertThat(maintenance.markLost("wf-unknown", "gone")).isFalse();

        assertThat(row("process", "wf-1")).containsEntry("status", "COMPENSATED");
        assertThat(row("process_run", "wf-1")).containsEntry("status", "COMPENSATED");
    }

    @Test
    void aRunStartedSinceTheCheckIsNotMarked() {
        record("wf-1", "run-1", 1, ProcessStatus.ABORTED, T0);
        record("wf-1", "run-2", 2, ProcessStatus.RUNNING, T0 + 1_000);

        assertThat(maintenance.markLost("wf-1", "run-1", "gone")).isFalse();
        assertThat(row("process", "wf-1")).containsEntry("status", "RUNNING");

        assertThat(maintenance.markLost("wf-1", "run-2", "gone")).isTrue();
        assertThat(row("process", "wf-1")).containsEntry("status", "LOST");
        assertThat(jdbc.sql("select run_id || '/' || status from process_run order by run_id").query(String.class)
                .list()).containsExactly("run-1/ABORTED", "run-2/LOST");
    }

    @Test
    void aLateTransitionOfTheLostRunItselfStillWins() {
        // the worker thought the workflow gone, but it was only late: its next transition is the truth
        record("wf-1", "run-1", 1, ProcessStatus.RUNNING, T0);
        maintenance.markLost("wf-1", "gone");

        record("wf-1", "run-1", 1, ProcessStatus.COMPLETED, T0 + 1_000);

        assertThat(row("process", "wf-1")).containsEntry("status", "COMPLETED");
    }

    private static void record(String workflowId, String runId, int incarnation, ProcessStatus status, long at) {
        ledger.recordTransition(new ProcessTransition(workflowId, runId, "opportunity-to-project", "opp-" + workflowId,
                status, "cid", "step", status.name(), Map.of(), at, incarnation));
    }

    private static Map<String, Object> row(String table, String workflowId) {
        return jdbc.sql("select * from " + table + " where workflow_id = :wf order by started_at desc limit 1")
                .param("wf", workflowId).query().singleRow();
    }
}
