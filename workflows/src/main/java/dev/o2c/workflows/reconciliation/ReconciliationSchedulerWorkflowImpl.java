package dev.o2c.workflows.reconciliation;

import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.spring.boot.WorkflowImpl;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.slf4j.Logger;

/**
 * The reconciliation scheduler (see {@link ReconciliationSchedulerWorkflow}). One iteration per execution: wait the
 * period (or a {@code reschedule}), start the run, continue as new; so the history of one execution is a timer, a
 * child start and a handful of task events, however long the scheduler lives. The child's task queue is this
 * workflow's ({@code o2c-workflows}).
 */
@WorkflowImpl(workers = "o2c-workflows")
public class ReconciliationSchedulerWorkflowImpl implements ReconciliationSchedulerWorkflow {

    private static final Logger log = Workflow.getLogger(ReconciliationSchedulerWorkflowImpl.class);

    private final Duration period;
    private Instant nextRunAt;
    /** A period asked for by {@code reschedule} and not applied yet; null with {@code rescheduled}: stop. */
    private Duration requested;
    private boolean rescheduled;

    @WorkflowInit
    public ReconciliationSchedulerWorkflowImpl(ReconciliationSchedule schedule) {
        this.period = schedule.period();
    }

    @Override
    public void run(ReconciliationSchedule schedule) {
        if (!schedule.repeats()) {
            tick();
            return;
        }
        nextRunAt = Instant.ofEpochMilli(Workflow.currentTimeMillis()).plus(period);
        if (Workflow.await(period, () -> rescheduled)) {
            // a new period starts from now; none stops the scheduler
            if (requested == null) {
                log.info("reconciliation scheduler: stopped");
                return;
            }
            log.info("reconciliation scheduler: every {} (was {})", requested, period);
            Workflow.continueAsNew(ReconciliationSchedule.every(requested));
        }
        nextRunAt = null;
        tick();
        if (rescheduled && requested == null) {
            log.info("reconciliation scheduler: stopped");
            return;
        }
        Workflow.continueAsNew(ReconciliationSchedule.every(rescheduled ? requested : period));
    }

    @Override
    public void reschedule(Duration newPeriod) {
        Duration next = newPeriod == null || newPeriod.isZero() || newPeriod.isNegative() ? null : newPeriod;
        if (Objects.equals(next, period)) {
            // the period it runs with: nothing to change (also undoes a change not applied yet)
            rescheduled = false;
            requested = null;
            return;
        }
        requested = next;
        rescheduled = true;
    }

    @Override
    public State state() {
        return new State(rescheduled ? requested : period, nextRunAt);
    }

    /**
     * Starts the scheduled run as a child that outlives this execution, unless a reconciliation is running: then this
     * tick starts none. Any other failure to start is logged, not thrown: the next tick tries again.
     */
    private void tick() {
        ReconciliationWorkflow run = Workflow.newChildWorkflowStub(ReconciliationWorkflow.class,
                ChildWorkflowOptions.newBuilder()
                        .setWorkflowId(ReconciliationWorkflow.WORKFLOW_ID)
                        .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON)
                        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
                        .build());
        Async.function(run::run, ReconciliationRequest.scheduled());
        try {
            WorkflowExecution started = Workflow.getWorkflowExecution(run).get();
            log.info("reconciliation scheduler: started {} ({})", started.getWorkflowId(), started.getRunId());
        } catch (ChildWorkflowFailure e) {
            if (e.getCause() instanceof WorkflowExecutionAlreadyStarted) {
                log.info("reconciliation scheduler: a reconciliation is still running; none started");
            } else {
                log.warn("reconciliation scheduler: could not start a reconciliation: {}", e.getMessage());
            }
        }
    }
}
