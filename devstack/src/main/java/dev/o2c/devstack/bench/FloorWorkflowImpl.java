package dev.o2c.devstack.bench;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One activity per step, in order, each on the floor's task queue of the step's system ({@link Floor#taskQueue}),
 * with the timeouts and retries of o2c's forward calls (30 s per attempt, retried from 1 s, doubling, for at most
 * 10 minutes), so the schedule and the payloads look like o2c's.
 */
public class FloorWorkflowImpl implements FloorWorkflow {

    private final Map<String, FloorActivities> stubs = new HashMap<>();

    @Override
    public int run(List<String> steps) {
        String key = Workflow.getInfo().getWorkflowId();
        for (String step : steps) {
            stub(Floor.system(step)).call(step, key + ":" + step);
        }
        return steps.size();
    }

    private FloorActivities stub(String system) {
        return stubs.computeIfAbsent(system, s -> Workflow.newActivityStub(FloorActivities.class,
                ActivityOptions.newBuilder()
                        .setTaskQueue(Floor.taskQueue(s))
                        .setStartToCloseTimeout(Duration.ofSeconds(30))
                        .setScheduleToCloseTimeout(Duration.ofMinutes(10))
                        .setRetryOptions(RetryOptions.newBuilder()
                                .setInitialInterval(Duration.ofSeconds(1))
                                .setBackoffCoefficient(2)
                                .setMaximumInterval(Duration.ofSeconds(30))
                                .build())
                        .build()));
    }
}
