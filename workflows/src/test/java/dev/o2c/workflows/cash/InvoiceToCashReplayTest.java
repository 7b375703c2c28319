package dev.o2c.workflows.cash;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o2c.workflows.ReplayHistories;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays histories of invoice-to-cash recorded from earlier runs against the current code, so a change of its command
 * sequence that is not behind {@code Workflow.getVersion} fails here. Files:
 * {@code src/test/resources/histories/invoice-to-cash/{VERSION}-invoice-to-cash-{scenario}.json}, recorded by
 * {@code ./mvnw -pl workflows test -Dtest=InvoiceToCashWorkflowTest -Do2c.recordHistories=true} (test server, mocked
 * systems) and, from real runs ({@code *-e2e-*}), by
 * {@code ./mvnw verify -pl devstack -am -Dit.test=InvoiceToCashE2EIT -Do2c.recordHistories=true}, which writes them
 * to {@code devstack/target/histories/}. Keep the files of every earlier version when the code changes.
 */
class InvoiceToCashReplayTest {

    static final String HISTORIES = "histories/invoice-to-cash";
    /** Version tag of histories recorded from the current code. Bump when adding a {@code getVersion} branch. */
    static final String VERSION = "v0";

    private static ReplayHistories replay;

    static List<String> histories() {
        return ReplayHistories.list(HISTORIES);
    }

    @BeforeAll
    static void replayWorker() {
        replay = ReplayHistories.worker(InvoiceToCashWorkflowImpl.class);
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
    void historiesCoverTheProcess() throws Exception {
        List<String> files = histories();
        assertThat(files).as("recorded by InvoiceToCashWorkflowTest")
                .anyMatch(f -> f.contains("-dunning-collections-paid"))
                .anyMatch(f -> f.contains("-dispute-upheld"))
                .anyMatch(f -> f.contains("-void"));
        assertThat(files).as("recorded from real runs (InvoiceToCashE2EIT)").anyMatch(f -> f.contains("-e2e-"));
    }
}
