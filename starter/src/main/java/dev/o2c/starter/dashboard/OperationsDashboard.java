package dev.o2c.starter.dashboard;

import dev.o2c.workflows.model.Money;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET /api/v1/dashboards/operations}: the figures docs/operations.md ("Dashboards") defines, each section with
 * its unit. Chart-friendly: every breakdown is an array of {@code {label, value}}; money is never added across
 * currencies ({@code amounts} per currency, DSO per currency). A figure without data is null (a median of nothing),
 * never 0.
 */
public record OperationsDashboard(
        Instant generatedAt,
        ProvisioningFailures provisioningFailures,
        UnbilledWork unbilledWork,
        InvoiceRejections invoiceRejections,
        PaymentSyncDelay paymentSyncDelay,
        OpenExceptions openExceptions,
        CycleTime wonToCash,
        CycleTime billingLatency,
        Dso dso) {

    /** One bar or slice: a count (an integer) or a measure. */
    public record Point(String label, Number value) {}

    /** One bar with the money behind it, per currency. */
    public record Bucket(String label, long value, List<Money> amounts) {}

    /** One cell of a two-way breakdown. */
    public record Cell(String ownerTeam, String ageBucket, long value) {}

    /**
     * Provisioning failures (a run parked, or ended compensated or failed), per window ({@code 7d}, {@code 30d}), by
     * cause (the failure type).
     */
    public record ProvisioningFailures(String unit, List<Window> windows) {}

    public record Window(String window, long total, List<Point> byCause) {}

    /**
     * Approved entries not on any invoice. {@code value} counts entries; {@code amounts} holds what o2c knows the
     * amount of (entries a billing run priced but did not bill), {@code unpriced} the entries no run priced yet.
     */
    public record UnbilledWork(String unit, long entries, long unpriced, List<Money> amounts, List<Bucket> byAge,
            List<Bucket> byProject) {}

    /** Customer rejections of invoices, per window. */
    public record InvoiceRejections(String unit, List<Point> byWindow) {}

    /**
     * Payment received (the webhook) to applied in the ERP: {@code median} and {@code p95} over the payments applied in
     * the window, {@code worstOpen} the age of the oldest payment not applied yet.
     */
    public record PaymentSyncDelay(String unit, String window, long applied, Double median, Double p95, long open,
            Double worstOpen) {}

    public record OpenExceptions(String unit, long total, List<Point> byOwnerTeam, List<Point> byAge,
            List<Cell> byOwnerTeamAndAge) {}

    /** A duration over the window's cases. */
    public record CycleTime(String unit, String window, long count, Double median, Double p95) {}

    public record Dso(String unit, String window, String formula, List<CurrencyDso> byCurrency) {}

    /** {@code label} the currency, {@code value} the DSO in days (null without billing in the window). */
    public record CurrencyDso(String label, Double value, Money openReceivables, Money billed) {}
}
