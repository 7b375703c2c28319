package dev.o2c.devstack.bench;

import dev.o2c.codec.CodecKeys;
import dev.o2c.codec.EncryptionCodec;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.converter.DataConverter;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Hosts the {@link FloorWorkflow} in the bench's JVM, against the same Temporal server as the stack, with the options
 * the o2c worker runs with (worker/src/main/resources/application.yml and {@code TemporalConfig}): virtual workflow
 * threads, the SDK's default workflow cache and pollers, one activity worker per system with o2c's concurrency and
 * task-queue rate limit ({@code O2C_CRM_CONCURRENCY}, {@code O2C_CRM_RATE}, ... and their defaults), sticky execution
 * as the stack runs it, and o2c's data converter (JSON, then AES-GCM, unless the stack runs {@code O2C_CODEC=off}).
 * Its task queues are its own ({@value #QUEUE_PREFIX}...), so it never takes o2c's tasks.
 */
public final class Floor implements AutoCloseable {

    public static final String QUEUE_PREFIX = "bench-floor-";
    public static final String WORKFLOW_QUEUE = QUEUE_PREFIX + "workflows";

    /** o2c's activity workers: concurrency and task-queue rate limit, with application.yml's variables. */
    public record SystemWorker(String system, int concurrency, double ratePerSecond) {}

    /**
     * @param sticky    sticky execution (the local stack on the Java test server runs without)
     * @param encrypted payloads through o2c's AES-GCM codec (with a key of the floor's own: the cost is the same)
     * @param systems   one activity worker per system
     */
    public record Settings(boolean sticky, boolean encrypted, List<SystemWorker> systems) {

        /** o2c's systems with the concurrency and rate limits of the environment, or application.yml's defaults. */
        public static Settings of(boolean sticky, boolean encrypted, Map<String, String> env) {
            return new Settings(sticky, encrypted, List.of(
                    system(env, "crm", 20, 50), system(env, "psa", 20, 50),
                    system(env, "erp", 10, 20), system(env, "invoicing", 20, 50)));
        }

        private static SystemWorker system(Map<String, String> env, String name, int concurrency, double rate) {
            String upper = name.toUpperCase(java.util.Locale.ROOT);
            return new SystemWorker(name, Integer.parseInt(env.getOrDefault("O2C_" + upper + "_CONCURRENCY",
                    String.valueOf(concurrency))), Double.parseDouble(env.getOrDefault("O2C_" + upper + "_RATE",
                    String.valueOf(rate))));
        }
    }

    private final PingServer ping;
    private final WorkflowClient client;
    private final WorkerFactory factory;

    private Floor(PingServer ping, WorkflowClient client, WorkerFactory factory) {
        this.ping = ping;
        this.client = client;
        this.factory = factory;
    }

    /** Starts the endpoint and the workers; {@link #close()} stops both (not {@code service}). */
    public static Floor start(WorkflowServiceStubs service, String namespace, Settings settings) {
        PingServer ping = PingServer.start();
        WorkflowClient client = WorkflowClient.newInstance(service, WorkflowClientOptions.newBuilder()
                .setNamespace(namespace)
                .setDataConverter(dataConverter(settings.encrypted()))
                .build());
        WorkerFactory factory = WorkerFactory.newInstance(client, WorkerFactoryOptions.newBuilder()
                .setUsingVirtualWorkflowThreads(true)
                .build());
        WorkerOptions.Builder workflows = WorkerOptions.newBuilder().setUsingVirtualThreads(true);
        if (!settings.sticky()) {
            // as o2c's TemporalConfig: no sticky attributes, every workflow task to the normal queue
            workflows.setStickyQueueScheduleToStartTimeout(Duration.ZERO);
        }
        factory.newWorker(WORKFLOW_QUEUE, workflows.build()).registerWorkflowImplementationTypes(FloorWorkflowImpl.class);
        FloorActivitiesImpl activities = new FloorActivitiesImpl(ping.uri());
        for (SystemWorker system : settings.systems()) {
            factory.newWorker(taskQueue(system.system()), WorkerOptions.newBuilder()
                            .setUsingVirtualThreads(true)
                            .setMaxConcurrentActivityExecutionSize(system.concurrency())
                            .setMaxTaskQueueActivitiesPerSecond(system.ratePerSecond())
                            .build())
                    .registerActivitiesImplementations(activities);
        }
        factory.start();
        return new Floor(ping, client, factory);
    }

    /** Starts one floor saga over {@code steps}; returns as soon as Temporal accepted the start. */
    public WorkflowStub startSaga(String workflowId, List<String> steps) {
        WorkflowStub stub = client.newUntypedWorkflowStub("FloorWorkflow", WorkflowOptions.newBuilder()
                .setWorkflowId(workflowId)
                .setTaskQueue(WORKFLOW_QUEUE)
                .build());
        stub.start(steps);
        return stub;
    }

    /** HTTP requests the endpoint answered. */
    public long requests() {
        return ping.requests();
    }

    public WorkflowClient client() {
        return client;
    }

    /** The floor's task queue of {@code system}. */
    public static String taskQueue(String system) {
        return QUEUE_PREFIX + system;
    }

    /** The system of a step {@code system.activityType}. */
    public static String system(String step) {
        int dot = step.indexOf('.');
        return dot < 0 ? step : step.substring(0, dot);
    }

    /**
     * o2c's converter with a key of the floor's own (any AES-256 key costs the same). Fixed, not random: a floor run
     * that an interrupted bench left open is then finished by the next bench's workers instead of failing to decode.
     */
    private static DataConverter dataConverter(boolean encrypted) {
        byte[] key = Arrays.copyOf("o2c bench floor: not a secret".getBytes(StandardCharsets.UTF_8), 32);
        CodecKeys keys = CodecKeys.fromConfig("floor-1:" + Base64.getEncoder().encodeToString(key), "floor-1");
        return EncryptionCodec.dataConverter(new EncryptionCodec(keys), encrypted);
    }

    @Override
    public void close() {
        factory.shutdownNow();
        ping.close();
    }
}
