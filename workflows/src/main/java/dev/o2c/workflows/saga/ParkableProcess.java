package dev.o2c.workflows.saga;

import dev.o2c.workflows.common.DecisionAccepted;
import dev.o2c.workflows.common.Decisions;
import dev.o2c.workflows.common.ProcessState;
import dev.o2c.workflows.common.Resolution;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;

/**
 * What every o2c process that can park offers operators, whatever its own workflow interface adds: the
 * {@code state} query and the {@value Decisions#UPDATE} update with its validator. Workflow interfaces extend it;
 * {@link TrackedSagaWorkflow} implements it on a {@link TrackedSaga}.
 */
public interface ParkableProcess {

    @QueryMethod
    ProcessState state();

    @UpdateMethod(name = Decisions.UPDATE)
    DecisionAccepted decide(Resolution resolution);

    @UpdateValidatorMethod(updateName = Decisions.UPDATE)
    void validateDecide(Resolution resolution);
}
