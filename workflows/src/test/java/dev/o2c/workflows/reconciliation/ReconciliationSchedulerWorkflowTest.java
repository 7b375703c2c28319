package dev.o2c.workflows.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o2c.workflows.common.ProcessStatus;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The reconciliation scheduler on the time-skipping test server, the reconciliation itself a stand-in
 * ({@link FakeReconciliation}) that records its start and runs until the test ends it ({@link #finishRun()}), so that
 * the ticks, the skipped ones and the starts are exact. "Now" is 2026-12-01T00:00:00Z; the period one hour.
 *
 * <p>The stand-in ends by termination, not by completing: on the time-skipping test server, a child that completes
 * after its parent continued as new stops time skipping for good (env.sleep never returns; sdk-java issue 1540,
 * "time skipping broken in a child workflow" when the parent continues as new), while a terminated one does not. For
 * the scheduler either is the same: the run is no longer open, so the next tick may start one.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReconciliationSchedulerWorkflowTest {

    static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");
    static final Duration HOUR = Duration.ofHours(1);

    /** A reconciliation as the scheduler starts it: when, and with what. */
    record Started(Instant at, String workflowId, ReconciliationRequest request) {}

    static final List<Started> STARTS = new CopyOnWriteArrayList<>();

    /** Stands in for {@link ReconciliationWorkflowImpl}: records its start and runs until terminated. */
    public static class FakeReconciliation implements ReconciliationWorkflow {

        @Override
        public ReconciliationReport run(ReconciliationRequest request) {
            if (!Workflow.isReplaying()) {
                STARTS.add(new Started(Instant.ofEpochMilli(Workflow.currentTimeMillis()),
                        Workflow.getInfo().getWorkflowId(), request));
            }
            Workflow.await(() -> false);
            return report();
        }

        @Override
        public ReconciliationReport report() {
            return new ReconciliationReport("rec-fake", ProcessStatus.RUNNING, null, 0, List.of(), Map.of(), null);
        }
    }

    @RegisterExtension
    static final TestWorkflowExtension testWorkflow = TestWorkflowExtension.newBuilder()
            .registerWorkflowImplementationTypes(ReconciliationSchedulerWorkflowImpl.class, FakeReconciliation.class)
            .setInitialTime(NOW)
            .build();

    private TestWorkflowEnvironment env;
    private WorkflowClient client;
    private WorkflowOptions options;

    @BeforeEach
    void setUp(TestWorkflowEnvironment env, WorkflowClient client, WorkflowOptions options) {
        this.env = env;
        this.client = client;
        this.options = WorkflowOptions.newBuilder(options)
                .setWorkflowId(ReconciliationSchedulerWorkflow.WORKFLOW_ID).build();
        STARTS.clear();
    }

    @Test
    void twoPeriodsStartTwoScheduledRunsEachAfterItsPeriod() {
        String first = start(ReconciliationSchedule.every(HOUR));
        assertThat(scheduler().state().period()).isEqualTo(HOUR);
        assertThat(scheduler().state().nextRunAt()).isBetween(NOW.plus(HOUR), NOW.plus(HOUR).plusSeconds(5));

        env.sleep(Duration.ofMinutes(59));
        assertThat(STARTS).as("nothing before the first period").isEmpty();
        env.sleep(Duration.ofMinutes(2)); // 1:01
        assertThat(STARTS).hasSize(1);
        finishRun();
        env.sleep(HOUR); // 2:01

        assertThat(STARTS).hasSize(2);
        assertThat(STARTS).extracting(Started::workflowId).containsOnly(ReconciliationWorkflow.WORKFLOW_ID);
        assertThat(STARTS).extracting(s -> s.request().trigger()).containsOnly(ReconciliationRequest.SCHEDULE);
        assertThat(STARTS).extracting(s -> s.request().runId()).containsOnly((String) null);
        assertThat(STARTS).extracting(Started::at).satisfiesExactly(
                at -> assertThat(at).isBetween(at(60), at(60).plusSeconds(5)),
                at -> assertThat(at).isBetween(at(120), at(120).plusSeconds(5)));
        assertThat(scheduler().state().nextRunAt()).isBetween(at(180), at(180).plusSeconds(5));

        List<String> executions = executions(first);
        assertThat(executions).as("continued as new after each tick").hasSize(3);
        recordHistory("tick-started", executions.get(0));
    }

    @Test
    void aRunStillGoingAtTheNextTickIsNotDoubled() {
        String first = start(ReconciliationSchedule.every(HOUR));
        env.sleep(Duration.ofMinutes(61)); // 1:01: started at 1:00
        assertThat(STARTS).hasSize(1);

        env.sleep(HOUR); // 2:01: the tick at 2:00 found it running
        assertThat(STARTS).hasSize(1);
        finishRun();
        env.sleep(HOUR); // 3:01

        assertThat(STARTS).extracting(Started::at).satisfiesExactly(
                at -> assertThat(at).isBetween(at(60), at(60).plusSeconds(5)),
                at -> assertThat(at).isBetween(at(180), at(180).plusSeconds(5)));
        List<String> executions = executions(first);
        assertThat(executions).as("the skipped tick continued as new too").hasSize(4);
        recordHistory("tick-skipped-run-still-going", executions.get(1));
    }

    @Test
    void anOnDemandRunGoingAtTheTickIsNotDoubledEither() {
        start(ReconciliationSchedule.every(HOUR));
        env.sleep(Duration.ofMinutes(45));
        ReconciliationWorkflow onDemand = client.newWorkflowStub(ReconciliationWorkflow.class, WorkflowOptions
                .newBuilder(options).setWorkflowId(ReconciliationWorkflow.WORKFLOW_ID).build());
        WorkflowClient.start(onDemand::run, ReconciliationRequest.all(null));

        env.sleep(Duration.ofMinutes(20)); // 1:05: the tick at 1:00 found the on-demand run

        assertThat(STARTS).extracting(s -> s.request().trigger()).containsExactly(ReconciliationRequest.ON_DEMAND);
    }

    @Test
    void historyStaysShortHoweverManyTicks() {
        String first = start(ReconciliationSchedule.every(HOUR));

        env.sleep(Duration.ofMinutes(1));
        for (int hour = 1; hour <= 12; hour++) {
            env.sleep(HOUR); // hour:01
            assertThat(STARTS).hasSize(hour);
            finishRun();
        }

        List<String> executions = executions(first);
        assertThat(executions).hasSize(13);
        for (String run : executions) {
            WorkflowExecutionHistory history = client.fetchHistory(ReconciliationSchedulerWorkflow.WORKFLOW_ID, run);
            assertThat(history.getEvents()).as("events of one execution").hasSizeLessThan(20);
        }
        assertThat(client.newUntypedWorkflowStub(ReconciliationSchedulerWorkflow.WORKFLOW_ID).describe().getStatus())
                .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
    }

    @Test
    void rescheduleRestartsTheTimerWithTheNewPeriodAndTheSamePeriodChangesNothing() {
        String first = start(ReconciliationSchedule.every(HOUR));
        env.sleep(Duration.ofMinutes(10));
        scheduler().reschedule(HOUR); // what it runs with: nothing changes
        env.sleep(Duration.ofMinutes(1));
        assertThat(scheduler().state().period()).isEqualTo(HOUR);
        assertThat(scheduler().state().nextRunAt()).isBetween(at(60), at(60).plusSeconds(5));
        assertThat(executions(first)).hasSize(1);

        scheduler().reschedule(Duration.ofMinutes(30)); // at 0:11: next at 0:41
        env.sleep(Duration.ofMinutes(1));
        assertThat(scheduler().state().period()).isEqualTo(Duration.ofMinutes(30));
        assertThat(scheduler().state().nextRunAt()).isBetween(at(41), at(42));
        env.sleep(Duration.ofMinutes(30)); // 0:42
        finishRun();
        env.sleep(Duration.ofMinutes(30)); // 1:12: runs at 0:41 and 1:11

        assertThat(STARTS).extracting(Started::at).satisfiesExactly(
                at -> assertThat(at).isBetween(at(41), at(42)),
                at -> assertThat(at).isBetween(at(71), at(72)));
        recordHistory("rescheduled", executions(first).get(0));
    }

    @Test
    void rescheduleWithoutAPeriodStopsTheScheduler() {
        String first = start(ReconciliationSchedule.every(HOUR));
        env.sleep(Duration.ofMinutes(10));

        scheduler().reschedule(Duration.ZERO);
        WorkflowStub.fromTyped(scheduler()).getResult(Void.class);
        env.sleep(Duration.ofHours(3));

        assertThat(STARTS).isEmpty();
        assertThat(client.newUntypedWorkflowStub(ReconciliationSchedulerWorkflow.WORKFLOW_ID).describe().getStatus())
                .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
        recordHistory("stopped", first);
    }

    @Test
    void onceStartsOneRunAtOnceAndEnds() {
        WorkflowOptions tick = WorkflowOptions.newBuilder(options)
                .setWorkflowId(ReconciliationSchedulerWorkflow.SCHEDULED_WORKFLOW_ID + "-2026-12-01T00:00:00Z").build();
        ReconciliationSchedulerWorkflow once = client.newWorkflowStub(ReconciliationSchedulerWorkflow.class, tick);
        String run = WorkflowClient.start(once::run, ReconciliationSchedule.once()).getRunId();
        awaitCompleted(tick.getWorkflowId());

        assertThat(STARTS).hasSize(1);
        assertThat(STARTS.getFirst().at()).isBetween(NOW, NOW.plusSeconds(5));
        assertThat(STARTS.getFirst().request().trigger()).isEqualTo(ReconciliationRequest.SCHEDULE);
        // the run outlives the tick that started it (parent-close policy ABANDON)
        assertThat(client.newUntypedWorkflowStub(ReconciliationWorkflow.WORKFLOW_ID).describe().getStatus())
                .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);

        // a second tick while it runs starts none and ends all the same
        ReconciliationSchedulerWorkflow again = client.newWorkflowStub(ReconciliationSchedulerWorkflow.class,
                WorkflowOptions.newBuilder(tick).setWorkflowId(tick.getWorkflowId() + "-again").build());
        String skipped = WorkflowClient.start(again::run, ReconciliationSchedule.once()).getRunId();
        awaitCompleted(tick.getWorkflowId() + "-again");
        assertThat(STARTS).hasSize(1);
        recordHistory("once", tick.getWorkflowId(), run);
        recordHistory("once-run-still-going", tick.getWorkflowId() + "-again", skipped);
    }

    /**
     * Waits, without skipping time, until {@code workflowId} completed. (Blocking on its result would let the test
     * server skip time to the next timer it knows, the abandoned run's execution timeout, which it gives the child
     * from its parent.)
     */
    private void awaitCompleted(String workflowId) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        WorkflowExecutionStatus status;
        do {
            status = client.newUntypedWorkflowStub(workflowId).describe().getStatus();
            if (status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        } while (System.nanoTime() < deadline);
        throw new AssertionError(workflowId + " not completed; " + status);
    }

    /** {@code minutes} after {@link #NOW}. */
    private static Instant at(int minutes) {
        return NOW.plus(Duration.ofMinutes(minutes));
    }

    /** Ends the running reconciliation (see the class comment for why by termination). */
    private void finishRun() {
        client.newUntypedWorkflowStub(ReconciliationWorkflow.WORKFLOW_ID).terminate("finished (test)");
    }

    private String start(ReconciliationSchedule schedule) {
        ReconciliationSchedulerWorkflow scheduler = client.newWorkflowStub(ReconciliationSchedulerWorkflow.class, options);
        return WorkflowClient.start(scheduler::run, schedule).getRunId();
    }

    private ReconciliationSchedulerWorkflow scheduler() {
        return client.newWorkflowStub(ReconciliationSchedulerWorkflow.class, ReconciliationSchedulerWorkflow.WORKFLOW_ID);
    }

    /** The scheduler's executions from {@code firstRunId} on, following continue-as-new. */
    private List<String> executions(String firstRunId) {
        List<String> runs = new ArrayList<>();
        String run = firstRunId;
        while (run != null) {
            runs.add(run);
            HistoryEvent last = client.fetchHistory(ReconciliationSchedulerWorkflow.WORKFLOW_ID, run).getLastEvent();
            run = last.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW
                    ? last.getWorkflowExecutionContinuedAsNewEventAttributes().getNewExecutionRunId()
                    : null;
        }
        return runs;
    }

    private void recordHistory(String scenario, String runId) {
        recordHistory(scenario, ReconciliationSchedulerWorkflow.WORKFLOW_ID, runId);
    }

    /**
     * With {@code -Do2c.recordHistories=true}, stores the history of one scheduler execution for
     * {@link ReconciliationReplayTest}.
     */
    private void recordHistory(String scenario, String workflowId, String runId) {
        if (!Boolean.getBoolean("o2c.recordHistories")) {
            return;
        }
        try {
            Path file = Path.of("src/test/resources", ReconciliationReplayTest.HISTORIES,
                    ReconciliationReplayTest.VERSION + "-reconciliation-scheduler-" + scenario + ".json");
            Files.createDirectories(file.getParent());
            Files.writeString(file, client.fetchHistory(workflowId, runId).toJson(true) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
