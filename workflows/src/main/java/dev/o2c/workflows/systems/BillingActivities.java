package dev.o2c.workflows.systems;

import io.temporal.activity.ActivityInterface;

/**
 * The billing run's row movers (task queue {@code billing}). A run's entries never enter workflow history: these
 * activities page them from the PSA into the integration ledger (one row per entry, keyed by the run's id), rate,
 * convert, group and price them there, and send them on to the invoicing platform and the PSA's billing marks. The
 * workflow sees counts and totals only, so a run's history has the same number of events for 100 or 100,000 entries.
 *
 * <p>Every method is idempotent for the same run id (a retry, a replay or a worker crash mid-way redoes nothing twice)
 * and heartbeats while it pages (the heartbeat detail is its cursor, so a retry resumes).
 */
@ActivityInterface(namePrefix = "Billing.")
public interface BillingActivities {

    /**
     * Pages the PSA's approved, unbilled time entries and expenses dated up to {@code through} and its completed
     * milestones not billed yet into the ledger, rating them with the contract (see {@link CollectRequest}).
     * Replaces whatever an earlier attempt of the same run collected.
     */
    Collected collect(CollectRequest request);

    /**
     * Converts the run's expenses in another currency into {@code currency} at the ERP's exchange rate of each
     * expense's date (one ERP read per currency and date). Rows without a rate stay unconverted and are counted.
     */
    Converted convertCurrencies(String runId, String currency);

    /**
     * Groups the run's rows into invoice lines (time per role, month and rate; expenses per category and month;
     * milestones, fee and retainer instalments one line each), adds tax at {@code taxRatePercent} per line and totals
     * them. Guards the cap (see {@link PriceRequest}). Stores the lines in the ledger for {@link #createInvoice}.
     */
    RunTotals price(PriceRequest request);

    /**
     * Creates the draft invoice from the run's priced lines (each with the source references of its entries), or
     * finds the one an earlier attempt created (its {@code externalRef} is the header's).
     */
    Created createInvoice(String idempotencyKey, String runId, InvoiceHeader header);

    /** Marks every entry on the run's invoice billed in the PSA with the invoice id (in chunks, all or nothing each). */
    Ack markBilled(String idempotencyKey, String runId, String invoiceId);

    /**
     * What the project's approved, unbilled work would bill at today's contract, up to {@code through}: read-only,
     * nothing stored. Feeds the project's billing view.
     */
    UnbilledPreview previewUnbilled(String psaProjectId, dev.o2c.workflows.model.Contract contract,
            java.time.LocalDate through);
}
