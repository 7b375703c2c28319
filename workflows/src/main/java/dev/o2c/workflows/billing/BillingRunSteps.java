package dev.o2c.workflows.billing;

import dev.o2c.workflows.common.OwnerTeam;
import dev.o2c.workflows.saga.SagaStep;
import java.util.List;

/**
 * The steps of {@link BillingRunWorkflow}, in saga order. Names are stable (API, ledger, idempotency keys).
 * Skippable steps park on a refusal instead of compensating, and an operator may go on without them.
 */
public final class BillingRunSteps {

    /** 1. Read the PSA project's status. */
    public static final SagaStep READ_PROJECT = new SagaStep("psa.readProject", "psa", OwnerTeam.PMO, false);
    /** 2. Only an active (or closed: final run) project is billed; on hold or cancelled parks for pmo. SKIP bills. */
    public static final SagaStep CHECK_PROJECT = new SagaStep("o2c.checkProject", "o2c", OwnerTeam.PMO, true);
    /** 3. Page approved, unbilled work into the ledger and rate it. Unrated time parks; SKIP leaves it unbilled. */
    public static final SagaStep COLLECT = new SagaStep("billing.collect", "psa", OwnerTeam.FINANCE_OPS, true);
    /** 4. Convert foreign-currency expenses at the ERP's rate of their date. SKIP leaves unconverted ones unbilled. */
    public static final SagaStep CONVERT = new SagaStep("billing.convertCurrencies", "erp", OwnerTeam.FINANCE_OPS,
            true);
    /** 5. Read the tax rate (legal entity, customer country, issue date) from the ERP. */
    public static final SagaStep READ_TAX_RATE = new SagaStep("erp.readTaxRate", "erp", OwnerTeam.FINANCE_OPS, false);
    /** 6. Price and guard the cap before anything reaches invoicing. Over the cap parks; SKIP bills up to the cap. */
    public static final SagaStep GUARD_CAP = new SagaStep("o2c.guardCap", "o2c", OwnerTeam.FINANCE_OPS, true);
    /** 7. Create the draft invoice with its lines. Compensation: void it. */
    public static final SagaStep CREATE_INVOICE = new SagaStep("invoicing.createInvoice", "invoicing",
            OwnerTeam.FINANCE_OPS, false);
    /** 8. Mark the entries billed in the PSA. Compensation: release them. */
    public static final SagaStep MARK_BILLED = new SagaStep("psa.markBilled", "psa", OwnerTeam.PMO, false);
    /** 9. Finalize the invoice (its number). */
    public static final SagaStep FINALIZE_INVOICE = new SagaStep("invoicing.finalizeInvoice", "invoicing",
            OwnerTeam.FINANCE_OPS, false);
    /** 10. Post the receivable in the ERP (past the finalized invoice: parks, never undoes). */
    public static final SagaStep POST_RECEIVABLE = new SagaStep("erp.postReceivable", "erp", OwnerTeam.FINANCE_OPS,
            true);
    /** 11. Post the period's revenue by the project's revenue method (parks, never undoes). */
    public static final SagaStep POST_REVENUE = new SagaStep("erp.postRevenue", "erp", OwnerTeam.FINANCE_OPS, true);
    /** 12. Start invoice-to-cash for the invoice (a child that outlives the run; SKIPPED in runs recorded before). */
    public static final SagaStep START_INVOICE_TO_CASH = new SagaStep("o2c.startInvoiceToCash", "o2c",
            OwnerTeam.FINANCE_OPS, true);

    public static final List<SagaStep> ALL = List.of(READ_PROJECT, CHECK_PROJECT, COLLECT, CONVERT, READ_TAX_RATE,
            GUARD_CAP, CREATE_INVOICE, MARK_BILLED, FINALIZE_INVOICE, POST_RECEIVABLE, POST_REVENUE,
            START_INVOICE_TO_CASH);

    public static final String INVOICE_ID = "invoiceId";
    public static final String RECEIVABLE_ID = "receivableId";
    public static final String REVENUE_ENTRY_ID = "revenueEntryId";
    /** The invoice-to-cash workflow started for the invoice. */
    public static final String INVOICE_TO_CASH_ID = "invoiceToCashWorkflowId";

    private BillingRunSteps() {}
}
