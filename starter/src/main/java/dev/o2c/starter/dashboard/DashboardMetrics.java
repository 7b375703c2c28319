package dev.o2c.starter.dashboard;

import dev.o2c.starter.dashboard.OperationsDashboard.Bucket;
import dev.o2c.starter.dashboard.OperationsDashboard.CycleTime;
import dev.o2c.workflows.model.Money;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.MultiGauge.Row;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The dashboard's figures as gauges (Prometheus: {@code o2c_…}), set from each computed dashboard: a scrape reads the
 * last values and never the database. Tagged series are {@link MultiGauge}s whose rows are replaced each time (a
 * cause or team that disappeared is dropped). A figure without data (a median of nothing) has no row. The names are
 * listed in {@link #NAMES}; the Grafana board's queries are checked against them.
 */
public class DashboardMetrics implements Consumer<OperationsDashboard> {

    public static final String PROVISIONING_FAILED = "o2c.provisioning.failed";
    public static final String UNBILLED_ENTRIES = "o2c.unbilled.entries";
    public static final String UNBILLED_AMOUNT = "o2c.unbilled.amount";
    public static final String INVOICE_REJECTIONS = "o2c.invoice.rejections";
    public static final String PAYMENT_SYNC_DELAY = "o2c.payment.sync.delay.seconds";
    public static final String PAYMENT_SYNC_OPEN = "o2c.payment.sync.open";
    public static final String PAYMENT_SYNC_OLDEST_OPEN = "o2c.payment.sync.oldest.open.seconds";
    public static final String EXCEPTIONS_OPEN = "o2c.exceptions.open";
    public static final String WON_TO_CASH = "o2c.won.to.cash.seconds";
    public static final String BILLING_LATENCY = "o2c.billing.latency.seconds";
    public static final String DSO = "o2c.dso.days";
    public static final String RECEIVABLES_OPEN = "o2c.receivables.open";

    /** Every gauge this class registers. */
    public static final List<String> NAMES = List.of(PROVISIONING_FAILED, UNBILLED_ENTRIES, UNBILLED_AMOUNT,
            INVOICE_REJECTIONS, PAYMENT_SYNC_DELAY, PAYMENT_SYNC_OPEN, PAYMENT_SYNC_OLDEST_OPEN, EXCEPTIONS_OPEN,
            WON_TO_CASH, BILLING_LATENCY, DSO, RECEIVABLES_OPEN);

    private final Map<String, MultiGauge> gauges = new LinkedHashMap<>();

    public DashboardMetrics(MeterRegistry registry) {
        NAMES.forEach(name -> gauges.put(name, MultiGauge.builder(name)
                .description("o2c operations dashboard (docs/operations.md, Dashboards)")
                .register(registry)));
    }

    @Override
    public synchronized void accept(OperationsDashboard d) {
        List<Row<?>> failed = new ArrayList<>();
        d.provisioningFailures().windows().forEach(w -> w.byCause().forEach(p ->
                failed.add(Row.of(Tags.of("window", w.window(), "cause", p.label()), p.value()))));
        set(PROVISIONING_FAILED, failed);

        List<Row<?>> entries = new ArrayList<>();
        List<Row<?>> amounts = new ArrayList<>();
        for (Bucket bucket : d.unbilledWork().byAge()) {
            entries.add(Row.of(Tags.of("age_bucket", bucket.label()), bucket.value()));
            for (Money amount : bucket.amounts()) {
                amounts.add(Row.of(Tags.of("currency", amount.currency(), "age_bucket", bucket.label()),
                        amount.amount().doubleValue()));
            }
        }
        set(UNBILLED_ENTRIES, entries);
        set(UNBILLED_AMOUNT, amounts);

        set(INVOICE_REJECTIONS, d.invoiceRejections().byWindow().stream()
                .<Row<?>>map(p -> Row.of(Tags.of("window", p.label()), p.value())).toList());

        var sync = d.paymentSyncDelay();
        set(PAYMENT_SYNC_DELAY, stats(sync.median(), sync.p95()));
        set(PAYMENT_SYNC_OPEN, List.of(Row.of(Tags.empty(), sync.open())));
        set(PAYMENT_SYNC_OLDEST_OPEN, sync.worstOpen() == null ? List.of()
                : List.of(Row.of(Tags.empty(), sync.worstOpen())));

        set(EXCEPTIONS_OPEN, d.openExceptions().byOwnerTeamAndAge().stream()
                .<Row<?>>map(c -> Row.of(Tags.of("owner_team", c.ownerTeam(), "age_bucket", c.ageBucket()), c.value()))
                .toList());

        set(WON_TO_CASH, stats(d.wonToCash()));
        set(BILLING_LATENCY, stats(d.billingLatency()));

        List<Row<?>> dso = new ArrayList<>();
        List<Row<?>> receivables = new ArrayList<>();
        d.dso().byCurrency().forEach(c -> {
            if (c.value() != null) {
                dso.add(Row.of(Tags.of("currency", c.label()), c.value()));
            }
            receivables.add(Row.of(Tags.of("currency", c.label()), c.openReceivables().amount().doubleValue()));
        });
        set(DSO, dso);
        set(RECEIVABLES_OPEN, receivables);
    }

    private static List<Row<?>> stats(CycleTime cycle) {
        return stats(cycle.median(), cycle.p95());
    }

    /** Tag {@code stat}: {@code median}, {@code p95}. */
    private static List<Row<?>> stats(Double median, Double p95) {
        List<Row<?>> rows = new ArrayList<>();
        if (median != null) {
            rows.add(Row.of(Tags.of("stat", "median"), median));
        }
        if (p95 != null) {
            rows.add(Row.of(Tags.of("stat", "p95"), p95));
        }
        return rows;
    }

    private void set(String name, List<Row<?>> rows) {
        gauges.get(name).register(rows, true);
    }
}
