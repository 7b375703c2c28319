package dev.o2c.devstack.soak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.o2c.devstack.Console;
import dev.o2c.devstack.IsolatedStack;
import dev.o2c.devstack.LocalStack;
import dev.o2c.devstack.StackConfig;
import dev.o2c.devstack.StackInfo;
import dev.o2c.devstack.client.O2cClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * {@code ./o2c soak [--sagas N] [--kills K] [--fault-rate R] [--seed S]}: a chaos soak over all three processes on
 * a local stack of its own (free ports, a temporary state directory, the Java test server; everything on this
 * machine, all of it stopped at the end). Deals are won in the CRM, provisioned, billed and paid while every call to
 * every system fails with probability R (transient 503 and rate-limit 429), the worker is SIGKILLed K times at
 * seeded random moments and started again, every webhook is delivered three times, and an operator retries and
 * aborts parked deals. At the end it counts, from the sandbox's snapshot, the processes' states and a
 * reconciliation: processes lost, objects duplicated, orphans of compensation and money mismatches; it prints them
 * with the recovery time after each kill, and exits 1 on any violation (2 on bad arguments).
 */
public final class Soak {

    private static final List<String> SYSTEMS = List.of("crm", "psa", "erp", "invoicing");

    /** The outcome: the verdict's violations and the printed table. */
    public record Result(int violations, String table) {
    }

    private Soak() {
    }

    public static void main(String[] args) {
        SoakOptions options;
        try {
            options = SoakOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("soak: " + e.getMessage());
            System.exit(2);
            return;
        }
        Path root = Path.of(System.getProperty("o2c.root", "")).toAbsolutePath().normalize();
        Result result = run(options, root);
        System.exit(result.violations() == 0 ? 0 : 1);
    }

    /** Starts a stack of its own under {@code root}'s jars, soaks it, stops it; prints as it goes. */
    public static Result run(SoakOptions options, Path root) {
        System.out.println("soak: " + options);
        Path stateDir;
        try {
            stateDir = Files.createTempDirectory("o2c-soak-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> env = environment(stateDir, IsolatedStack.freePorts(IsolatedStack.PORTS));
        Result result;
        try (LocalStack stack = new LocalStack(StackConfig.fromEnvironment(root, env), env, Console.stdout(false))) {
            StackInfo info = stack.start();
            System.out.printf(Locale.ROOT, "soak: own stack ready in %.1f s (state %s, logs %s)%n",
                    info.timeToReady().toMillis() / 1000.0, stateDir, info.logsDir());
            result = soak(options, stack, info);
            System.out.println(result.table());
        }
        if (result.violations() == 0) {
            delete(stateDir); // its database and logs (100-200 MB): nothing to look into after a clean soak
        } else {
            System.out.println("soak: the stack's database and logs are kept in " + stateDir);
        }
        return result;
    }

    private static void delete(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            System.out.println("soak: could not delete " + dir + ": " + e.getMessage());
        }
    }

    private static Result soak(SoakOptions options, LocalStack stack, StackInfo info) {
        O2cClient o2c = new O2cClient(info.starterUrl(), info.sandboxUrl(), info.identityUrl());
        Random random = new Random(options.seed());
        long started = System.nanoTime();
        long deadline = started + options.timeout().toNanos();
        int parked = options.parkedOnPurpose();
        int rejections = Math.max(1, parked / 2);
        SoakDriver driver = new SoakDriver(o2c, info.starterUrl(), info.sandboxUrl(), deadline, rejections);

        List<SoakDeal> deals = driver.createDeals(options.sagas(), parked);
        System.out.printf("soak: %d deals created (%d without a tax id); injecting faults%n", deals.size(), parked);
        injectFaults(o2c, info.sandboxUrl(), options.faultRate(), rejections);

        int expected = deals.stream().mapToInt(SoakDeal::expectedSteps).sum() - 2 * rejections;
        Killer killer = new Killer(stack, driver::progressCount, options.kills(), expected, random);
        Thread killing = Thread.ofPlatform().name("soak-killer").daemon().start(killer);
        Redeliverer redeliverer = new Redeliverer(o2c, info.sandboxUrl());
        var redelivering = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread redelivery = Thread.ofPlatform().name("soak-redeliverer").daemon().start(() -> {
            while (redelivering.get()) {
                redeliverer.pass();
                O2cClient.sleep(2000);
            }
        });
        Thread reporter = Thread.ofPlatform().name("soak-reporter").daemon().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(15_000);
                } catch (InterruptedException e) {
                    return;
                }
                System.out.printf(Locale.ROOT, "soak: %.0f s, progress %d of about %d steps, %d kills%n",
                        (System.nanoTime() - started) / 1e9, driver.progressCount(), expected, killer.kills().size());
            }
        });

        long driveStart = System.nanoTime();
        driver.drive(deals);
        long driveEnd = System.nanoTime();
        killer.stop();
        reporter.interrupt();
        join(killing);

        JsonNode faults = o2c.faults();
        o2c.clearFaults();
        redelivering.set(false);
        join(redelivery);
        int undelivered = Integer.MAX_VALUE;
        long redeliveryDeadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < redeliveryDeadline && (undelivered = redeliverer.pass()) > 0) {
            O2cClient.sleep(1000);
        }

        // the reconciliation compares only objects older than its settle window (5 s here)
        O2cClient.sleep(6000);
        driver.board().refresh();
        java.util.Collection<JsonNode> ledger = driver.board().all();
        JsonNode report = o2c.reconcileAndWait(Duration.ofMinutes(5), "receivables", "payments");
        JsonNode snapshot = o2c.snapshot();
        SoakVerdict verdict = SoakVerdict.of(deals, snapshot);
        verdict.reconciliation(report);
        verdict.ledger(ledger);
        if (undelivered > 0) {
            verdict.other.add(undelivered + " webhook event(s) not delivered three times");
        }
        if (killer.failure() != null) {
            verdict.other.add(killer.failure());
        }
        if (killer.kills().size() < options.kills()) {
            verdict.other.add("only " + killer.kills().size() + " of " + options.kills() + " kills happened before"
                    + " every process settled");
        }
        if (stack.failure().isDone()) {
            verdict.other.add("the stack failed: " + stack.failure().join());
        }
        String table = table(options, deals, verdict, killer.kills(), driver.progress(), faults, redeliverer,
                Duration.ofNanos(driveEnd - driveStart), Duration.ofNanos(System.nanoTime() - started));
        return new Result(verdict.violations(), table);
    }

    /**
     * Every call to every system fails with probability {@code rate}: half of it as a transient 503, the rest as a
     * 429 rate limit (drawn after the 503, so the two together fail {@code rate} of the calls); plus {@code
     * rejections} PSA project creations refused with a 400, which park their deals for the operator to abort.
     */
    private static void injectFaults(O2cClient o2c, String sandbox, double rate, int rejections) {
        if (rate > 0) {
            double transientShare = rate / 2;
            double rateLimited = 1 - (1 - rate) / (1 - transientShare);
            for (String system : SYSTEMS) {
                fault(o2c, sandbox, system, "*", "TRANSIENT", transientShare, null, null);
                fault(o2c, sandbox, system, "*", "RATE_LIMIT", rateLimited, null, null);
            }
        }
        fault(o2c, sandbox, "psa", "projects.create", "PERMANENT", null, 400, rejections);
    }

    private static void fault(O2cClient o2c, String sandbox, String system, String operation, String mode,
            Double probability, Integer status, Integer times) {
        ObjectNode fault = JsonNodeFactory.instance.objectNode().put("system", system).put("operation", operation)
                .put("mode", mode);
        if (probability != null) {
            fault.put("probability", probability);
        }
        if (status != null) {
            fault.put("status", status);
        }
        if (times != null) {
            fault.put("times", times);
        }
        o2c.post(sandbox + "/sandbox/v1/faults", fault, null).expect(201);
    }

    private static String table(SoakOptions options, List<SoakDeal> deals, SoakVerdict verdict,
            List<Killer.Kill> kills, List<Long> progress, JsonNode faults, Redeliverer redeliverer, Duration drive,
            Duration total) {
        StringBuilder sb = new StringBuilder();
        String rule = "-".repeat(78);
        sb.append(rule).append('\n');
        sb.append("o2c chaos soak: ").append(options).append('\n');
        sb.append(rule).append('\n');
        long completed = deals.stream().filter(d -> "COMPLETED".equals(d.o2pStatus)).count();
        long aborted = deals.stream().filter(d -> "ABORTED".equals(d.o2pStatus)).count();
        long paid = deals.stream().filter(d -> "COMPLETED".equals(d.cashStatus)).count();
        int unplanned = deals.stream().mapToInt(d -> d.unplannedParks).sum();
        long retries = deals.stream().flatMap(d -> d.decisions.stream()).filter(d -> d.startsWith("retry")
                && d.endsWith(":202")).count();
        long aborts = deals.stream().flatMap(d -> d.decisions.stream()).filter(d -> d.startsWith("abort")
                && d.endsWith(":202")).count();
        row(sb, "deals won", deals.size());
        row(sb, "  provisioned (COMPLETED)", completed);
        row(sb, "  aborted by the operator", aborted);
        row(sb, "  billed, paid, invoice-to-cash COMPLETED", paid);
        row(sb, "bill-now calls repeated after a 5xx", deals.stream().mapToInt(d -> d.billNowRetries).sum());
        row(sb, "operator decisions taken", retries + " retry, " + aborts + " abort (" + unplanned
                + " unplanned parks retried)");
        deals.stream().filter(d -> !d.decisions.isEmpty()).limit(12).forEach(d -> row(sb, "  " + d.plan + " "
                + d.opportunityId, d.o2pStatus + " after " + d.decisions));
        int transientHits = 0;
        int limitHits = 0;
        int rejectionHits = 0;
        for (JsonNode fault : faults) {
            switch (fault.path("mode").asText()) {
                case "TRANSIENT" -> transientHits += fault.path("hits").asInt();
                case "RATE_LIMIT" -> limitHits += fault.path("hits").asInt();
                case "PERMANENT" -> rejectionHits += fault.path("hits").asInt();
                default -> { }
            }
        }
        row(sb, "faults injected", transientHits + " × 503, " + limitHits + " × 429, " + rejectionHits + " × 400");
        row(sb, "webhook events delivered 3 times", redeliverer.events() + " events, " + redeliverer.redeliveries()
                + " redeliveries");
        row(sb, "worker kills (SIGKILL)", kills.size() + " of " + options.kills());
        for (Killer.Kill kill : kills) {
            // recovered: the first process seen settling once the new worker was ready, counted from the kill
            Long next = progress.stream().filter(t -> t > kill.readyAt()).min(Long::compare).orElse(null);
            row(sb, "  kill " + kill.number(), String.format(Locale.ROOT,
                    "worker ready after %.1f s, recovered (next process settled) after %s",
                    kill.toReady().toMillis() / 1000.0,
                    next == null ? "none" : String.format(Locale.ROOT, "%.1f s", (next - kill.killedAt()) / 1e9)));
        }
        row(sb, "drive (first won → last settled)", String.format(Locale.ROOT, "%.1f s", drive.toMillis() / 1000.0));
        row(sb, "throughput", String.format(Locale.ROOT, "%.2f deals/s through all three processes",
                deals.size() / Math.max(0.001, drive.toMillis() / 1000.0)));
        row(sb, "total (deals created → checks done)", String.format(Locale.ROOT, "%.1f s",
                total.toMillis() / 1000.0));
        sb.append(rule).append('\n');
        row(sb, "processes lost", verdict.lost.size());
        row(sb, "unexpected outcomes", verdict.unexpected.size());
        row(sb, "objects duplicated", verdict.duplicated.size());
        row(sb, "orphans left by compensation", verdict.orphans.size());
        row(sb, "money mismatches (invoice/receivable/payments)", verdict.money.size());
        row(sb, "reconciliation discrepancies (receivables, payments)", verdict.reconciliationDiscrepancies
                + (verdict.reconciliationKinds.isEmpty() ? "" : "  " + verdict.reconciliationKinds));
        row(sb, "other violations", verdict.other.size());
        sb.append(rule).append('\n');
        for (List<String> list : List.of(verdict.lost, verdict.unexpected, verdict.duplicated, verdict.orphans,
                verdict.money, verdict.other)) {
            list.stream().limit(20).forEach(line -> sb.append("  ! ").append(line).append('\n'));
        }
        sb.append(verdict.violations() == 0 ? "soak: PASSED, no violation" : "soak: FAILED, " + verdict.violations()
                + " violation(s)");
        return sb.toString();
    }

    private static void row(StringBuilder sb, String name, Object value) {
        sb.append(String.format(Locale.ROOT, "  %-52s %s%n", name, value));
    }

    private static void join(Thread thread) {
        try {
            thread.join(Duration.ofMinutes(3));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The stack's environment: {@link IsolatedStack#environment} with the soak's settings. */
    static Map<String, String> environment(Path stateDir, List<Integer> ports) {
        Map<String, String> env = IsolatedStack.environment(stateDir, ports);
        // a loaded machine (CI, other builds) starts the apps slowly, and the worker restarts ten times
        env.putIfAbsent("O2C_READY_TIMEOUT_SECONDS", "300");
        // the final reconciliation compares what settled 5 s ago, and runs only when the soak asks
        env.put(StackConfig.RECONCILIATION_PREFIX + "SETTLE", Duration.ofSeconds(5).toString());
        env.put("O2C_RECONCILIATION_PERIOD", "off");
        return env;
    }
}
