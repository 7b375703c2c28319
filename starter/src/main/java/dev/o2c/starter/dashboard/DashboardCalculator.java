package dev.o2c.starter.dashboard;

import dev.o2c.ledger.query.DashboardQueries.AppliedPayment;
import dev.o2c.ledger.query.DashboardQueries.BilledRow;
import dev.o2c.ledger.query.DashboardQueries.IssuedInvoice;
import dev.o2c.ledger.query.DashboardQueries.OpenException;
import dev.o2c.starter.dashboard.InboundFacts.Approval;
import dev.o2c.starter.dashboard.InboundFacts.CreditEvent;
import dev.o2c.starter.dashboard.InboundFacts.PaymentEvent;
import dev.o2c.starter.dashboard.OperationsDashboard.Bucket;
import dev.o2c.starter.dashboard.OperationsDashboard.Cell;
import dev.o2c.starter.dashboard.OperationsDashboard.CurrencyDso;
import dev.o2c.starter.dashboard.OperationsDashboard.CycleTime;
import dev.o2c.starter.dashboard.OperationsDashboard.Dso;
import dev.o2c.starter.dashboard.OperationsDashboard.InvoiceRejections;
import dev.o2c.starter.dashboard.OperationsDashboard.OpenExceptions;
import dev.o2c.starter.dashboard.OperationsDashboard.PaymentSyncDelay;
import dev.o2c.starter.dashboard.OperationsDashboard.Point;
import dev.o2c.starter.dashboard.OperationsDashboard.ProvisioningFailures;
import dev.o2c.starter.dashboard.OperationsDashboard.UnbilledWork;
import dev.o2c.starter.dashboard.OperationsDashboard.Window;
import dev.o2c.workflows.model.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Computes the operations dashboard from its facts. Pure (no clock, no database): the API and the gauges both call it
 * on facts read at one moment. The definitions are docs/operations.md's ("Dashboards"); a median of an even count is
 * the mean of the two middle values, a p95 the nearest rank (the value at rank ⌈0.95·n⌉).
 */
public final class DashboardCalculator {

    /** How far back facts are read: older approvals count as unbilled {@code >60d}, older invoices only while open. */
    public static final Duration HORIZON = Duration.ofDays(365);
    static final Duration PAYMENT_WINDOW = Duration.ofDays(30);
    static final Duration CYCLE_WINDOW = Duration.ofDays(90);
    static final Duration DSO_WINDOW = Duration.ofDays(90);
    /** Age buckets of unbilled work, in whole days since approval. */
    public static final List<String> UNBILLED_AGES = List.of("0-7d", "8-30d", "31-60d", ">60d");
    private static final long[] UNBILLED_UPPER = {7, 30, 60};
    /** Age buckets of open exceptions, in whole days since the process parked. */
    public static final List<String> EXCEPTION_AGES = List.of("0-1d", "2-3d", "4-7d", ">7d");
    private static final long[] EXCEPTION_UPPER = {1, 3, 7};
    /** The process statuses after which an invoice's invoice-to-cash no longer follows it. */
    static final Set<String> ENDED = Set.of("COMPLETED", "COMPENSATED", "ABORTED", "FAILED", "LOST");
    static final int TOP_PROJECTS = 10;
    static final String DSO_FORMULA = "open receivables / invoiced in the last 90 days x 90, per currency";

    private DashboardCalculator() {}

    public static OperationsDashboard compute(DashboardFacts facts) {
        Instant now = facts.now();
        return new OperationsDashboard(now, provisioning(facts, now), unbilled(facts, now), rejections(facts, now),
                paymentSync(facts, now), exceptions(facts.openExceptions(), now), wonToCash(facts, now),
                billingLatency(facts, now), dso(facts, now));
    }

    // ---- figures ------------------------------------------------------------------------------------------------

    static ProvisioningFailures provisioning(DashboardFacts facts, Instant now) {
        List<Window> windows = new ArrayList<>();
        for (int days : new int[] {7, 30}) {
            Instant since = now.minus(Duration.ofDays(days));
            Map<String, Long> byCause = facts.provisioningFailures().stream()
                    .filter(f -> !f.at().isBefore(since))
                    .collect(Collectors.groupingBy(f -> f.cause(), TreeMap::new, Collectors.counting()));
            windows.add(new Window(days + "d", byCause.values().stream().mapToLong(Long::longValue).sum(),
                    points(byCause)));
        }
        return new ProvisioningFailures("failures", windows);
    }

    static UnbilledWork unbilled(DashboardFacts facts, Instant now) {
        Map<String, BilledRow> rowByEntry = new HashMap<>();
        for (BilledRow row : facts.rows()) {
            rowByEntry.putIfAbsent(row.sourceId(), row); // the billed row first (DashboardQueries.rows)
        }
        Map<String, Approval> unbilled = new LinkedHashMap<>();
        for (Approval approval : firstBy(facts.approvals(), Approval::entryId).values()) {
            BilledRow row = rowByEntry.get(approval.entryId());
            if (row == null || !row.billed()) {
                unbilled.put(approval.entryId(), approval);
            }
        }
        Map<String, List<Approval>> byAge = new LinkedHashMap<>();
        UNBILLED_AGES.forEach(label -> byAge.put(label, new ArrayList<>()));
        Map<String, List<Approval>> byProject = new HashMap<>();
        long unpriced = 0;
        for (Approval approval : unbilled.values()) {
            byAge.get(bucket(days(approval.approvedAt(), now), UNBILLED_UPPER, UNBILLED_AGES)).add(approval);
            byProject.computeIfAbsent(String.valueOf(approval.projectId()), p -> new ArrayList<>()).add(approval);
            BilledRow row = rowByEntry.get(approval.entryId());
            if (row == null || row.amount() == null) {
                unpriced++;
            }
        }
        List<Bucket> ages = byAge.entrySet().stream()
                .map(e -> new Bucket(e.getKey(), e.getValue().size(), amounts(e.getValue(), rowByEntry)))
                .toList();
        List<Bucket> projects = byProject.entrySet().stream()
                .map(e -> new Bucket(e.getKey(), e.getValue().size(), amounts(e.getValue(), rowByEntry)))
                .sorted(Comparator.comparingLong(Bucket::value).reversed().thenComparing(Bucket::label))
                .limit(TOP_PROJECTS)
                .toList();
        return new UnbilledWork("entries", unbilled.size(), unpriced,
                amounts(List.copyOf(unbilled.values()), rowByEntry), ages, projects);
    }

    static InvoiceRejections rejections(DashboardFacts facts, Instant now) {
        List<Point> windows = new ArrayList<>();
        for (int days : new int[] {7, 30}) {
            Instant since = now.minus(Duration.ofDays(days));
            windows.add(new Point(days + "d", facts.rejections().stream().filter(at -> !at.isBefore(since)).count()));
        }
        return new InvoiceRejections("invoices", windows);
    }

    static PaymentSyncDelay paymentSync(DashboardFacts facts, Instant now) {
        Map<String, List<AppliedPayment>> appliedByProcess = facts.appliedPayments().stream()
                .collect(Collectors.groupingBy(AppliedPayment::workflowId));
        Map<String, IssuedInvoice> invoices = invoicesById(facts);
        Instant since = now.minus(PAYMENT_WINDOW);
        List<Double> delays = new ArrayList<>();
        long open = 0;
        Double worstOpen = null;
        for (PaymentEvent payment : firstBy(facts.payments(), PaymentEvent::paymentId).values()) {
            Instant applied = appliedAt(payment, appliedByProcess);
            if (applied != null) {
                if (!applied.isBefore(since)) {
                    delays.add(seconds(payment.receivedAt(), applied));
                }
                continue;
            }
            IssuedInvoice invoice = invoices.get(payment.invoiceId());
            if (invoice != null && !ENDED.contains(String.valueOf(invoice.cashStatus()))) {
                open++;
                double age = seconds(payment.receivedAt(), now);
                worstOpen = worstOpen == null ? age : Math.max(worstOpen, age);
            }
        }
        return new PaymentSyncDelay("seconds", "30d", delays.size(), median(delays), p95(delays), open, worstOpen);
    }

    static OpenExceptions exceptions(List<OpenException> open, Instant now) {
        Map<String, Long> byTeam = new TreeMap<>();
        Map<String, Long> byAge = new LinkedHashMap<>();
        EXCEPTION_AGES.forEach(label -> byAge.put(label, 0L));
        Map<List<String>, Long> cells = new TreeMap<>(Comparator.comparing((List<String> k) -> k.get(0))
                .thenComparing(k -> EXCEPTION_AGES.indexOf(k.get(1))));
        for (OpenException e : open) {
            String age = bucket(days(e.openedAt(), now), EXCEPTION_UPPER, EXCEPTION_AGES);
            byTeam.merge(e.ownerTeam(), 1L, Long::sum);
            byAge.merge(age, 1L, Long::sum);
            cells.merge(List.of(e.ownerTeam(), age), 1L, Long::sum);
        }
        return new OpenExceptions("exceptions", open.size(), points(byTeam), points(byAge),
                cells.entrySet().stream().map(c -> new Cell(c.getKey().get(0), c.getKey().get(1), c.getValue()))
                        .toList());
    }

    /** Won (the deal's provisioning started) to the invoice fully paid, over invoices paid in the window. */
    static CycleTime wonToCash(DashboardFacts facts, Instant now) {
        Instant since = now.minus(CYCLE_WINDOW);
        Map<String, List<PaymentEvent>> paymentsByInvoice = firstBy(facts.payments(), PaymentEvent::paymentId)
                .values().stream().collect(Collectors.groupingBy(PaymentEvent::invoiceId));
        List<Double> cycles = new ArrayList<>();
        for (IssuedInvoice invoice : facts.invoices()) {
            Instant paidAt = paidAt(invoice, paymentsByInvoice.getOrDefault(invoice.invoiceId(), List.of()));
            if (invoice.wonAt() != null && paidAt != null && !paidAt.isBefore(since)) {
                cycles.add(seconds(invoice.wonAt(), paidAt));
            }
        }
        return new CycleTime("seconds", "90d", cycles.size(), median(cycles), p95(cycles));
    }

    /** Approval of an entry to the finalization of the invoice it went on, over entries invoiced in the window. */
    static CycleTime billingLatency(DashboardFacts facts, Instant now) {
        Instant since = now.minus(CYCLE_WINDOW);
        Map<String, Approval> approvals = firstBy(facts.approvals(), Approval::entryId);
        Map<String, BilledRow> billed = new LinkedHashMap<>();
        facts.rows().stream().filter(BilledRow::billed).forEach(row -> billed.putIfAbsent(row.sourceId(), row));
        List<Double> latencies = new ArrayList<>();
        for (BilledRow row : billed.values()) {
            Approval approval = approvals.get(row.sourceId());
            if (approval != null && row.invoicedAt() != null && !row.invoicedAt().isBefore(since)) {
                latencies.add(seconds(approval.approvedAt(), row.invoicedAt()));
            }
        }
        return new CycleTime("seconds", "90d", latencies.size(), median(latencies), p95(latencies));
    }

    static Dso dso(DashboardFacts facts, Instant now) {
        Instant since = now.minus(DSO_WINDOW);
        Map<String, BigDecimal> paid = new HashMap<>();
        firstBy(facts.payments(), PaymentEvent::paymentId).values()
                .forEach(p -> paid.merge(p.invoiceId() + "|" + p.currency(), p.amount(), BigDecimal::add));
        firstBy(facts.credits(), CreditEvent::creditMemoId).values()
                .forEach(c -> paid.merge(c.invoiceId() + "|" + c.currency(), c.amount(), BigDecimal::add));
        Map<String, BigDecimal> open = new TreeMap<>();
        Map<String, BigDecimal> billed = new TreeMap<>();
        for (IssuedInvoice invoice : facts.invoices()) {
            open.putIfAbsent(invoice.currency(), BigDecimal.ZERO);
            billed.putIfAbsent(invoice.currency(), BigDecimal.ZERO);
            if (!invoice.issuedAt().isBefore(since)) {
                billed.merge(invoice.currency(), invoice.total(), BigDecimal::add);
            }
            if (!ENDED.contains(String.valueOf(invoice.cashStatus()))) {
                BigDecimal balance = invoice.total().subtract(
                        paid.getOrDefault(invoice.invoiceId() + "|" + invoice.currency(), BigDecimal.ZERO));
                open.merge(invoice.currency(), balance.max(BigDecimal.ZERO), BigDecimal::add);
            }
        }
        List<CurrencyDso> byCurrency = open.keySet().stream().map(currency -> {
            BigDecimal o = open.get(currency);
            BigDecimal b = billed.get(currency);
            Double days = b.signum() == 0 ? null
                    : o.multiply(BigDecimal.valueOf(DSO_WINDOW.toDays())).divide(b, 2, RoundingMode.HALF_UP)
                            .doubleValue();
            return new CurrencyDso(currency, days, Money.of(o, currency), Money.of(b, currency));
        }).toList();
        return new Dso("days", "90d", DSO_FORMULA, byCurrency);
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    /** The first moment cumulative payments in the invoice's currency reach its total; null while they do not. */
    static Instant paidAt(IssuedInvoice invoice, List<PaymentEvent> payments) {
        BigDecimal sum = BigDecimal.ZERO;
        for (PaymentEvent payment : payments.stream().sorted(Comparator.comparing(PaymentEvent::receivedAt)).toList()) {
            if (payment.currency() != null && payment.currency().equals(invoice.currency())) {
                sum = sum.add(payment.amount());
                if (sum.compareTo(invoice.total()) >= 0) {
                    return payment.receivedAt();
                }
            }
        }
        return null;
    }

    /** The payment's {@code Erp.ApplyPayment} call: its process's, with an idempotency key ending in its id. */
    private static Instant appliedAt(PaymentEvent payment, Map<String, List<AppliedPayment>> appliedByProcess) {
        return appliedByProcess.getOrDefault("invoice-to-cash-" + payment.invoiceId(), List.of()).stream()
                .filter(a -> a.idempotencyKey().endsWith(":" + payment.paymentId()))
                .map(AppliedPayment::appliedAt)
                .min(Comparator.naturalOrder())
                .orElse(null);
    }

    private static Map<String, IssuedInvoice> invoicesById(DashboardFacts facts) {
        Map<String, IssuedInvoice> byId = new HashMap<>();
        facts.invoices().forEach(i -> byId.putIfAbsent(i.invoiceId(), i));
        return byId;
    }

    private static List<Money> amounts(List<Approval> entries, Map<String, BilledRow> rows) {
        Map<String, BigDecimal> sums = new TreeMap<>();
        for (Approval entry : entries) {
            BilledRow row = rows.get(entry.entryId());
            if (row != null && row.amount() != null) {
                sums.merge(row.currency(), row.amount(), BigDecimal::add);
            }
        }
        return sums.entrySet().stream().map(e -> Money.of(e.getValue(), e.getKey())).toList();
    }

    /** The first fact per key, in the list's order (the readers sort by arrival). */
    private static <T> Map<String, T> firstBy(List<T> facts, Function<T, String> key) {
        Map<String, T> first = new LinkedHashMap<>();
        facts.forEach(f -> first.putIfAbsent(key.apply(f), f));
        return first;
    }

    private static List<Point> points(Map<String, Long> counts) {
        return counts.entrySet().stream().map(e -> new Point(e.getKey(), e.getValue())).toList();
    }

    static String bucket(long days, long[] upper, List<String> labels) {
        for (int i = 0; i < upper.length; i++) {
            if (days <= upper[i]) {
                return labels.get(i);
            }
        }
        return labels.get(upper.length);
    }

    private static long days(Instant from, Instant now) {
        return Math.max(0, Duration.between(from, now).toDays());
    }

    private static double seconds(Instant from, Instant to) {
        return Math.max(0, Duration.between(from, to).toMillis()) / 1000.0;
    }

    static Double median(List<Double> values) {
        if (values.isEmpty()) {
            return null;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    static Double p95(List<Double> values) {
        if (values.isEmpty()) {
            return null;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int rank = (int) Math.ceil(0.95 * sorted.size());
        return sorted.get(Math.max(1, rank) - 1);
    }
}
