package dev.o2c.devstack.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.o2c.devstack.client.O2cClient;
import dev.o2c.devstack.client.WorkflowHistories;
import io.temporal.api.history.v1.HistoryEvent;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * {@code ./o2c bench reconciliation [--entries N]}: the time of one reconciliation (all four checks) on a running
 * local stack, first over what the stack holds (run {@code ./o2c demo} before for the demo data), then again after N
 * more approved time entries (default 100,000) were bulk-seeded into a new time-and-materials project (the sandbox's
 * seeding endpoint, no events) and billed by a real bill-now (one invoice carrying them, its receivable in the ERP),
 * so that the {@code work} check walks N more entries and their invoice-line refs. For each run it prints, per check,
 * the subjects compared and skipped and the pages read, the wall time from the start to COMPLETED, and the events of
 * the run's workflow history (the goal: about the same for both sizes, since nothing of the objects enters it).
 *
 * <p>Objects changed within the worker's settle window ({@code O2C_RECONCILIATION_SETTLE}, default an hour) are
 * skipped, not compared: start the stack with a short one ({@code O2C_RECONCILIATION_SETTLE=PT10S ./o2c up}) so
 * that the seeded entries are compared; the benchmark waits for the window it is told ({@code --settle}, default
 * PT10S) after the bill before the second run.
 *
 * <p>Environment: {@code STARTER_URL}, {@code SANDBOX_URL}, {@code O2C_IDP_URL} or {@code O2C_IDP_PORT},
 * {@code TEMPORAL_ADDRESS}, {@code TEMPORAL_NAMESPACE}.
 */
public final class ReconciliationBenchmark {

    private static final Set<String> SETTLED = Set.of("COMPLETED", "COMPENSATED", "ABORTED", "NEEDS_ATTENTION",
            "FAILED");
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(60);

    private final O2cClient o2c;

    private ReconciliationBenchmark(O2cClient o2c) {
        this.o2c = o2c;
    }

    /** One measured run. */
    record Result(String label, String runId, long millis, List<JsonNode> checks, int events, int commandEvents,
            long historyBytes, int continuedAsNew) {

        long checked() {
            return checks.stream().mapToLong(c -> c.path("checked").asLong()).sum();
        }

        int pages() {
            return checks.stream().mapToInt(c -> c.path("pages").asInt()).sum();
        }
    }

    public static void main(String[] args) {
        int entries = 100_000;
        Duration settle = Duration.ofSeconds(10);
        boolean seed = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--entries" -> entries = Integer.parseInt(args[++i].replace("_", ""));
                case "--settle" -> settle = Duration.parse(args[++i]);
                case "--no-seed" -> seed = false;
                default -> {
                    if (args[i].matches("[0-9_]+")) {
                        entries = Integer.parseInt(args[i].replace("_", ""));
                    } else {
                        System.err.println("usage: ./o2c bench reconciliation [--entries N] [--settle PT10S]"
                                + " [--no-seed]");
                        System.exit(2);
                    }
                }
            }
        }
        ReconciliationBenchmark bench = new ReconciliationBenchmark(O2cClient.fromEnvironment());
        try {
            List<Result> results = new ArrayList<>();
            System.out.println("run 1: the stack's data as it is");
            results.add(bench.reconcile("as is"));
            if (seed && entries > 0) {
                System.out.printf("seeding %,d approved time entries and billing them%n", entries);
                bench.seedAndBill(entries);
                System.out.printf("waiting %s (the settle window) before the next run%n", settle);
                O2cClient.sleep(settle.toMillis() + 1000);
                System.out.printf("run 2: with %,d more entries%n", entries);
                results.add(bench.reconcile(String.format("+%,d entries", entries)));
            }
            print(results);
        } catch (RuntimeException e) {
            System.err.println("reconciliation benchmark failed: " + e.getMessage());
            System.err.println("Is the local stack running? Start it with O2C_RECONCILIATION_SETTLE=PT10S ./o2c up");
            System.exit(1);
        }
    }

    /** A time-and-materials deal, {@code entries} approved entries seeded into its project, billed now. */
    private void seedAndBill(int entries) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        BulkSeed seed = BulkSeed.of(entries, today);
        String name = "Bench reconciliation " + UUID.randomUUID().toString().substring(0, 8);
        String opportunity = o2c.createTimeAndMaterials(o2c.createAccount(name, true), name, seed.start(),
                today.plusDays(90), null,
                O2cClient.versions(O2cClient.rateCardVersion(seed.start(), "Engineer", "100.00")));
        Map<String, String> ids = o2c.provision(opportunity, Duration.ofMinutes(2));
        String project = ids.get("psaProjectId");
        o2c.awaitProjectBilling(project, Duration.ofMinutes(1));
        long t0 = System.nanoTime();
        JsonNode seeded = o2c.bulkTimeEntries(project, entries, seed.from(), seed.perDay());
        System.out.printf("  PSA project %s: %s entries seeded (%s to %s) in %d ms%n", project,
                seeded.path("created").asText(), seeded.path("from").asText(), seeded.path("to").asText(),
                (System.nanoTime() - t0) / 1_000_000);
        t0 = System.nanoTime();
        String run = o2c.billNow(project, seed.yesterday()).expect(202).text("processId");
        JsonNode state = o2c.awaitStatus(run, SETTLED, Duration.ofMinutes(30));
        String invoiceId = O2cClient.ids(state).get("invoiceId");
        if (!"COMPLETED".equals(state.path("status").asText()) || invoiceId == null) {
            throw new IllegalStateException("billing run " + run + " did not complete: " + state);
        }
        JsonNode invoice = o2c.awaitInvoiceStatus(invoiceId, "SENT", Duration.ofMinutes(5));
        System.out.printf("  billed in %d ms: invoice %s, %s %s, sent; its receivable %s%n",
                (System.nanoTime() - t0) / 1_000_000, invoiceId, invoice.path("total").path("amount").asText(),
                invoice.path("total").path("currency").asText(), invoice.path("receivableId").asText());
    }

    private Result reconcile(String label) {
        long t0 = System.nanoTime();
        JsonNode report = o2c.reconcileAndWait(RUN_TIMEOUT);
        long millis = (System.nanoTime() - t0) / 1_000_000;
        String runId = report.path("runId").asText();
        if (!"COMPLETED".equals(report.path("status").asText())) {
            throw new IllegalStateException("reconciliation " + runId + " did not complete: " + report);
        }
        List<JsonNode> checks = new ArrayList<>();
        report.path("checks").forEach(checks::add);
        // the run's last workflow execution (each continue-as-new starts a new one, carrying cursors and counts)
        io.temporal.common.WorkflowExecutionHistory closed = WorkflowHistories.closed(
                O2cClient.env("TEMPORAL_ADDRESS", "127.0.0.1:7233"), O2cClient.env("TEMPORAL_NAMESPACE", "default"),
                "reconciliation");
        List<HistoryEvent> history = closed.getEvents();
        long bytes = closed.getHistory().getSerializedSize();
        int events = history.size();
        int commandEvents = (int) history.stream().filter(e -> !e.getEventType().name()
                .startsWith("EVENT_TYPE_WORKFLOW_TASK_")).count();
        int continued = history.isEmpty() || history.getFirst().getWorkflowExecutionStartedEventAttributes()
                .getContinuedExecutionRunId().isEmpty() ? 0 : 1;
        Result result = new Result(label, runId, millis, checks, events, commandEvents, bytes, continued);
        System.out.printf("  %s COMPLETED in %.1f s: %,d subjects in %d pages, %d history events (%d without workflow"
                + " task events, %,d bytes)%s; opened %s, closed %s%n", runId, millis / 1000.0, result.checked(),
                result.pages(), events, commandEvents, bytes, continued > 0 ? ", last execution after continue-as-new" : "",
                report.path("opened"), report.path("closed"));
        return result;
    }

    private static void print(List<Result> results) {
        System.out.println();
        System.out.println("reconciliation benchmark: one run of all four checks, POST -> COMPLETED"
                + " (sandbox, worker, starter, Temporal on this machine)");
        String row = "  | %-16s | %-16s | %-18s | %-24s | %-18s | %-18s | %-5s | %-9s | %-24s |%n";
        System.out.printf(row, "data", "run", "provisioning", "work", "receivables", "payments", "pages",
                "wall time", "history events* (size)");
        System.out.printf(row, "---", "---", "---", "---", "---", "---", "---", "---", "---");
        for (Result r : results) {
            List<String> cells = new ArrayList<>();
            for (String check : List.of("provisioning", "work", "receivables", "payments")) {
                cells.add(r.checks().stream().filter(c -> check.equals(c.path("check").asText())).findFirst()
                        .map(c -> String.format("%,d (%,d sk.) %dp", c.path("checked").asLong(),
                                c.path("skipped").asLong(), c.path("pages").asInt()))
                        .orElse("-"));
            }
            System.out.printf(row, r.label(), r.runId().substring(4), cells.get(0), cells.get(1), cells.get(2),
                    cells.get(3), r.pages(), String.format("%.1f s", r.millis() / 1000.0),
                    String.format("%d (%d) %,d KB", r.events(), r.commandEvents(), r.historyBytes() / 1024));
        }
        if (results.size() == 2) {
            Result small = results.get(0);
            Result large = results.get(1);
            long added = large.checked() - small.checked();
            System.out.printf("  %,d more subjects: %.1f s more, %.2f s per 10,000; history events %.2fx"
                    + " (without workflow task events %.2fx)%n", added, (large.millis() - small.millis()) / 1000.0,
                    added <= 0 ? 0.0 : (large.millis() - small.millis()) / 1000.0 / added * 10_000,
                    (double) large.events() / Math.max(1, small.events()),
                    (double) large.commandEvents() / Math.max(1, small.commandEvents()));
        }
        System.out.println("  cells: subjects compared (sk.: skipped, changed within the settle window or a process at"
                + " work on them) and pages; * the run's last workflow execution (it continues as new every 500"
                + " pages), in brackets without WorkflowTask* events");
    }
}
