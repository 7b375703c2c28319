package dev.o2c.devstack.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o2c.codec.EncryptionCodec;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.TaskQueueKind;
import io.temporal.api.history.v1.History;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's floor on the in-process Temporal test server: it runs the steps it is given, each one real HTTP
 * call to its endpoint, on its own task queues, with o2c's codec and without sticky execution when told so; and the
 * profile reads its history right. Keeps the floor from rotting between benchmark runs.
 */
class FloorTest {

    /** opportunity-to-project's happy path, as {@code ./o2c bench} reads it from a history. */
    static final List<String> STEPS = List.of("crm.Crm.ReadWonOpportunity", "erp.Erp.ReadLegalEntity",
            "erp.Erp.FindCustomer", "erp.Erp.UpsertCustomer", "psa.Psa.CreateProject",
            "invoicing.Invoicing.CreateBillingPlan", "erp.Erp.CreateProject", "crm.Crm.WriteBackDelivery");

    private TestWorkflowEnvironment env;
    private CloseWatch watch;

    @BeforeEach
    void server() {
        env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder().setUseTimeskipping(false)
                .build());
        watch = new CloseWatch(env.getWorkflowServiceStubs(), env.getNamespace());
    }

    @AfterEach
    void stop() {
        env.close();
    }

    @Test
    void runsEveryStepAsOneHttpCallOnTheSystemsQueuesEncryptedAndWithoutStickyExecution() {
        try (Floor floor = Floor.start(env.getWorkflowServiceStubs(), env.getNamespace(),
                Floor.Settings.of(false, true, Map.of()))) {
            for (int i = 0; i < 3; i++) {
                floor.startSaga("floor-" + i, STEPS);
            }
            for (int i = 0; i < 3; i++) {
                assertThat(watch.awaitClose("floor-" + i, Duration.ofSeconds(30)).getEventType())
                        .isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
            }
            assertThat(floor.requests()).isEqualTo(3L * STEPS.size());

            History history = watch.history("floor-0");
            HistoryProfile profile = HistoryProfile.of(history);
            assertThat(profile.activities()).isEqualTo(STEPS.size());
            assertThat(profile.steps()).containsExactlyElementsOf(STEPS.stream()
                    .map(s -> Floor.taskQueue(Floor.system(s)) + ".Call").toList());
            assertThat(profile.stepMillis()).hasSize(STEPS.size()).allSatisfy(ms -> assertThat(ms).isNotNegative());
            assertThat(profile.localActivities()).isEmpty();
            assertThat(profile.versionMarkers()).isEmpty();
            assertThat(profile.totalMillis()).isPositive();
            assertThat(profile.events()).isEqualTo(history.getEventsCount());
            // scheduled + started + completed per activity, per workflow task; started and completed of the run
            assertThat(profile.events()).isEqualTo(3 * STEPS.size() + 3 * profile.workflowTasks() + 2);
            assertThat(profile.eventsWithoutWorkflowTasks()).isEqualTo(3 * STEPS.size() + 2);
            assertThat(EncryptionCodec.isEncrypted(history.getEvents(0).getWorkflowExecutionStartedEventAttributes()
                    .getInput().getPayloads(0))).as("o2c's codec").isTrue();
            assertThat(history.getEventsList()).filteredOn(e -> e.getEventType()
                            == EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED)
                    .isNotEmpty()
                    .allSatisfy(e -> assertThat(e.getWorkflowTaskScheduledEventAttributes().getTaskQueue().getKind())
                            .as("sticky off").isNotEqualTo(TaskQueueKind.TASK_QUEUE_KIND_STICKY));
        }
    }

    @Test
    void plainPayloadsWhenTheStackRunsWithoutTheCodec() {
        try (Floor floor = Floor.start(env.getWorkflowServiceStubs(), env.getNamespace(),
                Floor.Settings.of(true, false, Map.of("O2C_ERP_CONCURRENCY", "3", "O2C_ERP_RATE", "7")))) {
            floor.startSaga("floor-plain", STEPS.subList(0, 2));
            assertThat(watch.awaitClose("floor-plain", Duration.ofSeconds(30)).getEventType())
                    .isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
            assertThat(floor.requests()).isEqualTo(2);
            History history = watch.history("floor-plain");
            assertThat(EncryptionCodec.isEncrypted(history.getEvents(0).getWorkflowExecutionStartedEventAttributes()
                    .getInput().getPayloads(0))).isFalse();
        }
        assertThat(Floor.Settings.of(true, false, Map.of("O2C_ERP_CONCURRENCY", "3", "O2C_ERP_RATE", "7")).systems())
                .contains(new Floor.SystemWorker("erp", 3, 7), new Floor.SystemWorker("crm", 20, 50));
    }
}
