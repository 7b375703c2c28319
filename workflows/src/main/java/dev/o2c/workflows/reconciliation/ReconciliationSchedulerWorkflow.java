package dev.o2c.workflows.reconciliation;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.time.Instant;

/**
 * Starts scheduled reconciliations (docs/processes.md, "Reconciliation", Schedule). A tick starts
 * {@link ReconciliationWorkflow} as a child under its one workflow id {@value ReconciliationWorkflow#WORKFLOW_ID}
 * (parent-close policy ABANDON, so the run outlives the tick), with {@link ReconciliationRequest#scheduled()}; when a
 * reconciliation is already running (scheduled or on demand) the tick starts none: runs are never doubled.
 *
 * <p>Two ways to run it, chosen by the worker at start ({@code ReconciliationScheduling}):
 * <ul>
 *   <li>where the server has Temporal Schedules, the Schedule {@value #SCHEDULE_ID} (overlap SKIP) starts this workflow
 *       with {@link ReconciliationSchedule#once()} under {@value #SCHEDULED_WORKFLOW_ID} (the server appends the time)
 *       at every interval: one tick, done. (A Schedule cannot start the reconciliation itself: it appends the time to
 *       the workflow id, and one id is what keeps a scheduled and an on-demand run from running together);</li>
 *   <li>where it has none (the Java test server of the local stack), this workflow runs as
 *       {@value #WORKFLOW_ID} with {@link ReconciliationSchedule#every}: it sleeps the period on a timer, ticks, and
 *       continues as new, so its history stays a few events long. {@link #reschedule} changes the period (the timer
 *       restarts from now) or stops it.</li>
 * </ul>
 */
@WorkflowInterface
public interface ReconciliationSchedulerWorkflow {

    /** The looping scheduler's workflow id (server without Schedules). */
    String WORKFLOW_ID = "reconciliation-scheduler";
    /** The Temporal Schedule's id (server with Schedules). */
    String SCHEDULE_ID = "o2c-reconciliation";
    /** The workflow id the Schedule starts one tick under; the server appends the scheduled time. */
    String SCHEDULED_WORKFLOW_ID = "reconciliation-tick";

    @WorkflowMethod
    void run(ReconciliationSchedule schedule);

    /**
     * A new period: the timer restarts from now with it (the same period as now changes nothing); null or zero stops
     * the scheduler (it completes without another run).
     */
    @SignalMethod
    void reschedule(Duration period);

    /** The period and when the next run starts; null {@code nextRunAt} for a single tick. */
    @QueryMethod
    State state();

    /** What {@link #state()} answers. */
    record State(Duration period, Instant nextRunAt) {}
}
