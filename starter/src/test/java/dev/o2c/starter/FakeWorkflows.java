package dev.o2c.starter;

import dev.o2c.workflows.common.TaskQueues;
import io.temporal.testing.TestWorkflowEnvironment;

/** A started Temporal test environment whose workflow queue runs the given fakes, for the starter's slice tests. */
public final class FakeWorkflows {

    private FakeWorkflows() {}

    /** The caller closes it after its tests. */
    public static TestWorkflowEnvironment started(Class<?>... fakes) {
        TestWorkflowEnvironment environment = TestWorkflowEnvironment.newInstance();
        environment.newWorker(TaskQueues.WORKFLOWS).registerWorkflowImplementationTypes(fakes);
        environment.start();
        return environment;
    }
}
