package dev.o2c.workflows.saga;

import dev.o2c.workflows.common.DecisionAccepted;
import dev.o2c.workflows.common.ProcessState;
import dev.o2c.workflows.common.Resolution;
import dev.o2c.workflows.systems.LedgerActivities;
import io.temporal.workflow.Workflow;
import java.util.List;

/**
 * Base of o2c's saga workflow implementations: owns the {@link TrackedSaga} (created with the workflow, so the
 * query and the update work before the workflow method started) and answers {@link ParkableProcess} from it.
 */
public abstract class TrackedSagaWorkflow implements ParkableProcess {

    protected final TrackedSaga saga;

    protected TrackedSagaWorkflow(String processType, List<SagaStep> steps) {
        this.saga = new TrackedSaga(processType, steps,
                Workflow.newLocalActivityStub(LedgerActivities.class, SystemActivityOptions.ledger()));
    }

    @Override
    public ProcessState state() {
        return saga.state();
    }

    @Override
    public DecisionAccepted decide(Resolution resolution) {
        return saga.decide(resolution);
    }

    @Override
    public void validateDecide(Resolution resolution) {
        saga.validateDecision(resolution);
    }
}
