package dev.o2c.devstack.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.o2c.devstack.ProcStats;
import dev.o2c.devstack.client.O2cClient;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * {@code ./o2c bench parked [N] [--idle-seconds S] [--keep]}: N opportunity-to-project processes parked at once cost
 * the worker nothing. On a running local stack: N won deals whose accounts have no tax id (each parks at
 * {@code o2c.validateFinance} in NEEDS_ATTENTION, waiting for sales-ops), all marked won at once; the benchmark waits
 * until the ledger lists all N as NEEDS_ATTENTION, then measures the <em>worker process</em> from {@code /proc}
 * ({@link ProcStats}): resident memory before (the baseline, same process), at most while they park, and idle after;
 * CPU over an idle window before and after (percent of one core). Goals: RSS under 1 GiB, idle CPU under
 * {@value #CPU_IDLE_GOAL_PERCENT} % of a core. Then it aborts the N (unless {@code --keep}) so the stack stays usable,
 * and times that. Exits 1 when a goal does not hold.
 *
 * <p>It must run on the stack's machine (it reads the worker's {@code /proc}): the worker is whoever listens on
 * {@code WORKER_URL}'s port, or {@code WORKER_PID}. Environment as {@link BillingBenchmark}'s.
 */
public final class ParkedBenchmark {

    static final long RSS_GOAL_BYTES = 1L << 30;
    static final double CPU_IDLE_GOAL_PERCENT = 2.0;
    private static final String PREFIX = "opportunity-to-project-";
    /** Deals per account: accounts are set-up, not what is measured. */
    private static final int DEALS_PER_ACCOUNT = 50;
    /** Requests in flight at once: enough to start faster than the worker parks, few enough for a 2-core laptop. */
    private static final int IN_FLIGHT = 32;

    private final O2cClient o2c;
    private final String workerUrl;
    private final ProcStats worker;
    private final Optional<ProcStats> temporal;

    private ParkedBenchmark(O2cClient o2c, String workerUrl, ProcStats worker, Optional<ProcStats> temporal) {
        this.o2c = o2c;
        this.workerUrl = workerUrl;
        this.worker = worker;
        this.temporal = temporal;
    }

    public static void main(String[] args) {
        int n = 10_000;
        int idleSeconds = 30;
        boolean keep = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--idle-seconds" -> idleSeconds = Integer.parseInt(args[++i]);
                case "--keep" -> keep = true;
                default -> n = Integer.parseInt(args[i].replace("_", ""));
            }
        }
        String workerUrl = O2cClient.env("WORKER_URL", "http://127.0.0.1:8082");
        String pid = System.getenv("WORKER_PID");
        Optional<ProcStats> worker = pid != null && !pid.isBlank() ? Optional.of(ProcStats.of(Long.parseLong(pid)))
                : ProcStats.listeningOn(URI.create(workerUrl).getPort());
        if (worker.isEmpty()) {
            System.err.println("parked benchmark: no process listens on " + workerUrl + " on this machine (set"
                    + " WORKER_PID, or start the stack with ./o2c up)");
            System.exit(1);
        }
        String temporalAddress = O2cClient.env("TEMPORAL_ADDRESS", "127.0.0.1:7233");
        Optional<ProcStats> temporal = ProcStats.listeningOn(
                Integer.parseInt(temporalAddress.substring(temporalAddress.lastIndexOf(':') + 1)));
        try {
            boolean held = new ParkedBenchmark(O2cClient.fromEnvironment(), workerUrl, worker.get(), temporal)
                    .run(n, Duration.ofSeconds(idleSeconds), keep);
            System.exit(held ? 0 : 1);
        } catch (RuntimeException e) {
            System.err.println("parked benchmark failed: " + e.getMessage());
            System.exit(1);
        }
    }

    private boolean run(int n, Duration idle, boolean keep) {
        System.out.printf("worker pid %d; idle CPU windows of %d s%n", worker.pid(), idle.toSeconds());
        System.out.printf("baseline: worker idle for %d s before the run%n", idle.toSeconds());
        double cpuBefore = idleCpu(idle);
        long rssBefore = worker.rssBytes();
        long heapBefore = heap();
        long temporalBefore = temporal.map(ProcStats::rssBytes).orElse(-1L);

        long setupStart = System.nanoTime();
        List<String> deals = deals(n);
        System.out.printf("set-up: %,d deals without a tax id created in %.1f s%n", n, seconds(setupStart));

        AtomicLong rssPeak = new AtomicLong(rssBefore);
        AtomicLong heapPeak = new AtomicLong(heapBefore);
        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread sampler = Thread.ofVirtual().start(() -> {
            for (int tick = 0; sampling.get(); tick++) {
                rssPeak.accumulateAndGet(worker.rssBytes(), Math::max);
                if (tick % 4 == 0) {
                    heapPeak.accumulateAndGet(heap(), Math::max);
                }
                O2cClient.sleep(500);
            }
        });
        long started = System.nanoTime();
        double parkSeconds;
        try {
            inParallel(deals, deal -> o2c.markWon(deal).expect(200));
            System.out.printf("won: %,d deals marked won in %.1f s%n", n, seconds(started));
            awaitParked(deals, Duration.ofMinutes(Math.max(10, n / 200)));
            parkSeconds = seconds(started);
        } finally {
            sampling.set(false);
        }
        join(sampler);
        System.out.printf("parked: all %,d NEEDS_ATTENTION %.1f s after the first was won%n", n, parkSeconds);

        System.out.println("settling 10 s, then the idle window");
        O2cClient.sleep(10_000);
        double cpuIdle = idleCpu(idle);
        long rssIdle = worker.rssBytes();
        long heapIdle = heap();
        long temporalIdle = temporal.map(ProcStats::rssBytes).orElse(-1L);
        long cached = (long) metric("temporal_sticky_cache_size", null);
        long workflowThreads = (long) metric("temporal_workflow_active_thread_count", null);
        long liveThreads = (long) metric("jvm.threads.live", null);
        rssPeak.accumulateAndGet(rssIdle, Math::max);

        boolean rssHeld = rssPeak.get() < RSS_GOAL_BYTES && rssIdle < RSS_GOAL_BYTES;
        boolean cpuHeld = cpuIdle < CPU_IDLE_GOAL_PERCENT;
        System.out.println();
        System.out.printf("parked workflows benchmark: %,d opportunity-to-project processes parked at once"
                + " (sandbox, worker, starter, Temporal on this machine)%n", n);
        String row = "  | %-28s | %-14s | %-14s | %-14s |%n";
        System.out.printf(row, "worker", "before", "peak", "idle, parked");
        System.out.printf(row, "---", "---", "---", "---");
        System.out.printf(row, "RSS (VmRSS)", mib(rssBefore), mib(rssPeak.get()), mib(rssIdle));
        System.out.printf(row, "heap used (actuator)", mib(heapBefore), mib(heapPeak.get()), mib(heapIdle));
        System.out.printf(row, "CPU, % of one core, " + idle.toSeconds() + " s", pct(cpuBefore), "-", pct(cpuIdle));
        System.out.printf("  time to park all: %.1f s (%.0f processes/s); RSS high-water mark since the worker"
                + " started (VmHWM) %s%n", parkSeconds, n / parkSeconds, mib(worker.peakRssBytes()));
        System.out.printf("  workflows in the worker's cache (temporal_sticky_cache_size) %d, their threads"
                + " (temporal_workflow_active_thread_count) %d, JVM threads live %d: the cache, not N, bounds what the"
                + " worker holds%n", cached, workflowThreads, liveThreads);
        temporal.ifPresent(t -> System.out.printf("  Temporal server (pid %d, for comparison; the Java test server keeps"
                + " every workflow in memory): RSS %s before, %s idle%n", t.pid(), mib(temporalBefore),
                mib(temporalIdle)));
        System.out.printf("  goal RSS < 1 GiB (peak and idle): %s; goal idle CPU < %.0f %% of a core: %s%n",
                rssHeld ? "HELD" : "MISSED", CPU_IDLE_GOAL_PERCENT, cpuHeld ? "HELD" : "MISSED");

        if (!keep) {
            long abortStart = System.nanoTime();
            inParallel(deals, deal -> abort(PREFIX + deal));
            awaitGone(deals, Duration.ofMinutes(Math.max(10, n / 200)));
            System.out.printf("clean-up: all %,d aborted (ABORTED) in %.1f s%n", n, seconds(abortStart));
        } else {
            System.out.printf("--keep: the %,d stay parked%n", n);
        }
        return rssHeld && cpuHeld;
    }

    /** Accounts without a tax id, {@value #DEALS_PER_ACCOUNT} open deals on each; the deals' opportunity ids. */
    private List<String> deals(int n) {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<Integer> accountsNeeded = new ArrayList<>();
        for (int a = 0; a < Math.ceilDiv(n, DEALS_PER_ACCOUNT); a++) {
            accountsNeeded.add(a);
        }
        String[] accounts = new String[accountsNeeded.size()];
        inParallel(accountsNeeded, a -> accounts[a] = o2c.createAccount("Parked " + run + " " + a, false));
        String[] deals = new String[n];
        List<Integer> indexes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            indexes.add(i);
        }
        inParallel(indexes, i -> deals[i] = o2c.createOpportunity(accounts[i / DEALS_PER_ACCOUNT],
                "Parked " + run + " " + i));
        return List.of(deals);
    }

    /** Until the ledger lists every one of the deals' processes as NEEDS_ATTENTION; prints progress. */
    private void awaitParked(List<String> deals, Duration timeout) {
        Set<String> mine = workflowIds(deals);
        long deadline = System.nanoTime() + timeout.toNanos();
        int parked = 0;
        long lastPrint = 0;
        while (parked < mine.size()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(parked + " of " + mine.size() + " parked within " + timeout);
            }
            // every count pages through the whole list: ask less often the more there are, or it becomes the load
            O2cClient.sleep(2_000 + mine.size() / 2);
            parked = count("NEEDS_ATTENTION", mine);
            if (System.nanoTime() - lastPrint > 15_000_000_000L) {
                System.out.printf("  %,d of %,d parked; worker RSS %s%n", parked, mine.size(), mib(worker.rssBytes()));
                lastPrint = System.nanoTime();
            }
        }
    }

    /** Until none of the deals' processes is NEEDS_ATTENTION any more. */
    private void awaitGone(List<String> deals, Duration timeout) {
        Set<String> mine = workflowIds(deals);
        long deadline = System.nanoTime() + timeout.toNanos();
        int aborted;
        while ((aborted = count("ABORTED", mine)) < mine.size()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(aborted + " of " + mine.size() + " ABORTED within " + timeout);
            }
            O2cClient.sleep(2_000 + mine.size() / 2);
        }
    }

    /** How many of {@code mine} the ledger lists with {@code status}, following every page. */
    private int count(String status, Set<String> mine) {
        int found = 0;
        String cursor = null;
        do {
            JsonNode page = o2c.processes("type=opportunity-to-project&status=" + status + "&limit=200"
                    + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)))
                    .expect(200).body();
            for (JsonNode item : page.path("items")) {
                if (mine.contains(item.path("workflowId").asText())) {
                    found++;
                }
            }
            cursor = page.path("nextCursor").isTextual() ? page.path("nextCursor").asText() : null;
        } while (cursor != null);
        return found;
    }

    /** The operator's abort, asked again when the process does not answer in time (503) under load. */
    private void abort(String workflowId) {
        O2cClient.Answer answer = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                answer = o2c.decide(workflowId, "abort");
                if (answer.status() == 202) {
                    return;
                }
            } catch (java.io.UncheckedIOException e) {
                // a slow answer is not a refusal: ask again
            }
            O2cClient.sleep(1_000);
        }
        throw new IllegalStateException("abort of " + workflowId + " refused: " + answer);
    }

    /** CPU the worker used over {@code window}, in percent of one core; nothing asks the worker anything meanwhile. */
    private double idleCpu(Duration window) {
        ProcStats.CpuSample from = worker.cpuSample();
        O2cClient.sleep(window.toMillis());
        return ProcStats.cpuPercent(from, worker.cpuSample());
    }

    /** Runs {@code action} on every item, {@value #IN_FLIGHT} at a time; the first failure fails the whole. */
    private static <T> void inParallel(List<T> items, Consumer<T> action) {
        Semaphore slots = new Semaphore(IN_FLIGHT);
        AtomicInteger failures = new AtomicInteger();
        List<RuntimeException> first = new ArrayList<>(1);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (T item : items) {
                slots.acquireUninterruptibly();
                if (failures.get() > 0) {
                    slots.release();
                    break;
                }
                pool.submit(() -> {
                    try {
                        action.accept(item);
                    } catch (RuntimeException e) {
                        if (failures.getAndIncrement() == 0) {
                            synchronized (first) {
                                first.add(e);
                            }
                        }
                    } finally {
                        slots.release();
                    }
                });
            }
        }
        if (failures.get() > 0) {
            throw first.getFirst();
        }
    }

    /** The worker's used heap in bytes ({@code jvm.memory.used}, area heap), or -1. */
    private long heap() {
        return (long) metric("jvm.memory.used", "area:heap");
    }

    /** The value of one of the worker's actuator metrics ({@code tag}: {@code key:value} or null), or -1. */
    private double metric(String name, String tag) {
        try {
            O2cClient.Answer answer = o2c.get(workerUrl + "/actuator/metrics/" + name
                    + (tag == null ? "" : "?tag=" + tag));
            if (answer.status() == 200) {
                for (JsonNode m : answer.body().path("measurements")) {
                    if ("VALUE".equals(m.path("statistic").asText())) {
                        return m.path("value").asDouble();
                    }
                }
            }
        } catch (RuntimeException e) {
            // the worker is busy: no sample
        }
        return -1;
    }

    private static Set<String> workflowIds(List<String> deals) {
        Set<String> ids = new HashSet<>();
        deals.forEach(d -> ids.add(PREFIX + d));
        return ids;
    }

    private static void join(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static double seconds(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1e9;
    }

    static String mib(long bytes) {
        return bytes < 0 ? "?" : (bytes >> 20) + " MiB";
    }

    private static String pct(double percent) {
        return String.format(Locale.ROOT, "%.2f %%", percent);
    }
}
