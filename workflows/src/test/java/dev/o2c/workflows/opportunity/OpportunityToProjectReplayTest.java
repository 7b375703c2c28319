package dev.o2c.workflows.opportunity;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.o2c.workflows.ReplayHistories;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays histories recorded from earlier runs of {@link OpportunityToProjectWorkflowImpl} against the current code:
 * a change to the command sequence that is not behind {@code Workflow.getVersion} fails here with a
 * non-determinism error, before it breaks processes parked for days in production.
 *
 * <p>Histories live in {@code src/test/resources/histories/opportunity-to-project/}, one file per scenario and
 * version ({@code v0-...}: before any {@code getVersion}; {@code v1-...}: with step {@code erp.readLegalEntity},
 * {@code getVersion("erp-legal-entity-step")} = 1; {@code v2-...}: also {@code getVersion}
 * {@code "activity-wait-cancellation-completed"} = 1 (system calls wait for an in-flight call when cancelled) and
 * {@code "customer-compensation-from-history"} = 1 ({@code erp.findCustomer} before the upsert,
 * {@code erp.deactivateCustomer} only for a customer the saga created), decisions sent as the {@code decide} Update,
 * the ledger local activities retried until they succeed; {@code v3-...}: the hand-off starts project-to-billing,
 * {@code "start-project-billing"} = 1; {@code v4-...}: the three reads as local activities,
 * {@code "reads-as-local-activities"} = 1). Every file replays, whatever its version: a history of a
 * version N must replay on code that knows N and everything after it. Record them with
 * {@code ./mvnw -pl workflows test -Dtest=OpportunityToProjectWorkflowTest -Do2c.recordHistories=true} (it writes
 * {@code {VERSION}-{scenario}.json}), and keep the files of every earlier version when the code changes. {@code v0-e2e-*.json} come from real runs on the
 * local stack (sandbox, worker, Temporal server), recorded by the end-to-end tests:
 * {@code ./mvnw verify -pl devstack -Do2c.recordHistories=true} writes them to {@code devstack/target/histories/}.
 */
class OpportunityToProjectReplayTest {

    static final String HISTORIES = "histories/opportunity-to-project";
    /** Version tag of histories recorded from the current code. Bump when adding a {@code getVersion} branch. */
    static final String VERSION = "v4";

    static List<String> histories() {
        return ReplayHistories.list(HISTORIES);
    }

    private static ReplayHistories replay;

    @BeforeAll
    static void replayWorker() {
        replay = ReplayHistories.worker(OpportunityToProjectWorkflowImpl.class);
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

    @ParameterizedTest
    @MethodSource("histories")
    void historiesAreVersioned(String history) {
        assertThat(history).matches("v\\d+-[a-z0-9-]+\\.json");
        int version = Integer.parseInt(history.substring(1, history.indexOf('-')));
        assertThat(version).as("no history of a version newer than the code").isLessThanOrEqualTo(
                Integer.parseInt(VERSION.substring(1)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("histories")
    void v2HistoriesCarryTheirChangeIds(String history) throws Exception {
        if (version(history) < 2) {
            return;
        }
        String json = read(history);
        for (String changeId : List.of(OpportunityToProjectWorkflowImpl.CANCELLATION_CHANGE,
                OpportunityToProjectWorkflowImpl.CUSTOMER_COMPENSATION_CHANGE)) {
            assertThat(json).as("%s records getVersion(%s)", history, changeId).contains(encoded(changeId));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("histories")
    void v3CompletedHistoriesStartProjectBilling(String history) throws Exception {
        if (version(history) < 3 || !history.contains("completed")) {
            return;
        }
        String json = read(history);
        assertThat(json).contains(encoded(OpportunityToProjectWorkflowImpl.START_BILLING_CHANGE))
                .contains("START_CHILD_WORKFLOW_EXECUTION_INITIATED")
                .contains("ProjectBillingWorkflow");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("histories")
    void v4HistoriesReadAsLocalActivities(String history) throws Exception {
        if (version(history) < 4) {
            return;
        }
        String json = read(history);
        assertThat(json).contains(encoded(OpportunityToProjectWorkflowImpl.LOCAL_READS_CHANGE))
                .doesNotContain("\"Crm.ReadWonOpportunity\"");
    }

    @Test
    void everyVersionUpToTheCurrentOneHasHistories() throws Exception {
        List<String> files = histories();
        for (int v = 0; v <= Integer.parseInt(VERSION.substring(1)); v++) {
            String prefix = "v" + v + "-";
            assertThat(files).as("histories of v%d", v).anyMatch(f -> f.startsWith(prefix));
        }
    }

    private static String read(String history) throws Exception {
        return Files.readString(Path.of(OpportunityToProjectReplayTest.class.getClassLoader()
                .getResource(HISTORIES + "/" + history).toURI()));
    }

    /** A change id as its marker's payload appears in a history's JSON (base64 of the JSON string, no padding). */
    private static String encoded(String changeId) {
        // the JSON escapes the padding ("\\u003d"), so compare without it
        return Base64.getEncoder().withoutPadding().encodeToString(("\"" + changeId + "\"").getBytes(UTF_8));
    }

    private static int version(String history) {
        return Integer.parseInt(history.substring(1, history.indexOf('-')));
    }
}
