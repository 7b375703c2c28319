package dev.o2c.workflows.billing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o2c.workflows.ReplayHistories;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays histories of the project-to-billing workflows (project billing, billing runs) recorded from earlier runs
 * against the current code, so a change of their command sequence that is not behind {@code Workflow.getVersion}
 * fails here. Files: {@code src/test/resources/histories/project-to-billing/{VERSION}-{workflow}-{scenario}.json},
 * recorded by {@code ./mvnw -pl workflows test -Dtest=ProjectBillingWorkflowTest -Do2c.recordHistories=true} (test
 * server, mocked systems) and, from real runs on the local stack ({@code *-e2e-*}), by
 * {@code ./mvnw verify -pl devstack -am -Dit.test=BillingE2EIT -Do2c.recordHistories=true}, which writes them to
 * {@code devstack/target/histories/}. Keep the files of every earlier version when the code changes.
 */
class BillingReplayTest {

    static final String HISTORIES = "histories/project-to-billing";
    /**
     * Version tag of histories recorded from the current code. Bump when adding a {@code getVersion} branch. v1: step
     * 12 starts invoice-to-cash ({@code start-invoice-to-cash}); the project takes voids ({@code invoiceVoided}).
     */
    static final String VERSION = "v1";

    private static ReplayHistories replay;

    static List<String> histories() {
        return ReplayHistories.list(HISTORIES);
    }

    @BeforeAll
    static void replayWorker() {
        replay = ReplayHistories.worker(ProjectBillingWorkflowImpl.class, BillingRunWorkflowImpl.class,
                AmendmentPropagationWorkflowImpl.class, InboundEventWorkflowImpl.class);
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
    void everyWorkflowHasHistories() throws Exception {
        List<String> files = histories();
        assertThat(files).anyMatch(f -> f.contains("-billing-run-"));
        assertThat(files).anyMatch(f -> f.contains("-project-billing-"));
        assertThat(files).as("recorded from real runs (BillingE2EIT)").anyMatch(f -> f.contains("-billing-run-e2e-"))
                .anyMatch(f -> f.contains("-project-billing-e2e-")).anyMatch(f -> f.contains("-contract-amendment-e2e-"));
        assertThat(files).as("histories of the current version").anyMatch(f -> f.startsWith(VERSION + "-billing-run-"))
                .anyMatch(f -> f.startsWith(VERSION + "-project-billing-void-reissue"));
    }
}
