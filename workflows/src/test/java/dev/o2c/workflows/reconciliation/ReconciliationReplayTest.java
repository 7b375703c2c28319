package dev.o2c.workflows.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o2c.workflows.ReplayHistories;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays histories of the reconciliation workflow and its scheduler recorded from earlier runs against the current
 * code, so a change of their command sequence that is not behind {@code Workflow.getVersion} fails here. Files:
 * {@code src/test/resources/histories/reconciliation/{VERSION}-reconciliation-{scenario}.json} (a run continued as
 * new: one file per execution, {@code -1-of-3} …) and {@code {VERSION}-reconciliation-scheduler-{scenario}.json} (one
 * execution of the scheduler each), recorded by
 * {@code ./mvnw -pl workflows test -Dtest='Reconciliation*WorkflowTest' -Do2c.recordHistories=true} (test server,
 * mocked activities, a stand-in reconciliation under the scheduler). Keep the files of every earlier version when the
 * code changes.
 */
class ReconciliationReplayTest {

    static final String HISTORIES = "histories/reconciliation";
    /** Version tag of histories recorded from the current code. Bump when adding a {@code getVersion} branch. */
    static final String VERSION = "v0";

    private static ReplayHistories replay;

    static List<String> histories() {
        return ReplayHistories.list(HISTORIES);
    }

    @BeforeAll
    static void replayWorker() {
        replay = ReplayHistories.worker(ReconciliationWorkflowImpl.class, ReconciliationSchedulerWorkflowImpl.class);
    }

    @AfterAll
    static void closeReplayEnvironment() {
        replay.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("histories")
    void replaysWithoutNonDeterminism(String history) throws Exception {
        replay.replay(HISTORIES, history);
    }

    @Test
    void historiesCoverTheProcess() {
        List<String> files = histories();
        assertThat(files).as("recorded by ReconciliationWorkflowTest")
                .anyMatch(f -> f.contains("-reconciliation-completed"))
                .anyMatch(f -> f.contains("-reconciliation-continued-as-new-1-of-"))
                .anyMatch(f -> f.contains("-reconciliation-continued-as-new-3-of-3"))
                .anyMatch(f -> f.contains("-reconciliation-page-failed"))
                .anyMatch(f -> f.contains("-reconciliation-cancelled"));
        assertThat(files).as("recorded by ReconciliationSchedulerWorkflowTest")
                .anyMatch(f -> f.contains("-reconciliation-scheduler-tick-started"))
                .anyMatch(f -> f.contains("-reconciliation-scheduler-tick-skipped"))
                .anyMatch(f -> f.contains("-reconciliation-scheduler-rescheduled"))
                .anyMatch(f -> f.contains("-reconciliation-scheduler-stopped"))
                .anyMatch(f -> f.contains("-reconciliation-scheduler-once"));
    }
}
