package dev.o2c.workflows.cash;

import dev.o2c.workflows.common.OwnerTeam;
import dev.o2c.workflows.saga.SagaStep;
import java.util.List;

/**
 * The steps of {@link InvoiceToCashWorkflow}. Unlike a provisioning saga most of them run again for each event
 * (each payment, reminder, credit, status change), under idempotency keys that carry the event's id. Every step is
 * skippable: past a finalized invoice nothing is compensated; a refused step parks and finance may go on without it.
 * Names are stable (API, ledger, idempotency keys).
 */
public final class InvoiceToCashSteps {

    /** Looks up the ERP receivable when the billing run did not post one (its step was skipped). */
    public static final SagaStep FIND_RECEIVABLE = new SagaStep("erp.findReceivable", "erp", OwnerTeam.FINANCE_OPS,
            true);
    /** FINALIZED to SENT in the invoicing platform. */
    public static final SagaStep SEND_INVOICE = new SagaStep("invoicing.sendInvoice", "invoicing",
            OwnerTeam.FINANCE_OPS, true);
    /** The invoice's status, total and balance on the CRM opportunity, after each change. */
    public static final SagaStep SYNC_CRM = new SagaStep("crm.syncInvoiceStatus", "crm", OwnerTeam.SALES_OPS, true);
    /** Waiting for payments, the due date, disputes, credits, a void or a write-off (workflow code). */
    public static final SagaStep AWAIT_SETTLEMENT = new SagaStep("o2c.awaitSettlement", "o2c", OwnerTeam.FINANCE_OPS,
            true);
    /** A payment that does not fit the invoice (currency, overpayment) parks here for finance-ops. */
    public static final SagaStep CHECK_PAYMENT = new SagaStep("o2c.checkPayment", "o2c", OwnerTeam.FINANCE_OPS, true);
    /** Each payment applied to the ERP receivable, once. */
    public static final SagaStep APPLY_PAYMENT = new SagaStep("erp.applyPayment", "erp", OwnerTeam.FINANCE_OPS, true);
    /** A dunning reminder through the invoicing platform (one per stage). */
    public static final SagaStep SEND_REMINDER = new SagaStep("invoicing.sendReminder", "invoicing",
            OwnerTeam.FINANCE_OPS, true);
    /** A CRM task for the account owner at each dunning stage. */
    public static final SagaStep DUNNING_TASK = new SagaStep("crm.createDunningTask", "crm", OwnerTeam.SALES_OPS,
            true);
    /** The schedule ran out: the invoice goes to collections (parks for finance-ops). */
    public static final SagaStep COLLECTIONS = new SagaStep("o2c.collections", "o2c", OwnerTeam.FINANCE_OPS, true);
    /** The customer rejected the invoice (parks for finance-ops: void and re-issue, or decide otherwise). */
    public static final SagaStep CUSTOMER_REJECTION = new SagaStep("o2c.customerRejection", "o2c",
            OwnerTeam.FINANCE_OPS, true);
    /** The credit memo of an upheld dispute. */
    public static final SagaStep ISSUE_CREDIT_MEMO = new SagaStep("invoicing.issueCreditMemo", "invoicing",
            OwnerTeam.FINANCE_OPS, true);
    /** A credit memo credited on the ERP receivable (deduplicated by the memo's id). */
    public static final SagaStep CREDIT_RECEIVABLE = new SagaStep("erp.creditReceivable", "erp",
            OwnerTeam.FINANCE_OPS, true);
    /** A write-off in the ERP. */
    public static final SagaStep WRITE_OFF = new SagaStep("erp.writeOff", "erp", OwnerTeam.FINANCE_OPS, true);
    /** A void: the invoice in the invoicing platform... */
    public static final SagaStep VOID_INVOICE = new SagaStep("invoicing.voidInvoice", "invoicing",
            OwnerTeam.FINANCE_OPS, true);
    /** ... the receivable reversed in the ERP ... */
    public static final SagaStep REVERSE_RECEIVABLE = new SagaStep("erp.reverseReceivable", "erp",
            OwnerTeam.FINANCE_OPS, true);
    /** ... and the invoice's entries released in the PSA, so the next billing run bills them again. */
    public static final SagaStep RELEASE_MARKS = new SagaStep("psa.releaseBillingMarks", "psa", OwnerTeam.PMO, true);

    public static final List<SagaStep> ALL = List.of(FIND_RECEIVABLE, SEND_INVOICE, SYNC_CRM, AWAIT_SETTLEMENT,
            CHECK_PAYMENT, APPLY_PAYMENT, SEND_REMINDER, DUNNING_TASK, COLLECTIONS, CUSTOMER_REJECTION,
            ISSUE_CREDIT_MEMO, CREDIT_RECEIVABLE, WRITE_OFF, VOID_INVOICE, REVERSE_RECEIVABLE, RELEASE_MARKS);

    public static final String RECEIVABLE_ID = "receivableId";

    private InvoiceToCashSteps() {}
}
