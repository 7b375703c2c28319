package dev.o2c.activities.invoicing;

import dev.o2c.workflows.systems.CreditMemoIssued;
import dev.o2c.workflows.systems.InvoiceRead;
import dev.o2c.activities.http.Call;
import dev.o2c.activities.http.CallContext;
import dev.o2c.activities.http.ExternalRefs;
import dev.o2c.activities.http.FailureClassifier;
import dev.o2c.activities.http.JsonFields;
import dev.o2c.activities.http.Reply;
import dev.o2c.activities.http.SystemClient;
import dev.o2c.activities.http.SystemClients;
import dev.o2c.activities.http.Terms;
import dev.o2c.workflows.common.TaskQueues;
import dev.o2c.workflows.model.BillingModel;
import dev.o2c.workflows.model.Engagement;
import dev.o2c.workflows.model.Money;
import dev.o2c.workflows.systems.Ack;
import dev.o2c.workflows.systems.Created;
import dev.o2c.workflows.systems.FinalizedInvoice;
import dev.o2c.workflows.systems.InvoicingActivities;
import io.temporal.spring.boot.ActivityImpl;
import java.time.LocalDate;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/** Invoicing-platform connector ({@code /invoicing/v1}). */
@Component
@ActivityImpl(workers = TaskQueues.INVOICING)
public class InvoicingActivitiesImpl implements InvoicingActivities {

    /** The status of a plan that no longer counts: voided (by a compensation). */
    private static final Set<String> UNDONE = Set.of("VOID");

    /** Invoice statuses past FINALIZED: such an invoice was finalized, and finalize answers it as it is. */
    private static final Set<String> FINALIZED_SINCE = Set.of("SENT", "PARTIALLY_PAID", "PAID");

    /** Invoice statuses past SENT: such an invoice was sent, and send answers it as it is. */
    private static final Set<String> SENT_SINCE = Set.of("SENT", "PARTIALLY_PAID", "PAID", "CREDITED");

    private static final Logger log = LoggerFactory.getLogger(InvoicingActivitiesImpl.class);

    private final SystemClient invoicing;

    public InvoicingActivitiesImpl(SystemClients clients) {
        this.invoicing = clients.invoicing();
    }

    /**
     * {@code POST /billing-plans}; external ref = the opportunity id, customer ref = the ERP customer id, project ref =
     * the PSA project id. The billing period follows the billing model: milestones bill per milestone, everything
     * else monthly. In an operator RETRY round, finds a live plan with this external ref first
     * ({@link ExternalRefs#findOrCreate}).
     */
    @Override
    public Created createBillingPlan(String idempotencyKey, Engagement engagement, String erpCustomerId,
            String psaProjectId) {
        BillingPlanRequest request = new BillingPlanRequest(
                engagement.opportunityId(),
                erpCustomerId,
                psaProjectId,
                engagement.contract().billingModel().name(),
                engagement.customer().currency(),
                engagement.contract().billingModel().billingPeriod());
        return ExternalRefs.findOrCreate(invoicing, "/billing-plans", request, idempotencyKey,
                engagement.opportunityId(), UNDONE);
    }

    /** Finds the plan by external ref and {@code POST /billing-plans/{id}/void}s it; nothing to do when none is active. */
    @Override
    public Ack voidBillingPlan(String idempotencyKey, String externalRef) {
        return ExternalRefs.compensate(invoicing, "/billing-plans", externalRef, UNDONE, "void", idempotencyKey);
    }


    record BillingPlanRequest(
            String externalRef,
            String customerRef,
            String projectRef,
            String billingModel,
            String currency,
            String billingPeriod) {}

    // ---- project-to-billing

    /**
     * {@code POST /invoices/{id}/finalize}: DRAFT → FINALIZED with the number {@code INV-n} the platform assigns; an
     * invoice already FINALIZED is answered unchanged (200). One that has moved on since (SENT, PARTIALLY_PAID, PAID:
     * the platform answers 409 with its {@code currentStatus}) was finalized too: it is read
     * ({@code GET /invoices/{id}}) and answered as it is. A VOID invoice is {@code o2c.conflict}, an unknown one
     * {@code o2c.not-found} (both non-retryable).
     */
    @Override
    public FinalizedInvoice finalizeInvoice(String idempotencyKey, String invoiceId) {
        JsonNode invoice = moveOn(idempotencyKey, invoiceId, "finalize", FINALIZED_SINCE);
        String currency = JsonFields.text(invoice, "currency");
        return new FinalizedInvoice(JsonFields.text(invoice, "id"), JsonFields.text(invoice, "number"),
                JsonFields.text(invoice, "status"), money(invoice, "subtotal", currency),
                money(invoice, "taxTotal", currency), money(invoice, "total", currency),
                CallContext.current().attempt());
    }

    /**
     * {@code POST /invoices/{id}/void}: DRAFT, FINALIZED or SENT → VOID; already VOID answers unchanged. An unknown
     * invoice (404: its create never happened) leaves nothing to undo: logged, Ack. A paid or partly paid invoice
     * refuses (409): {@code o2c.conflict}, non-retryable (a credit memo is needed, not a void).
     */
    @Override
    public Ack voidInvoice(String idempotencyKey, String invoiceId) {
        Reply reply = invoicing.send(Call.post("/invoices/{id}/void", invoiceId)
                .idempotencyKey(idempotencyKey)
                .objectRef(invoiceId)
                .accept(404));
        if (reply.status() == 404) {
            log.info("invoicing: no invoice {}; nothing to void", invoiceId);
        }
        return new Ack(CallContext.current().attempt());
    }

    /**
     * {@code PATCH /billing-plans/{id}} with only the terms given ({@code capAmount}, {@code endDate},
     * {@code retainerMonthlyAmount}; amounts as decimal strings); nothing given: no call. Amounts first read the plan
     * to check that they are in its currency (another: non-retryable {@code o2c.validation}). An unknown plan is
     * {@code o2c.not-found}, a VOID one {@code o2c.conflict}, an amount that is not positive {@code o2c.validation}.
     */
    @Override
    public Ack updateBillingPlanTerms(String idempotencyKey, String billingPlanId, Money capAmount, LocalDate endDate,
            Money retainerMonthlyAmount) {
        if (capAmount == null && endDate == null && retainerMonthlyAmount == null) {
            log.info("invoicing: no term of billing plan {} to change", billingPlanId);
            return new Ack(CallContext.current().attempt());
        }
        if (capAmount != null || retainerMonthlyAmount != null) {
            JsonNode plan = invoicing.send(Call.get("/billing-plans/{id}", billingPlanId).objectRef(billingPlanId))
                    .body();
            String currency = JsonFields.text(plan, "currency");
            Terms.requireCurrency(capAmount, currency, "capAmount", "billing plan " + billingPlanId);
            Terms.requireCurrency(retainerMonthlyAmount, currency, "retainerMonthlyAmount",
                    "billing plan " + billingPlanId);
        }
        invoicing.send(Call.patch("/billing-plans/{id}", billingPlanId)
                .body(Terms.present("capAmount", Terms.amount(capAmount), "endDate", endDate,
                        "retainerMonthlyAmount", Terms.amount(retainerMonthlyAmount)))
                .idempotencyKey(idempotencyKey)
                .objectRef(billingPlanId));
        return new Ack(CallContext.current().attempt());
    }

    private static Money money(JsonNode node, String field, String currency) {
        String amount = JsonFields.text(node, field);
        return amount == null || currency == null ? null : Money.of(amount, currency);
    }

    // ---- invoice-to-cash

    /**
     * {@code POST /invoices/{id}/send}: FINALIZED → SENT; an invoice already SENT is answered unchanged (200). One that
     * has moved on since (PARTIALLY_PAID, PAID, CREDITED: the platform answers 409 with its {@code currentStatus}) was
     * sent too: it is read ({@code GET /invoices/{id}}) and answered as it is. Any other 409 (REJECTED, VOID, a DRAFT
     * never finalized) is {@code o2c.conflict}, an unknown invoice (404) {@code o2c.not-found}, both non-retryable;
     * 5xx and 429 are retried.
     */
    @Override
    public InvoiceRead sendInvoice(String idempotencyKey, String invoiceId) {
        return invoiceRead(moveOn(idempotencyKey, invoiceId, "send", SENT_SINCE));
    }

    /**
     * {@code POST /invoices/{id}/{transition}}: the invoice after it. A 409 whose {@code currentStatus} is in
     * {@code since} means the transition happened earlier and the invoice moved on: it is read and answered as it is;
     * any other 409 is {@code o2c.conflict}.
     */
    private JsonNode moveOn(String idempotencyKey, String invoiceId, String transition, Set<String> since) {
        Reply reply = invoicing.send(Call.post("/invoices/{id}/" + transition, invoiceId)
                .idempotencyKey(idempotencyKey)
                .objectRef(invoiceId)
                .accept(409));
        if (reply.status() != 409) {
            return reply.body();
        }
        String current = reply.text("currentStatus");
        if (!since.contains(current)) {
            throw FailureClassifier.forResponse(invoicing.system() + " POST /invoices/{id}/" + transition, 409, null,
                    reply.body().toString());
        }
        log.info("invoicing: invoice {} is {} already ({} earlier); answering it as it is", invoiceId, current,
                transition);
        return invoicing.send(Call.get("/invoices/{id}", invoiceId).objectRef(invoiceId)).body();
    }

    /**
     * {@code GET /invoices/{id}}: the invoice as the platform has it now. Read-only. An unknown invoice (404) is
     * {@code o2c.not-found} (non-retryable); 5xx and 429 are retried.
     */
    @Override
    public InvoiceRead readInvoice(String invoiceId) {
        return invoiceRead(invoicing.send(Call.get("/invoices/{id}", invoiceId).objectRef(invoiceId)).body());
    }

    /**
     * {@code POST /invoices/{id}/reminders} with {@code {stage, note}}: 201 with a new {@code rem_} reminder, or 200 with
     * the reminder the invoice already has for this stage (the platform keeps one per stage), both answered by its id.
     * An invoice that is not SENT or PARTIALLY_PAID (409) is {@code o2c.conflict}, an unknown one (404)
     * {@code o2c.not-found}, a stage outside 1–100 (400) {@code o2c.validation}, all non-retryable; 5xx and 429 are
     * retried.
     */
    @Override
    public Created sendReminder(String idempotencyKey, String invoiceId, int stage, String note) {
        Reply reply = invoicing.send(Call.post("/invoices/{id}/reminders", invoiceId)
                .body(Terms.present("stage", stage, "note", note))
                .idempotencyKey(idempotencyKey)
                .objectRef(invoiceId));
        if (reply.status() == 200) {
            log.info("invoicing: invoice {} has its stage {} reminder already: {}", invoiceId, stage, reply.text("id"));
        }
        return new Created(reply.text("id"), CallContext.current().attempt());
    }

    /**
     * {@code POST /invoices/{id}/credit-memos} with {@code {amount, currency, reason}} (amount as a decimal string):
     * 201 with the {@code cm_} memo, its number {@code CM-n}, and the invoice's balance and status after it. Idempotent
     * on the key. More than the balance, or an invoice not FINALIZED, SENT or PARTIALLY_PAID (409) is
     * {@code o2c.conflict}; another currency than the invoice's (400) {@code o2c.validation}; an unknown invoice (404)
     * {@code o2c.not-found}, all non-retryable; 5xx and 429 are retried.
     */
    @Override
    public CreditMemoIssued issueCreditMemo(String idempotencyKey, String invoiceId, Money amount, String reason) {
        Reply reply = invoicing.send(Call.post("/invoices/{id}/credit-memos", invoiceId)
                .body(Terms.present("amount", Terms.amount(amount), "currency", amount.currency(), "reason", reason))
                .idempotencyKey(idempotencyKey)
                .objectRef(invoiceId));
        JsonNode memo = reply.body();
        return new CreditMemoIssued(JsonFields.text(memo, "id"), JsonFields.text(memo, "number"),
                money(memo, "invoiceBalance", JsonFields.text(memo, "currency")),
                JsonFields.text(memo, "invoiceStatus"), CallContext.current().attempt());
    }

    private static InvoiceRead invoiceRead(JsonNode invoice) {
        String currency = JsonFields.text(invoice, "currency");
        String dueDate = JsonFields.text(invoice, "dueDate");
        return new InvoiceRead(JsonFields.text(invoice, "id"), JsonFields.text(invoice, "number"),
                JsonFields.text(invoice, "status"), money(invoice, "total", currency),
                money(invoice, "amountPaid", currency), money(invoice, "creditedAmount", currency),
                money(invoice, "balance", currency), dueDate == null ? null : LocalDate.parse(dueDate),
                CallContext.current().attempt());
    }
}
