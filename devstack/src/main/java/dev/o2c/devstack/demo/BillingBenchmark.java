package dev.o2c.devstack.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.o2c.devstack.client.O2cClient;
import dev.o2c.devstack.client.WorkflowHistories;
import io.temporal.api.history.v1.HistoryEvent;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code ./o2c bench billing [N] [baseline]}: one billing run of N approved time entries (default 100,000) against a
 * baseline of 100, on a running local stack. For each size: a time-and-materials deal is provisioned, N approved,
 * unbilled time entries are bulk-seeded into its PSA project (the sandbox's seeding endpoint, no events), then a
 * bill-now through yesterday; measured are the wall time from the bill-now to the run's COMPLETED, the number of
 * events in the run workflow's history (the goal: the same for 100 and for 100,000 entries, since entries never enter
 * the history), and the worker's heap ({@code jvm.memory.used}, area heap) before, at most during (sampled every
 * 200 ms) and after the run. A warm-up run of the baseline size comes first and is not measured.
 *
 * <p>Environment: {@code STARTER_URL}, {@code SANDBOX_URL}, {@code WORKER_URL} (actuator, default
 * {@code http://127.0.0.1:8082}), {@code O2C_IDP_URL} or {@code O2C_IDP_PORT} (the identity provider whose tokens
 * the starter takes), {@code TEMPORAL_ADDRESS}, {@code TEMPORAL_NAMESPACE}.
 */
public final class BillingBenchmark {

    private static final Set<String> SETTLED = Set.of("COMPLETED", "COMPENSATED", "ABORTED", "NEEDS_ATTENTION",
            "FAILED");

    private final O2cClient o2c;
    private final String worker;

    private BillingBenchmark(O2cClient o2c, String worker) {
        this.o2c = o2c;
        this.worker = worker;
    }

    /** One measured run. Heap in bytes (-1 when the worker did not answer). */
    record Result(int entries, long seedMillis, long billMillis, int events, int commandEvents, long heapBefore,
            long heapMax,
            long heapAfter, int entriesBilled, String total, String runId) {}

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 100_000;
        int baseline = args.length > 1 ? Integer.parseInt(args[1].replace("_", "")) : 100;
        BillingBenchmark bench = new BillingBenchmark(O2cClient.fromEnvironment(),
                O2cClient.env("WORKER_URL", "http://127.0.0.1:8082"));
        try {
            System.out.printf("warm-up: one run of %d entries (not measured)%n", baseline);
            bench.measure(baseline);
            System.out.printf("baseline: %d entries%n", baseline);
            Result small = bench.measure(baseline);
            System.out.printf("measured: %d entries%n", n);
            Result large = bench.measure(n);
            print(small, large);
        } catch (RuntimeException e) {
            System.err.println("billing benchmark failed: " + e.getMessage());
            System.err.println("Is the local stack running? Start it with ./o2c up");
            System.exit(1);
        }
    }

    private Result measure(int entries) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        BulkSeed seed = BulkSeed.of(entries, today);

        String name = "Bench billing " + UUID.randomUUID().toString().substring(0, 8);
        String opportunity = o2c.createTimeAndMaterials(o2c.createAccount(name, true), name, seed.start(),
                today.plusDays(90), null, O2cClient.versions(
                        O2cClient.rateCardVersion(seed.start(), "Engineer", "100.00"),
                        O2cClient.rateCardVersion(seed.start().plusDays(seed.days() / 2 + 1), "Engineer",
                                "120.00")));
        Map<String, String> ids = o2c.provision(opportunity, Duration.ofMinutes(2));
        String project = ids.get("psaProjectId");
        o2c.awaitProjectBilling(project, Duration.ofMinutes(1));

        long seedStart = System.nanoTime();
        JsonNode seeded = o2c.bulkTimeEntries(project, entries, seed.from(), seed.perDay());
        long seedMillis = (System.nanoTime() - seedStart) / 1_000_000;
        System.out.printf("  PSA project %s: %s entries seeded (%s to %s, %d a day) in %d ms%n", project,
                seeded.path("created").asText(), seeded.path("from").asText(), seeded.path("to").asText(),
                seed.perDay(), seedMillis);

        long heapBefore = heap();
        AtomicLong heapMax = new AtomicLong(heapBefore);
        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread sampler = Thread.ofVirtual().start(() -> {
            while (sampling.get()) {
                heapMax.accumulateAndGet(heap(), Math::max);
                O2cClient.sleep(200);
            }
        });
        long started = System.nanoTime();
        String runId;
        JsonNode state;
        try {
            runId = o2c.billNow(project, seed.yesterday()).expect(202).text("processId");
            state = o2c.awaitStatus(runId, SETTLED, Duration.ofMinutes(30));
        } finally {
            sampling.set(false);
        }
        long billMillis = (System.nanoTime() - started) / 1_000_000;
        try {
            sampler.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!"COMPLETED".equals(state.path("status").asText())) {
            throw new IllegalStateException("billing run " + runId + " did not complete: " + state);
        }
        long heapAfter = heap();
        heapMax.accumulateAndGet(heapAfter, Math::max);
        List<HistoryEvent> history = WorkflowHistories.closed(O2cClient.env("TEMPORAL_ADDRESS", "127.0.0.1:7233"),
                O2cClient.env("TEMPORAL_NAMESPACE", "default"), runId).getEvents();
        int events = history.size();
        int commandEvents = (int) history.stream().filter(e -> !e.getEventType().name()
                .startsWith("EVENT_TYPE_WORKFLOW_TASK_")).count();

        int billed = 0;
        String total = "-";
        for (JsonNode run : o2c.awaitProjectBilling(project, Duration.ofMinutes(1)).path("runs")) {
            if (runId.equals(run.path("processId").asText())) {
                billed = run.path("entriesBilled").asInt();
                total = run.path("total").path("amount").asText("-") + " " + run.path("total").path("currency")
                        .asText("");
            }
        }
        System.out.printf("  %s COMPLETED in %d ms: %d entries billed, total %s, %d history events (%d without"
                + " workflow task events)%n", runId, billMillis, billed, total, events, commandEvents);
        return new Result(entries, seedMillis, billMillis, events, commandEvents, heapBefore, heapMax.get(),
                heapAfter, billed, total, runId);
    }

    /** The worker's used heap in bytes, or -1. */
    private long heap() {
        try {
            O2cClient.Answer answer = o2c.get(worker + "/actuator/metrics/jvm.memory.used?tag=area:heap");
            if (answer.status() != 200) {
                return -1;
            }
            for (JsonNode m : answer.body().path("measurements")) {
                if ("VALUE".equals(m.path("statistic").asText())) {
                    return (long) m.path("value").asDouble();
                }
            }
        } catch (RuntimeException e) {
            // the worker is busy or gone: no sample
        }
        return -1;
    }

    private static void print(Result small, Result large) {
        System.out.println();
        System.out.println("project-to-billing benchmark: one billing run, bill-now -> COMPLETED"
                + " (sandbox, worker, starter, Temporal on this machine)");
        String row = "  | %-9s | %-10s | %-22s | %-15s | %-30s | %-22s |%n";
        System.out.printf(row, "entries", "seeding", "bill-now -> COMPLETED", "history events*",
                "worker heap before/max/after", "invoice total");
        System.out.printf(row, "---", "---", "---", "---", "---", "---");
        for (Result r : new Result[] {small, large}) {
            System.out.printf(row, String.format("%,d", r.entries()), r.seedMillis() + " ms",
                    String.format("%.1f s", r.billMillis() / 1000.0), r.events() + " (" + r.commandEvents() + ")",
                    mb(r.heapBefore()) + " / " + mb(r.heapMax()) + " / " + mb(r.heapAfter()), r.total());
        }
        System.out.printf("  ratio %,d / %,d entries: history events %.2fx, without workflow task events %.2fx"
                + " (goal 1.00x), time %.1fx%n", large.entries(), small.entries(),
                (double) large.events() / small.events(), (double) large.commandEvents() / small.commandEvents(),
                (double) large.billMillis() / Math.max(1, small.billMillis()));
        System.out.println("  * in brackets: without WorkflowTask* events, whose number depends on how events batch"
                + " into workflow tasks (timing), not on the entries");
        if (large.entriesBilled() != large.entries()) {
            System.out.printf("  note: %d of %d entries billed%n", large.entriesBilled(), large.entries());
        }
    }

    private static String mb(long bytes) {
        return bytes < 0 ? "?" : (bytes / (1024 * 1024)) + " MB";
    }
}
