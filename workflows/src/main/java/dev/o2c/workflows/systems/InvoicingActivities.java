package dev.o2c.workflows.systems;

import dev.o2c.workflows.model.Engagement;
import dev.o2c.workflows.model.Money;
import java.time.LocalDate;
import io.temporal.activity.ActivityInterface;

/** Invoicing-platform connector, run on task queue {@code invoicing}. */
@ActivityInterface(namePrefix = "Invoicing.")
public interface InvoicingActivities {

    /** Creates the billing plan for the engagement. Idempotent on the key. Undone by {@link #voidBillingPlan}. */
    Created createBillingPlan(String idempotencyKey, Engagement engagement, String erpCustomerId, String psaProjectId);

    /** Compensation of {@link #createBillingPlan}: voids the plan with this external ref, if any. Idempotent. */
    Ack voidBillingPlan(String idempotencyKey, String externalRef);

    // ---- project-to-billing

    /** DRAFT to FINALIZED (already finalized: returned as is), with the number the platform assigned. */
    FinalizedInvoice finalizeInvoice(String idempotencyKey, String invoiceId);

    /** Compensation of an invoice: voids it (already void: no-op). */
    Ack voidInvoice(String idempotencyKey, String invoiceId);

    /** An amendment's propagation: sets the plan's cap, end date and monthly retainer (null = unchanged). */
    Ack updateBillingPlanTerms(String idempotencyKey, String billingPlanId, Money capAmount, LocalDate endDate,
            Money retainerMonthlyAmount);

    // ---- invoice-to-cash

    /** FINALIZED to SENT (already sent or further on: returned as is). */
    InvoiceRead sendInvoice(String idempotencyKey, String invoiceId);

    /** The invoice as the platform has it now. Read-only. */
    InvoiceRead readInvoice(String invoiceId);

    /** A dunning reminder of {@code stage} (the platform keeps one per stage: the same stage again returns it). */
    Created sendReminder(String idempotencyKey, String invoiceId, int stage, String note);

    /** A credit memo for {@code amount} on the invoice (an upheld dispute). Idempotent on the key. */
    CreditMemoIssued issueCreditMemo(String idempotencyKey, String invoiceId, Money amount, String reason);
}
