package dev.o2c.activities.http;

import dev.o2c.workflows.common.CorrelationContextPropagator;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityInfo;
import org.slf4j.MDC;

/**
 * Who is calling: the activity's workflow, run, type and attempt (from {@link Activity#getExecutionContext()}) and the
 * correlation id that {@link CorrelationContextPropagator} put in the MDC of the activity thread.
 *
 * @param workflowId workflow id, {@code -} outside an activity
 * @param runId run id, null outside an activity
 * @param step activity type, e.g. {@code Erp.UpsertCustomer}; {@code -} outside an activity
 * @param attempt activity attempt (1-based); 1 outside an activity
 * @param correlationId correlation id, may be null
 * @param local whether the activity runs as a local activity (on the workflow worker, not on the system's queue)
 */
public record CallContext(String workflowId, String runId, String step, int attempt, String correlationId,
        boolean local) {

    /** Outside an activity (a tool or a test calling a connector directly). */
    static final String NONE = "-";

    /** The context of the current thread. */
    public static CallContext current() {
        String correlationId = MDC.get(CorrelationContextPropagator.KEY);
        ActivityInfo info;
        try {
            info = Activity.getExecutionContext().getInfo();
        } catch (IllegalStateException notInAnActivity) {
            return new CallContext(NONE, null, NONE, 1, correlationId, false);
        }
        // attempts are 1-based on a Temporal server; TestActivityEnvironment reports 0
        return new CallContext(info.getWorkflowId(), info.getWorkflowRunId(), info.getActivityType(),
                Math.max(1, info.getAttempt()), correlationId, info.isLocal());
    }
}
