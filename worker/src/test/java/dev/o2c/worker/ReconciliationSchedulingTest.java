package dev.o2c.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.o2c.workflows.common.TaskQueues;
import dev.o2c.workflows.reconciliation.ReconciliationSchedule;
import dev.o2c.workflows.reconciliation.ReconciliationSchedulerWorkflow;
import dev.o2c.workflows.reconciliation.ReconciliationSchedulerWorkflowImpl;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.schedule.v1.Schedule;
import io.temporal.api.workflowservice.v1.CreateScheduleRequest;
import io.temporal.api.workflowservice.v1.CreateScheduleResponse;
import io.temporal.api.workflowservice.v1.DeleteScheduleRequest;
import io.temporal.api.workflowservice.v1.DeleteScheduleResponse;
import io.temporal.api.workflowservice.v1.DescribeScheduleRequest;
import io.temporal.api.workflowservice.v1.DescribeScheduleResponse;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.api.workflowservice.v1.GetSystemInfoResponse;
import io.temporal.api.workflowservice.v1.UpdateScheduleRequest;
import io.temporal.api.workflowservice.v1.UpdateScheduleResponse;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * How the worker schedules reconciliation: the period setting, the Schedule it asks for where the server has
 * Schedules (against a fake frontend answering the Schedule calls), and the looping scheduler workflow where it has
 * none (the in-memory test server, which answers them UNIMPLEMENTED, as the local stack's does).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReconciliationSchedulingTest {

    // ------------------------------------------------------------------------------------------------- period

    @Test
    void thePeriodIsAnIsoDurationAndZeroOrOffMeansOnDemandOnly() {
        assertThat(ReconciliationScheduling.parsePeriod("P1D")).contains(Duration.ofDays(1));
        assertThat(ReconciliationScheduling.parsePeriod(" PT6H ")).contains(Duration.ofHours(6));
        assertThat(ReconciliationScheduling.parsePeriod("")).as("blank: the default").contains(Duration.ofDays(1));
        assertThat(ReconciliationScheduling.parsePeriod(null)).contains(Duration.ofDays(1));
        assertThat(ReconciliationScheduling.parsePeriod("0")).isEmpty();
        assertThat(ReconciliationScheduling.parsePeriod("off")).isEmpty();
        assertThat(ReconciliationScheduling.parsePeriod("OFF")).isEmpty();
        assertThat(ReconciliationScheduling.parsePeriod("PT0S")).isEmpty();
        assertThatThrownBy(() -> ReconciliationScheduling.parsePeriod("daily"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("O2C_RECONCILIATION_PERIOD")
                .hasMessageContaining("'daily'");
        assertThatThrownBy(() -> ReconciliationScheduling.parsePeriod("-PT1H"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
    }

    // ------------------------------------------------------------------------------- a server with Schedules

    @Test
    void whereTheServerHasSchedulesTheScheduleIsCreatedThenUpdatedKeepingItsPauseThenDeleted() throws Exception {
        FakeFrontend frontend = new FakeFrontend();
        try (Frontend server = Frontend.start(frontend)) {
            assertThat(scheduling(server, Optional.of(Duration.ofDays(1))).apply())
                    .isEqualTo(ReconciliationScheduling.Mode.SCHEDULE);

            assertThat(frontend.calls).containsExactly("describe", "create");
            CreateScheduleRequest create = frontend.created;
            assertThat(create.getScheduleId()).isEqualTo("o2c-reconciliation");
            Schedule schedule = create.getSchedule();
            assertThat(schedule.getSpec().getIntervalList()).singleElement()
                    .satisfies(interval -> assertThat(interval.getInterval().getSeconds()).isEqualTo(86_400));
            assertThat(schedule.getPolicies().getOverlapPolicy())
                    .isEqualTo(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP);
            var start = schedule.getAction().getStartWorkflow();
            assertThat(start.getWorkflowType().getName()).isEqualTo("ReconciliationSchedulerWorkflow");
            assertThat(start.getWorkflowId()).isEqualTo("reconciliation-tick");
            assertThat(start.getTaskQueue().getName()).isEqualTo(TaskQueues.WORKFLOWS);
            assertThat(DefaultDataConverter.STANDARD_INSTANCE.fromPayload(start.getInput().getPayloads(0),
                    ReconciliationSchedule.class, ReconciliationSchedule.class))
                    .as("one tick: the Schedule keeps the time").isEqualTo(ReconciliationSchedule.once());

            // an operator paused it; the next start changes the period and keeps it paused
            frontend.stored = frontend.stored.toBuilder()
                    .setState(frontend.stored.getState().toBuilder().setPaused(true).setNotes("maintenance"))
                    .build();
            frontend.calls.clear();
            assertThat(scheduling(server, Optional.of(Duration.ofHours(6))).apply())
                    .isEqualTo(ReconciliationScheduling.Mode.SCHEDULE);
            assertThat(frontend.calls).containsExactly("describe", "describe", "update");
            assertThat(frontend.stored.getSpec().getInterval(0).getInterval().getSeconds()).isEqualTo(6 * 3600);
            assertThat(frontend.stored.getState().getPaused()).isTrue();
            assertThat(frontend.stored.getState().getNotes()).isEqualTo("maintenance");

            frontend.calls.clear();
            assertThat(scheduling(server, Optional.empty()).apply()).isEqualTo(ReconciliationScheduling.Mode.SCHEDULE);
            assertThat(frontend.calls).containsExactly("describe", "delete");
            assertThat(frontend.stored).isNull();

            // off again: nothing to delete
            frontend.calls.clear();
            scheduling(server, Optional.empty()).apply();
            assertThat(frontend.calls).containsExactly("describe");
        }
    }

    @Test
    void anUnreachableOrRefusingServerIsLoggedNotThrown() throws Exception {
        FakeFrontend frontend = new FakeFrontend();
        frontend.refuse = true;
        try (Frontend server = Frontend.start(frontend)) {
            ReconciliationScheduling scheduling = scheduling(server, Optional.of(Duration.ofDays(1)));
            assertThatThrownBy(scheduling::apply).hasMessageContaining("PERMISSION_DENIED");
            scheduling.run(null); // the worker starts all the same
        }
    }

    // ---------------------------------------------------------------------------- a server without Schedules

    @Test
    void whereTheServerHasNoSchedulesTheSchedulerWorkflowRunsAndTakesANewPeriodOrStops() {
        try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
            env.newWorker(TaskQueues.WORKFLOWS).registerWorkflowImplementationTypes(
                    ReconciliationSchedulerWorkflowImpl.class);
            env.start();
            WorkflowClient client = env.getWorkflowClient();
            ScheduleClient schedules = ScheduleClient.newInstance(env.getWorkflowServiceStubs(),
                    ScheduleClientOptions.newBuilder().setNamespace(env.getNamespace()).build());

            assertThat(new ReconciliationScheduling(client, schedules, Optional.of(Duration.ofHours(6))).apply())
                    .isEqualTo(ReconciliationScheduling.Mode.WORKFLOW);
            ReconciliationSchedulerWorkflow scheduler = client.newWorkflowStub(ReconciliationSchedulerWorkflow.class,
                    ReconciliationSchedulerWorkflow.WORKFLOW_ID);
            assertThat(scheduler.state().period()).isEqualTo(Duration.ofHours(6));
            String firstRun = status(client).runId();

            // a restart with the same period changes nothing; with another, the running scheduler takes it
            new ReconciliationScheduling(client, schedules, Optional.of(Duration.ofHours(6))).apply();
            assertThat(scheduler.state().period()).isEqualTo(Duration.ofHours(6));
            assertThat(status(client).runId()).isEqualTo(firstRun);
            new ReconciliationScheduling(client, schedules, Optional.of(Duration.ofHours(2))).apply();
            await(() -> Duration.ofHours(2).equals(scheduler.state().period()));
            assertThat(status(client).runId()).as("continued as new with the new period").isNotEqualTo(firstRun);

            // off: it stops
            new ReconciliationScheduling(client, schedules, Optional.empty()).apply();
            await(() -> status(client).status() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
            // and on again: a new one
            new ReconciliationScheduling(client, schedules, Optional.of(Duration.ofDays(1))).apply();
            await(() -> status(client).status() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
            assertThat(scheduler.state().period()).isEqualTo(Duration.ofDays(1));
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private record Execution(String runId, WorkflowExecutionStatus status) {}

    private static Execution status(WorkflowClient client) {
        var description = client.newUntypedWorkflowStub(ReconciliationSchedulerWorkflow.WORKFLOW_ID).describe();
        return new Execution(description.getExecution().getRunId(), description.getStatus());
    }

    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static ReconciliationScheduling scheduling(Frontend server, Optional<Duration> period) {
        return new ReconciliationScheduling(server.client(), server.schedules(), period);
    }

    /** The Schedule calls of a Temporal frontend, one Schedule kept in memory; every call recorded. */
    static final class FakeFrontend extends WorkflowServiceGrpc.WorkflowServiceImplBase {

        final List<String> calls = new ArrayList<>();
        volatile Schedule stored;
        volatile CreateScheduleRequest created;
        volatile boolean refuse;

        @Override
        public void getSystemInfo(GetSystemInfoRequest request, StreamObserver<GetSystemInfoResponse> response) {
            response.onNext(GetSystemInfoResponse.getDefaultInstance());
            response.onCompleted();
        }

        @Override
        public void describeSchedule(DescribeScheduleRequest request,
                StreamObserver<DescribeScheduleResponse> response) {
            calls.add("describe");
            if (refuse) {
                response.onError(Status.PERMISSION_DENIED.withDescription("no").asRuntimeException());
            } else if (stored == null) {
                response.onError(Status.NOT_FOUND.withDescription("schedule not found").asRuntimeException());
            } else {
                response.onNext(DescribeScheduleResponse.newBuilder().setSchedule(stored)
                        .setConflictToken(ByteString.copyFromUtf8("token")).build());
                response.onCompleted();
            }
        }

        @Override
        public void createSchedule(CreateScheduleRequest request, StreamObserver<CreateScheduleResponse> response) {
            calls.add("create");
            created = request;
            stored = request.getSchedule();
            response.onNext(CreateScheduleResponse.getDefaultInstance());
            response.onCompleted();
        }

        @Override
        public void updateSchedule(UpdateScheduleRequest request, StreamObserver<UpdateScheduleResponse> response) {
            calls.add("update");
            stored = request.getSchedule();
            response.onNext(UpdateScheduleResponse.getDefaultInstance());
            response.onCompleted();
        }

        @Override
        public void deleteSchedule(DeleteScheduleRequest request, StreamObserver<DeleteScheduleResponse> response) {
            calls.add("delete");
            stored = null;
            response.onNext(DeleteScheduleResponse.getDefaultInstance());
            response.onCompleted();
        }
    }

    /** {@link FakeFrontend} served in-process, with a workflow client and a schedule client on it. */
    record Frontend(Server server, ManagedChannel channel, WorkflowServiceStubs stubs) implements AutoCloseable {

        static Frontend start(FakeFrontend service) throws Exception {
            String name = InProcessServerBuilder.generateName();
            Server server = InProcessServerBuilder.forName(name).directExecutor().addService(service).build().start();
            ManagedChannel channel = InProcessChannelBuilder.forName(name).directExecutor().build();
            WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(
                    WorkflowServiceStubsOptions.newBuilder().setChannel(channel).build());
            return new Frontend(server, channel, stubs);
        }

        WorkflowClient client() {
            return WorkflowClient.newInstance(stubs, WorkflowClientOptions.newBuilder().setNamespace("default").build());
        }

        ScheduleClient schedules() {
            return ScheduleClient.newInstance(stubs, ScheduleClientOptions.newBuilder().setNamespace("default").build());
        }

        @Override
        public void close() throws Exception {
            stubs.shutdownNow();
            channel.shutdownNow();
            server.shutdownNow();
        }
    }
}
