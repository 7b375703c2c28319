package dev.o2c.workflows.customer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o2c.workflows.ReplayHistories;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays histories of customer sync recorded from earlier runs against the current code, so a change of its command
 * sequence that is not behind {@code Workflow.getVersion} fails here. Files:
 * {@code src/test/resources/histories/customer-sync/{VERSION}-customer-sync-{scenario}.json}, recorded by
 * {@code ./mvnw -pl workflows test -Dtest=CustomerSyncWorkflowTest -Do2c.recordHistories=true} (test server, fake
 * systems) and, from real runs ({@code *-e2e-*}), by
 * {@code ./mvnw verify -pl devstack -am -Dit.test=CustomerMasterDataE2EIT -Do2c.recordHistories=true}, which writes
 * them to {@code devstack/target/histories/}. Keep the files of every earlier version when the code changes.
 */
class CustomerSyncReplayTest {

    static final String HISTORIES = "histories/customer-sync";
    /** Version tag of histories recorded from the current code. Bump when adding a {@code getVersion} branch. */
    static final String VERSION = "v0";

    private static ReplayHistories replay;

    static List<String> histories() {
        return ReplayHistories.list(HISTORIES);
    }

    @BeforeAll
    static void replayWorker() {
        replay = ReplayHistories.worker(CustomerSyncWorkflowImpl.class);
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
        assertThat(histories()).as("recorded by CustomerSyncWorkflowTest")
                .anyMatch(f -> f.contains("-crm-change-written"))
                .anyMatch(f -> f.contains("-conflict-retried"))
                .anyMatch(f -> f.contains("-conflict-skipped"))
                .anyMatch(f -> f.contains("-events-out-of-order"));
        assertThat(histories()).as("recorded from real runs (CustomerMasterDataE2EIT)")
                .anyMatch(f -> f.contains("-e2e-conflict-retried"));
    }
}
