package dev.o2c.worker;

import dev.o2c.workflows.common.CorrelationContextPropagator;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.activity.ActivityInfo;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.MDC;

/**
 * Puts the log context of an activity into the MDC of its thread for the time of the call, so that every line the
 * activity logs carries it (text: the {@code logging.pattern.correlation}; JSON: one field each):
 * <ul>
 *   <li>{@value #WORKFLOW_ID}, {@value #RUN_ID}, {@value #ACTIVITY_TYPE}: the keys the Temporal SDK itself uses
 *       ({@code io.temporal.internal.logging.LoggerTag}) and already puts on its workflow and activity threads, so
 *       that its own lines carry them too; reused, not duplicated. The JSON output renames them to
 *       {@code workflowId}, {@code runId}, {@code activityType} ({@code logging.structured.json.rename} in the
 *       worker's application.yml);</li>
 *   <li>{@value #STEP}: the saga step the call belongs to, read from the idempotency key the workflow passes as first
 *       argument ({@code {workflowId}[:i{n}]:{step}[:compensate][:r{n}]}, see {@code IdempotencyKeys}), e.g.
 *       {@code psa.createProject} or {@code psa.createProject:compensate}; the activity type for calls without such a
 *       key (reads, ledger writes);</li>
 *   <li>{@value #CORRELATION_ID}: the id {@link CorrelationContextPropagator} carries in the Temporal header.</li>
 * </ul>
 * On return each key gets back the value it had before (or is removed), so nothing leaks into the next task the
 * thread runs.
 *
 * <p>Workflow threads need no interceptor: the SDK puts {@code WorkflowId} and {@code RunId} there and the propagator
 * {@code correlationId}, which is all a workflow's log line ({@code Workflow.getLogger}) carries. Registered as a bean
 * ({@link TemporalConfig}): the Temporal Spring Boot starter gives every {@code WorkerInterceptor} bean to its worker
 * factory.
 */
public final class LogContextInterceptor extends WorkerInterceptorBase {

    /** MDC key of the workflow id (the SDK's own). */
    public static final String WORKFLOW_ID = "WorkflowId";
    /** MDC key of the workflow run id (the SDK's own). */
    public static final String RUN_ID = "RunId";
    /** MDC key of the activity type, e.g. {@code Psa.CreateProject} (the SDK's own). */
    public static final String ACTIVITY_TYPE = "ActivityType";
    /** MDC key of the saga step, e.g. {@code psa.createProject}. */
    public static final String STEP = "step";
    /** MDC key of the correlation id. */
    public static final String CORRELATION_ID = CorrelationContextPropagator.KEY;

    private static final Pattern INCARNATION = Pattern.compile("^i[1-9][0-9]*:");
    private static final Pattern ROUND = Pattern.compile(":r[1-9][0-9]*$");
    private static final CorrelationContextPropagator CORRELATION = new CorrelationContextPropagator();

    @Override
    public ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
        return new ActivityLogContext(next);
    }

    /**
     * The saga step of an activity call: the step part of its idempotency key (the first argument, when it is a
     * string that starts with {@code workflowId:}), without incarnation and retry round; else the activity type.
     */
    static String step(String workflowId, String activityType, Object[] arguments) {
        if (workflowId != null && arguments != null && arguments.length > 0
                && arguments[0] instanceof String key && key.startsWith(workflowId + ":")) {
            String step = key.substring(workflowId.length() + 1);
            step = INCARNATION.matcher(step).replaceFirst("");
            step = ROUND.matcher(step).replaceFirst("");
            if (!step.isBlank()) {
                return step;
            }
        }
        return activityType;
    }

    private static final class ActivityLogContext extends ActivityInboundCallsInterceptorBase {

        private ActivityExecutionContext context;

        ActivityLogContext(ActivityInboundCallsInterceptor next) {
            super(next);
        }

        @Override
        public void init(ActivityExecutionContext context) {
            this.context = context;
            super.init(context);
        }

        @Override
        public ActivityOutput execute(ActivityInput input) {
            ActivityInfo info = context.getInfo();
            Map<String, String> put = new LinkedHashMap<>();
            put.put(WORKFLOW_ID, info.getWorkflowId());
            put.put(RUN_ID, info.getWorkflowRunId());
            put.put(ACTIVITY_TYPE, info.getActivityType());
            put.put(STEP, step(info.getWorkflowId(), info.getActivityType(), input.getArguments()));
            put.put(CORRELATION_ID, correlationId(input));
            Map<String, String> before = new LinkedHashMap<>();
            put.forEach((key, value) -> {
                before.put(key, MDC.get(key));
                set(key, value);
            });
            try {
                return super.execute(input);
            } finally {
                before.forEach(ActivityLogContext::set);
            }
        }

        /** The propagator normally put it already; the header is the source either way. */
        private static String correlationId(ActivityInput input) {
            Object fromHeader = input.getHeader() == null ? null
                    : CORRELATION.deserializeContext(input.getHeader().getValues());
            return fromHeader instanceof String id ? id : MDC.get(CORRELATION_ID);
        }

        private static void set(String key, String value) {
            if (value == null) {
                MDC.remove(key);
            } else {
                MDC.put(key, value);
            }
        }
    }
}
