package dev.o2c.workflows.opportunity;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.testing.WorkflowReplayer;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays histories recorded from earlier runs of {@link OpportunityToProjectWorkflowImpl} against the current code:
 * a change to the command sequence that is not behind {@code Workflow.getVersion} fails here with a
 * non-determinism error, before it breaks processes parked for days in production.
 *
 * <p>Histories live in {@code src/test/resources/histories/opportunity-to-project/}, one file per scenario and
 * version ({@code v0-...}: before any {@code getVersion}). Record them with
 * {@code ./mvnw -pl workflows test -Dtest=OpportunityToProjectWorkflowTest -Do2c.recordHistories=true}, from the
 * version being replaced, and keep them when the code changes. {@code v0-e2e-*.json} come from real runs on the
 * local stack (sandbox, worker, Temporal server), recorded by the end-to-end tests:
 * {@code ./mvnw verify -pl devstack -Do2c.recordHistories=true} writes them to {@code devstack/target/histories/}.
 */
class OpportunityToProjectReplayTest {

    static final String HISTORIES = "histories/opportunity-to-project";
    /** Version tag of histories recorded from the current code. Bump when adding a {@code getVersion} branch. */
    static final String VERSION = "v0";

    static List<String> histories() throws IOException, URISyntaxException {
        URL folder = OpportunityToProjectReplayTest.class.getClassLoader().getResource(HISTORIES);
        if (folder == null) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(Path.of(folder.toURI()))) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted().toList();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("histories")
    void replaysWithoutNonDeterminism(String history) throws Exception {
        WorkflowReplayer.replayWorkflowExecutionFromResource(HISTORIES + "/" + history,
                OpportunityToProjectWorkflowImpl.class);
    }

    @ParameterizedTest
    @MethodSource("histories")
    void historiesAreVersioned(String history) {
        assertThat(history).matches("v\\d+-[a-z0-9-]+\\.json");
    }
}
