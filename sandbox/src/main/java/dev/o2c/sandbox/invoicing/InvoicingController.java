package dev.o2c.sandbox.invoicing;

import dev.o2c.sandbox.invoicing.InvoicingModels.BillingPlan;
import dev.o2c.sandbox.invoicing.InvoicingModels.CreditMemo;
import dev.o2c.sandbox.invoicing.InvoicingModels.CreditMemoRequest;
import dev.o2c.sandbox.invoicing.InvoicingModels.RejectRequest;
import dev.o2c.sandbox.invoicing.InvoicingModels.Reminder;
import dev.o2c.sandbox.invoicing.InvoicingModels.ReminderRequest;
import dev.o2c.sandbox.invoicing.InvoicingModels.BillingPlanRequest;
import dev.o2c.sandbox.invoicing.InvoicingModels.BillingPlanUpdate;
import dev.o2c.sandbox.invoicing.InvoicingModels.Invoice;
import dev.o2c.sandbox.invoicing.InvoicingModels.InvoiceRequest;
import dev.o2c.sandbox.invoicing.InvoicingModels.InvoiceStatus;
import dev.o2c.sandbox.invoicing.InvoicingModels.LineRef;
import dev.o2c.sandbox.invoicing.InvoicingModels.Payment;
import dev.o2c.sandbox.invoicing.InvoicingModels.PaymentRequest;
import dev.o2c.sandbox.platform.data.KeyRange;
import dev.o2c.sandbox.platform.data.Page;
import dev.o2c.sandbox.platform.web.SandboxOperation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Illegal invoice status transitions answer 409; repeating the transition just made answers 200 unchanged. */
@RestController
@RequestMapping("/invoicing/v1")
@Tag(name = "invoicing", description = "Simulated invoicing platform: billing plans, invoices, payments")
public class InvoicingController {

    private final InvoicingService invoicing;

    public InvoicingController(InvoicingService invoicing) {
        this.invoicing = invoicing;
    }

    /** A live (ACTIVE) plan with the same {@code externalRef} answers 409 with its id; a VOID one does not block. */
    @PostMapping("/billing-plans")
    @SandboxOperation("billing-plans.create")
    public ResponseEntity<BillingPlan> createPlan(@Valid @RequestBody BillingPlanRequest request) {
        BillingPlan plan = invoicing.createPlan(request);
        return ResponseEntity.created(URI.create("/invoicing/v1/billing-plans/" + plan.id())).body(plan);
    }

    @GetMapping("/billing-plans/{id}")
    @SandboxOperation("billing-plans.get")
    public BillingPlan plan(@PathVariable String id) {
        return invoicing.plan(id);
    }

    /**
     * Without paging parameters every billing plan (filtered), oldest first. With {@code externalRefAfter},
     * {@code externalRefThrough}, {@code limit} or {@code cursor}: a page ({@code items, nextCursor}) of those whose
     * external ref lies in the range, by external ref then id (byte order), for a reconciliation.
     */
    @GetMapping("/billing-plans")
    @SandboxOperation("billing-plans.list")
    public Object plans(@RequestParam(required = false) String externalRef,
            @RequestParam(required = false) String projectRef, @RequestParam(required = false) String externalRefAfter,
            @RequestParam(required = false) String externalRefThrough, @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        if (!KeyRange.requested(externalRefAfter, externalRefThrough, limit, cursor)) {
            return invoicing.plans(externalRef, projectRef);
        }
        return invoicing.plansByExternalRef(externalRefAfter, externalRefThrough, limit, cursor);
    }

    /** Changes {@code capAmount, endDate, retainerMonthlyAmount, billingPeriod} (present fields); VOID plan → 409. */
    @PatchMapping("/billing-plans/{id}")
    @SandboxOperation("billing-plans.update")
    public BillingPlan updatePlan(@PathVariable String id, @Valid @RequestBody BillingPlanUpdate request) {
        return invoicing.updatePlan(id, request);
    }

    /** ACTIVE → VOID; idempotent. */
    @PostMapping("/billing-plans/{id}/void")
    @SandboxOperation("billing-plans.void")
    public BillingPlan voidPlan(@PathVariable String id) {
        return invoicing.voidPlan(id);
    }

    /** Creates a DRAFT invoice; line amounts are quantity × unitPrice. */
    @PostMapping("/invoices")
    @SandboxOperation("invoices.create")
    public ResponseEntity<Invoice> createInvoice(@Valid @RequestBody InvoiceRequest request) {
        Invoice invoice = invoicing.createInvoice(request);
        return ResponseEntity.created(URI.create("/invoicing/v1/invoices/" + invoice.id())).body(invoice);
    }

    @GetMapping("/invoices/{id}")
    @SandboxOperation("invoices.get")
    public Invoice invoice(@PathVariable String id) {
        return invoicing.invoice(id);
    }

    /**
     * Without {@code after} or {@code limit} every invoice (filtered), oldest first. With them: a page
     * ({@code items, nextCursor}) of all invoices in id order (byte order) after {@code after}; {@code nextCursor} is
     * the last id, the next page's {@code after}. The filters do not apply to pages.
     */
    @GetMapping("/invoices")
    @SandboxOperation("invoices.list")
    public Object invoices(@RequestParam(required = false) String billingPlanId,
            @RequestParam(required = false) InvoiceStatus status, @RequestParam(required = false) String externalRef,
            @RequestParam(required = false) String after, @RequestParam(required = false) Integer limit) {
        if (!KeyRange.requested(after, null, limit, null)) {
            return invoicing.invoices(billingPlanId, status, externalRef);
        }
        return invoicing.invoicePage(after, limit);
    }

    @PostMapping("/invoices/{id}/finalize")
    @SandboxOperation("invoices.finalize")
    public Invoice finalizeInvoice(@PathVariable String id) {
        return invoicing.finalizeInvoice(id);
    }

    @PostMapping("/invoices/{id}/send")
    @SandboxOperation("invoices.send")
    public Invoice send(@PathVariable String id) {
        return invoicing.send(id);
    }

    @PostMapping("/invoices/{id}/void")
    @SandboxOperation("invoices.void")
    public Invoice voidInvoice(@PathVariable String id) {
        return invoicing.voidInvoice(id);
    }

    /** Records a payment, emits {@code payment.received}; the invoice becomes PARTIALLY_PAID or PAID. */
    @PostMapping("/invoices/{id}/payments")
    @SandboxOperation("payments.create")
    public ResponseEntity<Payment> pay(@PathVariable String id, @Valid @RequestBody PaymentRequest request) {
        return ResponseEntity.status(201).body(invoicing.pay(id, request));
    }

    @GetMapping("/invoices/{id}/payments")
    @SandboxOperation("payments.list")
    public List<Payment> payments(@PathVariable String id) {
        return invoicing.payments(id);
    }

    /**
     * A page ({@code items, nextCursor}) of the payments of the invoices whose id lies in
     * {@code (invoiceIdAfter, invoiceIdThrough]}, by invoice id (byte order), for a reconciliation.
     */
    @GetMapping("/payments")
    @SandboxOperation("payments.page")
    public Page<Payment> paymentPage(@RequestParam(required = false) String invoiceIdAfter,
            @RequestParam(required = false) String invoiceIdThrough, @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        return invoicing.paymentPage(invoiceIdAfter, invoiceIdThrough, limit, cursor);
    }

    /**
     * A page ({@code items, nextCursor}) of the source refs on invoice lines whose ref lies in
     * {@code (refAfter, refThrough]}, by ref (byte order), for a reconciliation.
     */
    @GetMapping("/invoice-line-refs")
    @SandboxOperation("invoice-line-refs.page")
    public Page<LineRef> lineRefPage(@RequestParam(required = false) String refAfter,
            @RequestParam(required = false) String refThrough, @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        return invoicing.lineRefPage(refAfter, refThrough, limit, cursor);
    }

    /** The customer rejects a FINALIZED or SENT invoice: REJECTED, emits {@code invoice.rejected}; idempotent. */
    @PostMapping("/invoices/{id}/reject")
    @SandboxOperation("invoices.reject")
    public Invoice reject(@PathVariable String id, @Valid @RequestBody RejectRequest request) {
        return invoicing.reject(id, request.reason());
    }

    /** A dunning reminder on a SENT or PARTIALLY_PAID invoice: 201; the same stage again answers it with 200. */
    @PostMapping("/invoices/{id}/reminders")
    @SandboxOperation("reminders.create")
    public ResponseEntity<Reminder> remind(@PathVariable String id, @Valid @RequestBody ReminderRequest request) {
        InvoicingService.ReminderResult result = invoicing.remind(id, request);
        return result.created()
                ? ResponseEntity.created(URI.create("/invoicing/v1/invoices/" + id + "/reminders")).body(result.reminder())
                : ResponseEntity.ok(result.reminder());
    }

    @GetMapping("/invoices/{id}/reminders")
    @SandboxOperation("reminders.list")
    public List<Reminder> reminders(@PathVariable String id) {
        return invoicing.reminders(id);
    }

    /** A credit memo lowering the balance; a balance reaching zero makes the invoice CREDITED. */
    @PostMapping("/invoices/{id}/credit-memos")
    @SandboxOperation("credit-memos.create")
    public ResponseEntity<CreditMemo> credit(@PathVariable String id, @Valid @RequestBody CreditMemoRequest request) {
        CreditMemo memo = invoicing.credit(id, request);
        return ResponseEntity.created(URI.create("/invoicing/v1/invoices/" + id + "/credit-memos")).body(memo);
    }

    @GetMapping("/invoices/{id}/credit-memos")
    @SandboxOperation("credit-memos.list")
    public List<CreditMemo> creditMemos(@PathVariable String id) {
        return invoicing.creditMemos(id);
    }
}
