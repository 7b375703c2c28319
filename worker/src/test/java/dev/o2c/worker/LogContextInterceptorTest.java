package dev.o2c.worker;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.o2c.workflows.common.CorrelationContextPropagator;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** One activity under {@link LogContextInterceptor} on the Java test server: its log line carries the context. */
class LogContextInterceptorTest {

    private static final String QUEUE = "log-context";
    private static final String ACTIVITY_LOGGER = "o2c.test.activity";
    private static final String WORKFLOW_LOGGER = "o2c.test.workflow";

    @ActivityInterface(namePrefix = "Psa.")
    public interface StepActivities {
        String createProject(String idempotencyKey, String opportunityId);
    }

    public static class StepActivitiesImpl implements StepActivities {
        @Override
        public String createProject(String idempotencyKey, String opportunityId) {
            LoggerFactory.getLogger(ACTIVITY_LOGGER).info("creating project for {}", opportunityId);
            return "prj-1";
        }
    }

    @WorkflowInterface
    public interface StepWorkflow {
        @WorkflowMethod
        String run(String opportunityId);
    }

    public static class StepWorkflowImpl implements StepWorkflow {
        private final StepActivities psa = Workflow.newActivityStub(StepActivities.class,
                ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(10)).build());

        @Override
        public String run(String opportunityId) {
            Workflow.getLogger(WORKFLOW_LOGGER).info("provisioning {}", opportunityId);
            // the key as IdempotencyKeys builds it: 2nd incarnation, 1st operator retry round
            String key = Workflow.getInfo().getWorkflowId() + ":i2:psa.createProject:r1";
            return psa.createProject(key, opportunityId);
        }
    }

    /** Outside {@link LogContextInterceptor}: the MDC just before and just after it. */
    static final class Probe extends WorkerInterceptorBase {
        final Map<String, String> before = new ConcurrentHashMap<>();
        final Map<String, String> after = new ConcurrentHashMap<>();

        @Override
        public ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
            return new ActivityInboundCallsInterceptorBase(next) {
                @Override
                public ActivityOutput execute(ActivityInput input) {
                    copy(before);
                    try {
                        return super.execute(input);
                    } finally {
                        copy(after);
                    }
                }
            };
        }

        private static void copy(Map<String, String> into) {
            Map<String, String> mdc = MDC.getCopyOfContextMap();
            into.clear();
            if (mdc != null) {
                into.putAll(mdc);
            }
        }
    }

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Probe probe = new Probe();
    private TestWorkflowEnvironment env;

    @BeforeEach
    void setUp() {
        appender.start();
        logger(ACTIVITY_LOGGER).addAppender(appender);
        logger(WORKFLOW_LOGGER).addAppender(appender);
        // interceptors wrap in order: the probe, registered last, is the outer one
        env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
                .setWorkerFactoryOptions(WorkerFactoryOptions.newBuilder()
                        .setWorkerInterceptors(new LogContextInterceptor(), probe)
                        .build())
                .setWorkflowClientOptions(WorkflowClientOptions.newBuilder()
                        .setContextPropagators(List.of(new CorrelationContextPropagator()))
                        .build())
                .build());
        Worker worker = env.newWorker(QUEUE);
        worker.registerWorkflowImplementationTypes(StepWorkflowImpl.class);
        worker.registerActivitiesImplementations(new StepActivitiesImpl());
        env.start();
    }

    @AfterEach
    void tearDown() {
        env.close();
        logger(ACTIVITY_LOGGER).detachAppender(appender);
        logger(WORKFLOW_LOGGER).detachAppender(appender);
        MDC.clear();
    }

    @Test
    void activityAndWorkflowLinesCarryTheContextWhichIsClearedAfterTheCall() {
        String workflowId = "o2p-opp-42";
        StepWorkflow workflow = env.getWorkflowClient().newWorkflowStub(StepWorkflow.class,
                WorkflowOptions.newBuilder().setTaskQueue(QUEUE).setWorkflowId(workflowId).build());
        MDC.put(CorrelationContextPropagator.KEY, "corr-log-1"); // as the starter's filter does for a request
        try {
            assertThat(workflow.run("opp-42")).isEqualTo("prj-1");
        } finally {
            MDC.remove(CorrelationContextPropagator.KEY);
        }
        String runId = io.temporal.client.WorkflowStub.fromTyped(workflow).getExecution().getRunId();

        ILoggingEvent activityLine = only(ACTIVITY_LOGGER);
        assertThat(activityLine.getMDCPropertyMap())
                .containsEntry(LogContextInterceptor.WORKFLOW_ID, workflowId)
                .containsEntry(LogContextInterceptor.RUN_ID, runId)
                .containsEntry(LogContextInterceptor.ACTIVITY_TYPE, "Psa.CreateProject")
                .containsEntry(LogContextInterceptor.STEP, "psa.createProject")
                .containsEntry(LogContextInterceptor.CORRELATION_ID, "corr-log-1");

        ILoggingEvent workflowLine = only(WORKFLOW_LOGGER);
        assertThat(workflowLine.getMDCPropertyMap())
                .containsEntry(LogContextInterceptor.WORKFLOW_ID, workflowId)
                .containsEntry(LogContextInterceptor.RUN_ID, runId)
                .containsEntry(LogContextInterceptor.CORRELATION_ID, "corr-log-1")
                .doesNotContainKey(LogContextInterceptor.STEP);

        // after the call the thread's MDC is as the interceptor found it: its own key gone, the SDK's and the
        // propagator's back to their values (the SDK removes those once the task is done)
        assertThat(probe.after).doesNotContainKey(LogContextInterceptor.STEP).isEqualTo(probe.before);
    }

    @Test
    void stepIsTheKeysStepPartOrTheActivityType() {
        Object[] none = {};
        assertThat(LogContextInterceptor.step("wf-1", "Psa.CreateProject", new Object[] {"wf-1:psa.createProject"}))
                .isEqualTo("psa.createProject");
        assertThat(LogContextInterceptor.step("wf-1", "Psa.CancelProject",
                new Object[] {"wf-1:i3:psa.createProject:compensate:r2", "opp-1"}))
                .isEqualTo("psa.createProject:compensate");
        // not a key of this workflow (a read's business id), no argument, or not a string: the activity type
        assertThat(LogContextInterceptor.step("wf-1", "Crm.ReadWonOpportunity", new Object[] {"opp-1"}))
                .isEqualTo("Crm.ReadWonOpportunity");
        assertThat(LogContextInterceptor.step("wf-1", "Ledger.DunningPolicy", none)).isEqualTo("Ledger.DunningPolicy");
        assertThat(LogContextInterceptor.step("wf-1", "Ledger.RecordTransition", new Object[] {new HashMap<>()}))
                .isEqualTo("Ledger.RecordTransition");
    }

    private ILoggingEvent only(String loggerName) {
        List<ILoggingEvent> lines = appender.list.stream()
                .filter(e -> e.getLoggerName().equals(loggerName))
                .toList();
        assertThat(lines).hasSize(1);
        return lines.getFirst();
    }

    private static Logger logger(String name) {
        return (Logger) LoggerFactory.getLogger(name);
    }
}
