package dev.o2c.worker;

import dev.o2c.workflows.common.TaskQueues;
import dev.o2c.workflows.reconciliation.ReconciliationSchedule;
import dev.o2c.workflows.reconciliation.ReconciliationSchedulerWorkflow;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.api.workflowservice.v1.DescribeScheduleRequest;
import io.temporal.client.BatchRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleAlreadyRunningException;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleIntervalSpec;
import io.temporal.client.schedules.ScheduleOptions;
import io.temporal.client.schedules.SchedulePolicy;
import io.temporal.client.schedules.ScheduleSpec;
import io.temporal.client.schedules.ScheduleUpdate;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Schedules reconciliation at worker start (docs/processes.md, "Reconciliation", Schedule): every
 * {@code O2C_RECONCILIATION_PERIOD} ({@code o2c.reconciliation.period}, an ISO-8601 duration, default {@code P1D};
 * {@code 0} or {@code off}: on demand only). A probe ({@code DescribeSchedule} of
 * {@value ReconciliationSchedulerWorkflow#SCHEDULE_ID}) decides how:
 * <ul>
 *   <li>{@link Mode#SCHEDULE}: the server has Temporal Schedules (a real cluster, the {@code temporal} CLI dev server).
 *       The Schedule is created, or updated to the period (its paused state kept): interval = period, overlap SKIP,
 *       action: one tick of {@link ReconciliationSchedulerWorkflow} ({@link ReconciliationSchedule#once()}), which
 *       starts the run under its one workflow id. Off: the Schedule is deleted;</li>
 *   <li>{@link Mode#WORKFLOW}: the server answers UNIMPLEMENTED (the Java test server of the local stack). The looping
 *       {@value ReconciliationSchedulerWorkflow#WORKFLOW_ID} is signalled with the period, and started when not
 *       running (signal-with-start): a running one with another period restarts its timer with the new one, with the
 *       same period nothing changes. Off: it is signalled to stop.</li>
 * </ul>
 * A malformed period stops the worker from starting; a server that cannot be reached, or refuses, is logged as an
 * error and the worker starts anyway (its sagas need no schedule): the next start tries again.
 */
@Component
class ReconciliationScheduling implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(ReconciliationScheduling.class);

    /** How scheduled runs are started. */
    enum Mode {
        SCHEDULE,
        WORKFLOW
    }

    private final WorkflowClient workflows;
    private final ScheduleClient schedules;
    private final Optional<Duration> period;

    @Autowired
    ReconciliationScheduling(WorkflowClient workflows, ScheduleClient schedules,
            @Value("${o2c.reconciliation.period:P1D}") String period) {
        this(workflows, schedules, parsePeriod(period));
    }

    /** @param period empty: on demand only */
    ReconciliationScheduling(WorkflowClient workflows, ScheduleClient schedules, Optional<Duration> period) {
        this.workflows = workflows;
        this.schedules = schedules;
        this.period = period;
    }

    /**
     * The period {@code O2C_RECONCILIATION_PERIOD} names: an ISO-8601 duration ({@code P1D}, {@code PT6H}); empty for
     * {@code 0}, {@code off} or a zero duration (on demand only); {@code P1D} when blank.
     *
     * @throws IllegalArgumentException for anything else, or a negative duration
     */
    static Optional<Duration> parsePeriod(String value) {
        String text = value == null ? "" : value.strip();
        if (text.isEmpty()) {
            return Optional.of(Duration.ofDays(1));
        }
        if (text.equals("0") || text.toLowerCase(Locale.ROOT).equals("off")) {
            return Optional.empty();
        }
        Duration parsed;
        try {
            parsed = Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("O2C_RECONCILIATION_PERIOD (o2c.reconciliation.period) must be an ISO-8601"
                    + " duration such as P1D or PT6H, or 0/off for on demand only; not '" + text + "'", e);
        }
        if (parsed.isNegative()) {
            throw new IllegalArgumentException("O2C_RECONCILIATION_PERIOD (o2c.reconciliation.period) must not be"
                    + " negative: " + text);
        }
        return parsed.isZero() ? Optional.empty() : Optional.of(parsed);
    }

    @Override
    public void run(ApplicationArguments args) {
        try {
            apply();
        } catch (RuntimeException e) {
            log.error("reconciliation is NOT scheduled (every {}): {}; on-demand runs still work, the next worker start"
                    + " tries again", period.map(Duration::toString).orElse("-"), e.toString());
        }
    }

    /** Creates, updates or removes what starts scheduled runs; answers which mechanism the server allows. */
    Mode apply() {
        Optional<Boolean> exists = scheduleExists();
        if (exists.isPresent()) {
            if (period.isPresent()) {
                upsertSchedule(period.get(), exists.get());
                log.info("reconciliation: every {} by the Temporal Schedule {} (overlap SKIP)", period.get(),
                        ReconciliationSchedulerWorkflow.SCHEDULE_ID);
            } else {
                if (exists.get()) {
                    schedules.getHandle(ReconciliationSchedulerWorkflow.SCHEDULE_ID).delete();
                }
                log.info("reconciliation: on demand only (O2C_RECONCILIATION_PERIOD off){}",
                        exists.get() ? "; Temporal Schedule " + ReconciliationSchedulerWorkflow.SCHEDULE_ID + " deleted" : "");
            }
            return Mode.SCHEDULE;
        }
        if (period.isPresent()) {
            startOrReschedule(period.get());
            log.info("reconciliation: every {} by the workflow {} (this Temporal server has no Schedules)",
                    period.get(), ReconciliationSchedulerWorkflow.WORKFLOW_ID);
        } else {
            boolean stopped = stopSchedulerWorkflow();
            log.info("reconciliation: on demand only (O2C_RECONCILIATION_PERIOD off){}",
                    stopped ? "; workflow " + ReconciliationSchedulerWorkflow.WORKFLOW_ID + " told to stop" : "");
        }
        return Mode.WORKFLOW;
    }

    /** Whether the Schedule exists; empty when the server has no Schedules (UNIMPLEMENTED). */
    private Optional<Boolean> scheduleExists() {
        try {
            workflows.getWorkflowServiceStubs().blockingStub()
                    .withDeadlineAfter(10, TimeUnit.SECONDS)
                    .describeSchedule(DescribeScheduleRequest.newBuilder()
                            .setNamespace(workflows.getOptions().getNamespace())
                            .setScheduleId(ReconciliationSchedulerWorkflow.SCHEDULE_ID)
                            .build());
            return Optional.of(true);
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return Optional.of(false);
            }
            if (e.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * The Schedule: every {@code period} (intervals from the epoch, as Temporal counts them), overlap SKIP (the tick
     * itself skips while a run is open, so a slow run is never doubled), one scheduler tick as its action.
     */
    static Schedule schedule(Duration period) {
        return Schedule.newBuilder()
                .setAction(ScheduleActionStartWorkflow.newBuilder()
                        .setWorkflowType(ReconciliationSchedulerWorkflow.class)
                        .setArguments(ReconciliationSchedule.once())
                        .setOptions(WorkflowOptions.newBuilder()
                                .setWorkflowId(ReconciliationSchedulerWorkflow.SCHEDULED_WORKFLOW_ID)
                                .setTaskQueue(TaskQueues.WORKFLOWS)
                                .build())
                        .build())
                .setSpec(ScheduleSpec.newBuilder().setIntervals(List.of(new ScheduleIntervalSpec(period))).build())
                .setPolicy(SchedulePolicy.newBuilder()
                        .setOverlap(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP)
                        .build())
                .build();
    }

    private void upsertSchedule(Duration period, boolean exists) {
        if (!exists) {
            try {
                schedules.createSchedule(ReconciliationSchedulerWorkflow.SCHEDULE_ID, schedule(period),
                        ScheduleOptions.newBuilder().build());
                return;
            } catch (ScheduleAlreadyRunningException e) {
                // created meanwhile (another worker starting): update it like an existing one
            }
        }
        // keeps the state an operator may have set (paused, with a note)
        schedules.getHandle(ReconciliationSchedulerWorkflow.SCHEDULE_ID).update(current -> new ScheduleUpdate(
                Schedule.newBuilder(schedule(period))
                        .setState(current.getDescription().getSchedule().getState())
                        .build()));
    }

    private ReconciliationSchedulerWorkflow schedulerStub() {
        return workflows.newWorkflowStub(ReconciliationSchedulerWorkflow.class, WorkflowOptions.newBuilder()
                .setWorkflowId(ReconciliationSchedulerWorkflow.WORKFLOW_ID)
                .setTaskQueue(TaskQueues.WORKFLOWS)
                .build());
    }

    /** Starts the looping scheduler, or tells the running one the period (signal-with-start). */
    private void startOrReschedule(Duration period) {
        ReconciliationSchedulerWorkflow scheduler = schedulerStub();
        BatchRequest request = workflows.newSignalWithStartRequest();
        request.add(scheduler::run, ReconciliationSchedule.every(period));
        request.add(scheduler::reschedule, period);
        workflows.signalWithStart(request);
    }

    /** Tells a running scheduler to stop; false when none runs. */
    private boolean stopSchedulerWorkflow() {
        try {
            workflows.newWorkflowStub(ReconciliationSchedulerWorkflow.class, ReconciliationSchedulerWorkflow.WORKFLOW_ID)
                    .reschedule(Duration.ZERO);
            return true;
        } catch (WorkflowNotFoundException e) {
            return false;
        }
    }
}
