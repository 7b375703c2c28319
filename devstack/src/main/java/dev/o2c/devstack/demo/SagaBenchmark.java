package dev.o2c.devstack.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.o2c.codec.EncryptionCodec;
import dev.o2c.devstack.bench.CloseWatch;
import dev.o2c.devstack.bench.CpuMeter;
import dev.o2c.devstack.bench.Floor;
import dev.o2c.devstack.bench.HistoryProfile;
import dev.o2c.devstack.client.O2cClient;
import com.google.protobuf.Timestamp;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.TaskQueueKind;
import io.temporal.api.history.v1.History;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * {@code ./o2c bench}: opportunity-to-project against a floor, in one run against the same Temporal server. The floor
 * ({@link Floor}) is a bare saga with the same activity calls as o2c's happy path (read from a warm-up run's
 * history), each one HTTP call to a trivial endpoint in this JVM, hosted here with the o2c worker's options.
 *
 * <p>Measured, for o2c and the floor the same way, from outside the workflow (the history's started event, then a
 * long poll of its close event; never the state query):
 * <ul>
 *   <li>latency at concurrency 1: started → closed, one run at a time, o2c and floor alternating;</li>
 *   <li>throughput: N started at once, first started → last closed;</li>
 *   <li>events per history (o2c's version markers listed);</li>
 *   <li>o2c's profile from its histories: workflow tasks, activities, ledger/audit writes (local activities);</li>
 *   <li>the webhook path on its own: deal won in CRM → o2c's workflow started (the sandbox's outbox, the starter's
 *       webhook endpoint, the start call).</li>
 * </ul>
 * Arguments: {@code [N at once, default 50] [runs at concurrency 1, default 10]}. Environment: {@code STARTER_URL},
 * {@code SANDBOX_URL}, {@code O2C_IDP_URL}, {@code TEMPORAL_ADDRESS} (default 127.0.0.1:7233),
 * {@code TEMPORAL_NAMESPACE}, {@code O2C_STICKY_EXECUTION} (give the stack's: the Java test server's histories do
 * not tell; unset, a sticky queue in the warm-up history turns it on) and the activity workers' settings.
 */
public final class SagaBenchmark {

    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    /**
     * One run: webhook leg (o2c only, else -1), started → close observed, its history, and (o2c only) the system
     * calls its audit rows list with their summed duration (the HTTP calls inside the activities).
     */
    record Run(long webhookMillis, long latencyMillis, History history, int calls, long callMillis,
            HistoryProfile profile) {

        Run(long webhookMillis, long latencyMillis, History history, int calls, long callMillis) {
            this(webhookMillis, latencyMillis, history, calls, callMillis, HistoryProfile.of(history));
        }
    }

    public static void main(String[] args) {
        int concurrent = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int sequential = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        run(O2cClient.fromEnvironment(), O2cClient.env("TEMPORAL_ADDRESS", "127.0.0.1:7233"),
                O2cClient.env("TEMPORAL_NAMESPACE", "default"), concurrent, sequential, System.getenv());
    }

    /**
     * The figures {@link #run} printed, for a test.
     *
     * @param latencyRatio    o2c's mean latency at concurrency 1 over the floor's
     * @param throughputRatio o2c's sagas per second, N at once, over the floor's
     * @param o2cEvents       events in an o2c history
     * @param floorEvents     events in a floor history
     * @param versionMarkers  o2c's version markers
     * @param steps           the activities the floor ran per saga (o2c's system calls, {@code taskQueue.activityType})
     * @param localSteps      those of {@code steps} that o2c ran as local activities
     * @param floorRequests   HTTP calls the floor's endpoint answered
     */
    public record Result(double latencyRatio, double throughputRatio, int o2cEvents, int floorEvents,
            List<String> versionMarkers, List<String> steps, List<String> localSteps, long floorRequests) {}

    /**
     * Runs the benchmark against the stack behind {@code o2c} and the Temporal frontend {@code temporalAddress},
     * prints the report, returns its figures; {@code env} gives the o2c worker's concurrency and rate settings.
     */
    public static Result run(O2cClient o2c, String temporalAddress, String namespace, int concurrent, int sequential,
            Map<String, String> env) {
        WorkflowServiceStubs service = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
                .setTarget(temporalAddress).build());
        CloseWatch watch = new CloseWatch(service, namespace);

        // warm-up (JIT, connection pools), not measured; its history tells the floor what to do and how
        long wallStart = System.nanoTime();
        Run warmUp = runO2c(o2c, watch, deal(o2c));
        History sample = warmUp.history();
        HistoryProfile shape = warmUp.profile();
        // a real server names the sticky queue in the history; the Java test server does not, so the stack's
        // O2C_STICKY_EXECUTION (which the bench is given too) decides there
        String stickySetting = env.getOrDefault("O2C_STICKY_EXECUTION", "").strip();
        boolean sticky = "true".equalsIgnoreCase(stickySetting) || !"false".equalsIgnoreCase(stickySetting)
                && sample.getEventsList().stream()
                        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED)
                        .anyMatch(e -> e.getWorkflowTaskScheduledEventAttributes().getTaskQueue().getKind()
                                == TaskQueueKind.TASK_QUEUE_KIND_STICKY);
        boolean encrypted = EncryptionCodec.isEncrypted(sample.getEvents(0)
                .getWorkflowExecutionStartedEventAttributes().getInput().getPayloads(0));
        List<String> steps = shape.steps();
        Floor.Settings settings = Floor.Settings.of(sticky, encrypted, env);

        try (Floor floor = Floor.start(service, namespace, settings)) {
            String batch = UUID.randomUUID().toString().substring(0, 8);
            runFloor(floor, watch, "bench-floor-" + batch + "-warmup", steps);

            List<Run> o2cRuns = new ArrayList<>();
            List<Run> floorRuns = new ArrayList<>();
            for (int i = 0; i < sequential; i++) {
                o2cRuns.add(runO2c(o2c, watch, deal(o2c)));
                floorRuns.add(runFloor(floor, watch, "bench-floor-" + batch + "-" + i, steps));
            }

            List<String> floorIds = new ArrayList<>();
            for (int i = 0; i < concurrent; i++) {
                floorIds.add("bench-floor-" + batch + "-n" + i);
            }
            CpuMeter cpu = CpuMeter.of(stackPorts(temporalAddress, env), "bench JVM (floor workers, watchers)");
            Map<String, Long> floorFrom = cpu.sample();
            double floorSeconds = atOnce(floorIds, id -> {
                floor.startSaga(id, steps);
                return id;
            }, watch);
            Map<String, Double> floorCpu = CpuMeter.millisPer(floorFrom, cpu.sample(), concurrent);
            List<String> deals = new ArrayList<>();
            for (int i = 0; i < concurrent; i++) {
                deals.add(deal(o2c));
            }
            Map<String, Long> o2cFrom = cpu.sample();
            double o2cSeconds = atOnce(deals, opportunity -> {
                o2c.markWon(opportunity).expect(200);
                return workflowId(opportunity);
            }, watch);
            Map<String, Double> o2cCpu = CpuMeter.millisPer(o2cFrom, cpu.sample(), concurrent);
            List<Run> o2cBatch = new ArrayList<>();
            for (String opportunity : deals) {
                String workflowId = workflowId(opportunity);
                JsonNode process = o2c.process(workflowId).expect(200).body();
                requireCompleted(workflowId, process);
                o2cBatch.add(new Run(-1, -1, watch.history(workflowId), process.path("audit").size(),
                        callMillis(process)));
            }
            List<Run> floorBatch = floorIds.stream().map(id -> new Run(-1, -1, watch.history(id), -1, 0)).toList();

            Result result = report(sequential, concurrent, settings, o2cRuns, floorRuns, o2cSeconds, floorSeconds,
                    floor.requests(), (System.nanoTime() - wallStart) / 1e9, o2cBatch, floorBatch);
            printCpu(concurrent, o2cCpu, floorCpu);
            return result;
        } finally {
            service.shutdown();
        }
    }

    /** Marks the deal won (the CRM's webhook starts the saga), then watches it start and close. */
    private static Run runO2c(O2cClient o2c, CloseWatch watch, String opportunity) {
        String workflowId = workflowId(opportunity);
        long won = System.currentTimeMillis();
        o2c.markWon(opportunity).expect(200);
        HistoryEvent started = watch.awaitStart(workflowId, TIMEOUT);
        HistoryEvent closed = watch.awaitClose(workflowId, TIMEOUT);
        long observed = System.currentTimeMillis();
        requireClosedOk(workflowId, closed);
        JsonNode process = o2c.process(workflowId).expect(200).body();
        requireCompleted(workflowId, process);
        return new Run(millis(started.getEventTime()) - won, observed - millis(started.getEventTime()),
                watch.history(workflowId), process.path("audit").size(), callMillis(process));
    }

    private static Run runFloor(Floor floor, CloseWatch watch, String workflowId, List<String> steps) {
        floor.startSaga(workflowId, steps);
        HistoryEvent closed = watch.awaitClose(workflowId, TIMEOUT);
        long observed = System.currentTimeMillis();
        requireClosedOk(workflowId, closed);
        History history = watch.history(workflowId);
        return new Run(-1, observed - millis(history.getEvents(0).getEventTime()), history, -1, 0);
    }

    /** Starts every one at once; seconds from the first started event to the last close observed. */
    private static double atOnce(List<String> inputs, Function<String, String> start, CloseWatch watch) {
        ConcurrentLinkedQueue<Long> starts = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Long> closes = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (String input : inputs) {
                pool.submit(() -> {
                    try {
                        String workflowId = start.apply(input);
                        starts.add(millis(watch.awaitStart(workflowId, TIMEOUT).getEventTime()));
                        HistoryEvent closed = watch.awaitClose(workflowId, TIMEOUT);
                        closes.add(System.currentTimeMillis());
                        requireClosedOk(workflowId, closed);
                    } catch (Throwable t) {
                        failures.add(t);
                    }
                });
            }
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException(failures.size() + " of " + inputs.size() + " runs failed",
                    failures.peek());
        }
        long first = starts.stream().mapToLong(Long::longValue).min().orElseThrow();
        long last = closes.stream().mapToLong(Long::longValue).max().orElseThrow();
        return (last - first) / 1000.0;
    }

    private static Result report(int sequential, int concurrent, Floor.Settings settings, List<Run> o2cRuns,
            List<Run> floorRuns, double o2cSeconds, double floorSeconds, long floorRequests, double wallSeconds,
            List<Run> o2cBatch, List<Run> floorBatch) {
        Stats o2cLatency = Stats.of(o2cRuns.stream().map(Run::latencyMillis).toList());
        Stats floorLatency = Stats.of(floorRuns.stream().map(Run::latencyMillis).toList());
        Stats webhook = Stats.of(o2cRuns.stream().map(Run::webhookMillis).toList());
        HistoryProfile o2cShape = o2cRuns.getLast().profile();
        HistoryProfile floorShape = floorRuns.getLast().profile();
        double o2cPerSecond = concurrent / o2cSeconds;
        double floorPerSecond = concurrent / floorSeconds;
        int markers = o2cShape.versionMarkers().size();

        System.out.println();
        System.out.println("opportunity-to-project against the floor (a bare saga, same activities, same Temporal"
                + " server, o2c's worker options)");
        System.out.printf("  worker options       sticky execution %s (O2C_STICKY_EXECUTION, as the stack's), payloads %s, virtual threads, activity"
                + " workers %s%n", settings.sticky() ? "ON" : "off",
                settings.encrypted() ? "encrypted (AES-GCM codec)" : "PLAIN (O2C_CODEC=off)",
                settings.systems().stream().map(s -> s.system() + " " + s.concurrency() + "/" + (int) s.ratePerSecond()
                        + "/s").toList());
        System.out.printf("  floor steps          %d activities: %s%n", o2cShape.steps().size(),
                String.join(", ", o2cShape.steps()));
        System.out.printf("  o2c runs %d of them as local activities (reads, in its workflow tasks): %s%n",
                o2cShape.localSteps().size(), String.join(", ", o2cShape.localSteps()));
        System.out.println();
        System.out.printf("  %-28s %12s %12s %8s %s%n", "", "o2c", "floor", "ratio", "goal");
        System.out.printf("  %-28s %9.0f ms %9.0f ms %8.2f %s%n", "latency, concurrency 1 (mean)",
                o2cLatency.mean(), floorLatency.mean(), o2cLatency.mean() / floorLatency.mean(), "<= 1.2");
        System.out.printf("  %-28s %9d ms %9d ms %8.2f%n", "  median", o2cLatency.median(), floorLatency.median(),
                (double) o2cLatency.median() / floorLatency.median());
        System.out.printf("  %-28s %12s %12s%n", "  min-max (ms)", o2cLatency.min() + "-" + o2cLatency.max(),
                floorLatency.min() + "-" + floorLatency.max());
        double systemsMillis = o2cRuns.stream().mapToLong(Run::callMillis).average().orElse(0);
        System.out.printf("  %-28s %9.0f ms %9.0f ms %8.2f %s%n", "  less the systems' own time",
                o2cLatency.mean() - systemsMillis, floorLatency.mean(),
                (o2cLatency.mean() - systemsMillis) / floorLatency.mean(), "(audit durationMs: the sandbox's work)");
        System.out.printf("  %-28s %7.2f /s %9.2f /s %8.2f %s%n", "throughput, " + concurrent + " at once",
                o2cPerSecond, floorPerSecond, o2cPerSecond / floorPerSecond, ">= 1.0");
        System.out.printf("  %-28s %10.1f s %10.1f s%n", "  first started -> last closed", o2cSeconds,
                floorSeconds);
        System.out.printf("  %-28s %12d %12d %8s %s%n", "history events", o2cShape.events(), floorShape.events(),
                "+" + (o2cShape.events() - floorShape.events()), "<= floor + " + markers + " version markers = "
                        + (floorShape.events() + markers));
        System.out.printf("  %-28s %12d %12d%n", "  without workflow task events",
                o2cShape.eventsWithoutWorkflowTasks(), floorShape.eventsWithoutWorkflowTasks());
        System.out.printf("  version markers      %s%n", o2cShape.versionMarkers());
        System.out.println();
        System.out.printf("  webhook path         deal won in CRM -> workflow started: mean %.0f ms, median %d ms,"
                + " min %d, max %d ms (not in the latency above)%n", webhook.mean(), webhook.median(), webhook.min(),
                webhook.max());
        System.out.println();
        profile("where the time goes (server timestamps), mean per run over the " + sequential
                + " runs at concurrency 1:", o2cRuns, floorRuns);
        profile("the same, mean per run over the " + concurrent + " started at once:", o2cBatch, floorBatch);
        System.out.println("  (the Java test server stamps a workflow task's events when it completes: its wait and"
                + " processing then count as round trip)");
        System.out.println("  per step, scheduled -> completed (mean):");
        for (int i = 0; i < o2cShape.steps().size(); i++) {
            final int step = i;
            double o2cStep = o2cRuns.stream().mapToLong(r -> r.profile().stepMillis().get(step)).average().orElse(0);
            double floorStep = floorRuns.stream().mapToLong(r -> r.profile().stepMillis().get(step)).average()
                    .orElse(0);
            String o2cText = o2cStep < 0 ? "local" : String.format(java.util.Locale.ROOT, "%.0f ms", o2cStep);
            System.out.printf("    %-42s %16s %13.0f ms%n", o2cShape.steps().get(i), o2cText, floorStep);
        }
        System.out.println();
        System.out.printf("  floor endpoint answered %d HTTP calls; %d + %d runs in %.0f s%n", floorRequests,
                sequential, concurrent, wallSeconds);
        return new Result(o2cLatency.mean() / floorLatency.mean(), o2cPerSecond / floorPerSecond, o2cShape.events(),
                floorShape.events(), o2cShape.versionMarkers(), o2cShape.steps(), o2cShape.localSteps(), floorRequests);
    }

    /** The stack's processes by the ports they listen on (the environment's URLs, else the local stack's). */
    private static Map<String, Integer> stackPorts(String temporalAddress, Map<String, String> env) {
        Map<String, Integer> ports = new java.util.LinkedHashMap<>();
        ports.put("worker", port(env.getOrDefault("WORKER_URL", "http://127.0.0.1:8082")));
        ports.put("sandbox (the four systems)", port(env.getOrDefault("SANDBOX_URL", "http://127.0.0.1:8090")));
        ports.put("starter (webhooks, REST)", port(env.getOrDefault("STARTER_URL", "http://127.0.0.1:8081")));
        ports.put("Temporal server", Integer.parseInt(temporalAddress.substring(temporalAddress.lastIndexOf(':') + 1)));
        ports.put("PostgreSQL (ledger, sandbox, ...)", Integer.parseInt(env.getOrDefault("O2C_PG_PORT", "5432")));
        return ports;
    }

    private static int port(String url) {
        return java.net.URI.create(url).getPort();
    }

    private static void printCpu(int concurrent, Map<String, Double> o2c, Map<String, Double> floor) {
        System.out.println();
        System.out.printf("  CPU per saga while %d ran at once (/proc, each process with its children):%n", concurrent);
        System.out.printf("  %-44s %13s %16s%n", "", "o2c", "floor");
        double o2cTotal = 0;
        double floorTotal = 0;
        for (var e : o2c.entrySet()) {
            double f = floor.getOrDefault(e.getKey(), 0.0);
            System.out.printf("  %-44s %10.1f ms %13.1f ms%n", e.getKey(), e.getValue(), f);
            o2cTotal += e.getValue();
            floorTotal += f;
        }
        System.out.printf("  %-44s %10.1f ms %13.1f ms%n", "all of them", o2cTotal, floorTotal);
    }

    private static void profile(String title, List<Run> o2c, List<Run> floor) {
        System.out.println("  " + title);
        System.out.printf("  %-44s %16s %16s%n", "", "o2c", "floor");
        profile("started -> closed", o2c, floor, p -> (double) p.totalMillis(), "ms");
        profile("activities", o2c, floor, p -> (double) p.activities(), "");
        profile("  queue wait (scheduled -> started)", o2c, floor, p -> (double) p.actWaitMillis(), "ms");
        profile("  execution (started -> completed)", o2c, floor, p -> (double) p.actRunMillis(), "ms");
        System.out.printf("  %-44s %13.1f %-2s %16s%n", "    of which system HTTP calls (audit rows)",
                o2c.stream().mapToLong(Run::calls).average().orElse(0), "", "");
        System.out.printf("  %-44s %13.1f %-2s %16s%n", "    their duration (audit durationMs)",
                o2c.stream().mapToLong(Run::callMillis).average().orElse(0), "ms", "");
        profile("child workflow start (billing hand-off)", o2c, floor, p -> (double) p.childStartMillis(),
                "ms");
        profile("workflow tasks", o2c, floor, p -> (double) p.workflowTasks(), "");
        profile("workflow task round trips + hand-overs", o2c, floor, p -> (double) (p.wftWaitMillis()
                + p.wftRunMillis() + p.otherMillis()), "ms");
        profile("  of which processing (if the server stamps it)", o2c, floor,
                p -> (double) p.wftRunMillis(), "ms");
        profile("ledger writes (local activities, in tasks)", o2c, floor,
                p -> (double) (p.localActivities().size() - p.localSteps().size()), "");
        profile("system reads (local activities, in tasks)", o2c, floor,
                p -> (double) p.localSteps().size(), "");
    }

    private static void profile(String label, List<Run> o2c, List<Run> floor, Function<HistoryProfile, Double> field,
            String unit) {
        double a = o2c.stream().mapToDouble(r -> field.apply(r.profile())).average().orElse(0);
        double b = floor.stream().mapToDouble(r -> field.apply(r.profile())).average().orElse(0);
        System.out.printf("  %-44s %13.1f %-2s %13.1f %-2s%n", label, a, unit, b, unit);
    }

    record Stats(double mean, long median, long min, long max) {
        static Stats of(List<Long> values) {
            List<Long> sorted = values.stream().sorted().toList();
            return new Stats(sorted.stream().mapToLong(Long::longValue).average().orElseThrow(),
                    sorted.get(sorted.size() / 2), sorted.getFirst(), sorted.getLast());
        }
    }

    /** The summed duration of a process's system calls, from its audit rows. */
    private static long callMillis(JsonNode process) {
        long sum = 0;
        for (JsonNode call : process.path("audit")) {
            sum += call.path("durationMs").asLong();
        }
        return sum;
    }

    private static void requireClosedOk(String workflowId, HistoryEvent closed) {
        if (closed.getEventType() != EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED) {
            throw new IllegalStateException(workflowId + " closed as " + closed.getEventType());
        }
    }

    /** The process's own outcome (a compensated saga completes its workflow too); read after the close. */
    private static void requireCompleted(String workflowId, JsonNode process) {
        String status = process.path("status").asText();
        if (!"COMPLETED".equals(status)) {
            throw new IllegalStateException(workflowId + " ended " + status + ", not COMPLETED");
        }
    }

    private static String workflowId(String opportunity) {
        return "opportunity-to-project-" + opportunity;
    }

    private static long millis(Timestamp t) {
        return t.getSeconds() * 1000 + t.getNanos() / 1_000_000;
    }

    private static String deal(O2cClient o2c) {
        String name = "Bench " + UUID.randomUUID().toString().substring(0, 8);
        return o2c.createOpportunity(o2c.createAccount(name, true), name);
    }
}
