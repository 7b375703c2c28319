package dev.o2c.sandbox.invoicing;

import dev.o2c.sandbox.invoicing.InvoicingModels.BillingPeriod;
import dev.o2c.sandbox.invoicing.InvoicingModels.CreditMemo;
import dev.o2c.sandbox.invoicing.InvoicingModels.CreditMemoRequest;
import dev.o2c.sandbox.invoicing.InvoicingModels.Reminder;
import dev.o2c.sandbox.invoicing.InvoicingModels.ReminderRequest;
import dev.o2c.sandbox.invoicing.InvoicingModels.BillingPlan;
import dev.o2c.sandbox.invoicing.InvoicingModels.BillingPlanRequest;
import dev.o2c.sandbox.invoicing.InvoicingModels.BillingPlanUpdate;
import dev.o2c.sandbox.invoicing.InvoicingModels.Invoice;
import dev.o2c.sandbox.invoicing.InvoicingModels.InvoiceLine;
import dev.o2c.sandbox.invoicing.InvoicingModels.InvoiceRequest;
import dev.o2c.sandbox.invoicing.InvoicingModels.InvoiceStatus;
import dev.o2c.sandbox.invoicing.InvoicingModels.LineRequest;
import dev.o2c.sandbox.invoicing.InvoicingModels.LineRef;
import dev.o2c.sandbox.invoicing.InvoicingModels.Payment;
import dev.o2c.sandbox.invoicing.InvoicingModels.PaymentRequest;
import dev.o2c.sandbox.invoicing.InvoicingModels.PlanStatus;
import dev.o2c.sandbox.platform.data.KeyRange;
import dev.o2c.sandbox.platform.data.Page;
import dev.o2c.sandbox.platform.data.BillingModel;
import dev.o2c.sandbox.platform.data.Checks;
import dev.o2c.sandbox.platform.data.ExternalRefs;
import dev.o2c.sandbox.platform.data.JsonColumns;
import dev.o2c.sandbox.platform.data.Rows;
import dev.o2c.sandbox.platform.snapshot.SnapshotContributor;
import dev.o2c.sandbox.platform.web.ApiException;
import dev.o2c.sandbox.platform.web.Correlation;
import dev.o2c.sandbox.platform.web.Ids;
import dev.o2c.sandbox.platform.webhooks.EventOutbox;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import tools.jackson.core.type.TypeReference;

/** Invoicing platform: billing plans, invoices with a validated status machine, payments. */
@Service
public class InvoicingService implements SnapshotContributor {

    private static final TypeReference<List<InvoiceLine>> LINES = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final JsonColumns json;
    private final EventOutbox events;

    public InvoicingService(JdbcClient jdbc, JsonColumns json, EventOutbox events) {
        this.jdbc = jdbc;
        this.json = json;
        this.events = events;
    }

    // ---- billing plans

    public BillingPlan createPlan(BillingPlanRequest r) {
        Checks.start().currency("currency", r.currency()).scale("capAmount", r.capAmount(), 2)
                .scale("retainerMonthlyAmount", r.retainerMonthlyAmount(), 2).orThrow();
        ExternalRefs.requireNoLiveObject(jdbc, "invoicing.billing_plans", "VOID", "billing plan", r.externalRef());
        String id = Ids.next("bpl");
        jdbc.sql("""
                INSERT INTO invoicing.billing_plans (id, external_ref, customer_ref, project_ref, billing_model, currency,
                    billing_period, cap_amount, end_date, retainer_monthly_amount, status, correlation_id)
                VALUES (:id, :externalRef, :customerRef, :projectRef, :billingModel, :currency, :billingPeriod, :cap,
                    :endDate, :retainer, 'ACTIVE', :correlationId)
                """)
                .param("id", id).param("externalRef", r.externalRef()).param("customerRef", r.customerRef())
                .param("projectRef", r.projectRef()).param("billingModel", r.billingModel().name())
                .param("currency", r.currency()).param("billingPeriod", r.billingPeriod().name())
                .param("cap", r.capAmount()).param("endDate", r.endDate()).param("retainer", r.retainerMonthlyAmount())
                .param("correlationId", Correlation.current())
                .update();
        return plan(id);
    }

    /** Changes the plan's terms (fields present replace); a VOID plan → 409. */
    public BillingPlan updatePlan(String id, BillingPlanUpdate r) {
        BillingPlan plan = jdbc.sql("SELECT * FROM invoicing.billing_plans WHERE id = :id FOR UPDATE").param("id", id)
                .query(InvoicingService::mapPlan).optional().orElseThrow(() -> ApiException.notFound("billing plan", id));
        Checks.start().scale("capAmount", r.capAmount(), 2).scale("retainerMonthlyAmount", r.retainerMonthlyAmount(), 2)
                .orThrow();
        if (plan.status() == PlanStatus.VOID) {
            throw ApiException.conflict("Billing plan " + id + " is VOID").with("billingPlanId", id);
        }
        jdbc.sql("""
                UPDATE invoicing.billing_plans SET cap_amount = COALESCE(:cap, cap_amount),
                    end_date = COALESCE(:endDate, end_date),
                    retainer_monthly_amount = COALESCE(:retainer, retainer_monthly_amount),
                    billing_period = COALESCE(:period, billing_period), updated_at = now(),
                    correlation_id = COALESCE(:correlationId, correlation_id)
                WHERE id = :id
                """).param("cap", r.capAmount()).param("endDate", r.endDate()).param("retainer", r.retainerMonthlyAmount())
                .param("period", Rows.name(r.billingPeriod())).param("correlationId", Correlation.current())
                .param("id", id).update();
        return plan(id);
    }

    public BillingPlan plan(String id) {
        return jdbc.sql("SELECT * FROM invoicing.billing_plans WHERE id = :id").param("id", id)
                .query(InvoicingService::mapPlan).optional().orElseThrow(() -> ApiException.notFound("billing plan", id));
    }

    public List<BillingPlan> plans(String externalRef, String projectRef) {
        return jdbc.sql("""
                SELECT * FROM invoicing.billing_plans
                 WHERE (CAST(:externalRef AS text) IS NULL OR external_ref = :externalRef)
                   AND (CAST(:projectRef AS text) IS NULL OR project_ref = :projectRef)
                 ORDER BY created_at, id
                """).param("externalRef", externalRef).param("projectRef", projectRef)
                .query(InvoicingService::mapPlan).list();
    }

    /**
     * One page of the billing plans whose {@code externalRef} lies in {@code (externalRefAfter, externalRefThrough]}, by external
     * ref then id (byte order): what one page of won opportunities has here, for a reconciliation.
     */
    public Page<BillingPlan> plansByExternalRef(String externalRefAfter, String externalRefThrough, Integer limit,
            String cursor) {
        return KeyRange.of(externalRefAfter, externalRefThrough, limit, cursor).query(jdbc,
                "SELECT * FROM invoicing.billing_plans WHERE external_ref IS NOT NULL", Map.of(), "external_ref", "id", InvoicingService::mapPlan,
                BillingPlan::externalRef, BillingPlan::id);
    }

    /** ACTIVE → VOID; idempotent. Invoices can no longer be created on a VOID plan (409). */
    public BillingPlan voidPlan(String id) {
        BillingPlan plan = jdbc.sql("SELECT * FROM invoicing.billing_plans WHERE id = :id FOR UPDATE").param("id", id)
                .query(InvoicingService::mapPlan).optional().orElseThrow(() -> ApiException.notFound("billing plan", id));
        if (plan.status() == PlanStatus.VOID) {
            return plan;
        }
        jdbc.sql("""
                UPDATE invoicing.billing_plans SET status = 'VOID', voided_at = now(), updated_at = now(),
                    correlation_id = COALESCE(:correlationId, correlation_id)
                WHERE id = :id
                """).param("correlationId", Correlation.current()).param("id", id).update();
        return plan(id);
    }

    private static BillingPlan mapPlan(ResultSet rs, int row) throws SQLException {
        return new BillingPlan(rs.getString("id"), rs.getString("external_ref"), rs.getString("customer_ref"),
                rs.getString("project_ref"), BillingModel.valueOf(rs.getString("billing_model")), rs.getString("currency"),
                BillingPeriod.valueOf(rs.getString("billing_period")), Rows.decimal(rs, "cap_amount"),
                Rows.date(rs, "end_date"), Rows.decimal(rs, "retainer_monthly_amount"), PlanStatus.valueOf(rs.getString("status")),
                Rows.instant(rs, "voided_at"), rs.getString("correlation_id"), Rows.instant(rs, "created_at"),
                Rows.instant(rs, "updated_at"));
    }

    // ---- invoices

    public Invoice createInvoice(InvoiceRequest r) {
        Checks checks = Checks.start().currency("currency", r.currency()).dateOrder("dueDate", r.issueDate(), r.dueDate());
        BillingPlan plan = jdbc.sql("SELECT * FROM invoicing.billing_plans WHERE id = :id FOR SHARE")
                .param("id", r.billingPlanId()).query(InvoicingService::mapPlan).optional().orElse(null);
        checks.check(plan != null, "billingPlanId", "unknown billing plan " + r.billingPlanId());
        checks.check(plan == null || plan.currency().equals(r.currency()), "currency",
                "must be the billing plan's currency " + (plan == null ? "" : plan.currency()));
        List<InvoiceLine> lines = new ArrayList<>();
        BigDecimal subtotal = BigDecimal.ZERO;
        BigDecimal taxTotal = BigDecimal.ZERO;
        for (int i = 0; i < r.lines().size(); i++) {
            LineRequest line = r.lines().get(i);
            BigDecimal computed = line.quantity().multiply(line.unitPrice()).setScale(2, RoundingMode.HALF_UP);
            checks.check(line.amount() == null || line.amount().compareTo(computed) == 0, "lines[" + i + "].amount",
                    "must equal quantity × unitPrice = " + computed.toPlainString());
            BigDecimal rate = line.taxRatePercent() == null ? BigDecimal.ZERO : line.taxRatePercent();
            checks.scale("lines[" + i + "].taxRatePercent", rate, 4);
            BigDecimal tax = computed.multiply(rate).divide(BigDecimal.valueOf(100), 2, RoundingMode.HALF_UP);
            checks.check(line.taxAmount() == null || line.taxAmount().compareTo(tax) == 0, "lines[" + i + "].taxAmount",
                    "must equal amount × taxRatePercent / 100 = " + tax.toPlainString());
            lines.add(new InvoiceLine(i + 1, line.description(), line.quantity(), line.unitPrice(), computed, computed,
                    rate.setScale(4, RoundingMode.UNNECESSARY), tax,
                    line.sourceRefs() == null ? List.of() : List.copyOf(line.sourceRefs())));
            subtotal = subtotal.add(computed);
            taxTotal = taxTotal.add(tax);
        }
        checks.check(subtotal.signum() >= 0, "lines", "must not total less than 0");
        checks.orThrow();
        if (plan.status() != PlanStatus.ACTIVE) {
            throw ApiException.conflict("Billing plan " + plan.id() + " is VOID").with("billingPlanId", plan.id());
        }
        ExternalRefs.requireNoLiveObject(jdbc, "invoicing.invoices", "VOID", "invoice", r.externalRef());
        String id = Ids.next("inv");
        jdbc.sql("""
                INSERT INTO invoicing.invoices (id, external_ref, billing_plan_id, currency, issue_date, due_date, status,
                    lines, subtotal, tax_total, total, correlation_id)
                VALUES (:id, :externalRef, :planId, :currency, :issueDate, :dueDate, 'DRAFT', CAST(:lines AS jsonb),
                    :subtotal, :taxTotal, :total, :correlationId)
                """)
                .param("id", id).param("externalRef", r.externalRef()).param("planId", plan.id())
                .param("currency", r.currency()).param("issueDate", r.issueDate()).param("dueDate", r.dueDate())
                .param("lines", json.write(lines)).param("subtotal", subtotal).param("taxTotal", taxTotal)
                .param("total", subtotal.add(taxTotal)).param("correlationId", Correlation.current())
                .update();
        jdbc.sql("""
                INSERT INTO invoicing.invoice_line_refs (ref, invoice_id, line_no)
                SELECT DISTINCT r.ref, i.id, (l ->> 'lineNo')::int
                  FROM invoicing.invoices i, jsonb_array_elements(i.lines) l,
                       jsonb_array_elements_text(COALESCE(l -> 'sourceRefs', '[]'::jsonb)) AS r(ref)
                 WHERE i.id = :id
                """).param("id", id).update();
        return invoice(id);
    }

    public Invoice invoice(String id) {
        return jdbc.sql("SELECT * FROM invoicing.invoices WHERE id = :id").param("id", id).query(this::mapInvoice)
                .optional().orElseThrow(() -> ApiException.notFound("invoice", id));
    }

    private Invoice lockInvoice(String id) {
        return jdbc.sql("SELECT * FROM invoicing.invoices WHERE id = :id FOR UPDATE").param("id", id)
                .query(this::mapInvoice).optional().orElseThrow(() -> ApiException.notFound("invoice", id));
    }

    public List<Invoice> invoices(String billingPlanId, InvoiceStatus status, String externalRef) {
        return jdbc.sql("""
                SELECT * FROM invoicing.invoices
                 WHERE (CAST(:planId AS text) IS NULL OR billing_plan_id = :planId)
                   AND (CAST(:status AS text) IS NULL OR status = :status)
                   AND (CAST(:externalRef AS text) IS NULL OR external_ref = :externalRef)
                 ORDER BY created_at, id
                """).param("planId", billingPlanId).param("status", Rows.name(status)).param("externalRef", externalRef)
                .query(this::mapInvoice).list();
    }

    /** One page of every invoice in id order (byte order), after {@code after}: what a reconciliation walks. */
    public Page<Invoice> invoicePage(String after, Integer limit) {
        return KeyRange.of(after, null, limit, null).query(jdbc, "SELECT * FROM invoicing.invoices WHERE true",
                Map.of(), "id", "id", this::mapInvoice, Invoice::id, Invoice::id);
    }

    /** DRAFT → FINALIZED with the next invoice number; FINALIZED again answers unchanged; otherwise 409. */
    public Invoice finalizeInvoice(String id) {
        Invoice invoice = lockInvoice(id);
        if (invoice.status() == InvoiceStatus.FINALIZED) {
            return invoice;
        }
        requireStatus(invoice, "finalize", EnumSet.of(InvoiceStatus.DRAFT));
        jdbc.sql("""
                UPDATE invoicing.invoices SET status = 'FINALIZED', finalized_at = now(), updated_at = now(),
                    number = 'INV-' || nextval('invoicing.invoice_number_seq'),
                    correlation_id = COALESCE(:correlationId, correlation_id)
                WHERE id = :id
                """).param("correlationId", Correlation.current()).param("id", id).update();
        return invoice(id);
    }

    /** FINALIZED → SENT; SENT again answers unchanged; otherwise 409 (a DRAFT must be finalized first). */
    public Invoice send(String id) {
        Invoice invoice = lockInvoice(id);
        if (invoice.status() == InvoiceStatus.SENT) {
            return invoice;
        }
        requireStatus(invoice, "send", EnumSet.of(InvoiceStatus.FINALIZED));
        jdbc.sql("""
                UPDATE invoicing.invoices SET status = 'SENT', sent_at = now(), updated_at = now(),
                    correlation_id = COALESCE(:correlationId, correlation_id)
                WHERE id = :id
                """).param("correlationId", Correlation.current()).param("id", id).update();
        return invoice(id);
    }

    /** DRAFT, FINALIZED, SENT or REJECTED → VOID; VOID again answers unchanged; a (partially) paid invoice → 409. */
    public Invoice voidInvoice(String id) {
        Invoice invoice = lockInvoice(id);
        if (invoice.status() == InvoiceStatus.VOID) {
            return invoice;
        }
        requireStatus(invoice, "void", EnumSet.of(InvoiceStatus.DRAFT, InvoiceStatus.FINALIZED, InvoiceStatus.SENT,
                InvoiceStatus.REJECTED));
        jdbc.sql("""
                UPDATE invoicing.invoices SET status = 'VOID', voided_at = now(), updated_at = now(),
                    correlation_id = COALESCE(:correlationId, correlation_id)
                WHERE id = :id
                """).param("correlationId", Correlation.current()).param("id", id).update();
        return invoice(id);
    }

    /**
     * A payment on a FINALIZED, SENT or PARTIALLY_PAID invoice: emits {@code payment.received}; the invoice becomes
     * PARTIALLY_PAID or PAID. More than the balance is a 409, another currency a 400.
     */
    public Payment pay(String invoiceId, PaymentRequest r) {
        Invoice invoice = lockInvoice(invoiceId);
        Checks.start().scale("amount", r.amount(), 2)
                .check(r.currency().equals(invoice.currency()), "currency",
                        "must be the invoice's currency " + invoice.currency())
                .orThrow();
        requireStatus(invoice, "take a payment",
                EnumSet.of(InvoiceStatus.FINALIZED, InvoiceStatus.SENT, InvoiceStatus.PARTIALLY_PAID));
        if (r.amount().compareTo(invoice.balance()) > 0) {
            throw ApiException.conflict("Payment of " + r.amount().toPlainString() + " exceeds the balance "
                    + invoice.balance().toPlainString() + " of invoice " + invoiceId)
                    .with("balance", invoice.balance().toPlainString());
        }
        BigDecimal paid = invoice.amountPaid().add(r.amount());
        boolean full = paid.add(invoice.creditedAmount()).compareTo(invoice.total()) == 0;
        String id = Ids.next("pay");
        jdbc.sql("""
                INSERT INTO invoicing.payments (id, invoice_id, amount, currency, reference, received_on, correlation_id)
                VALUES (:id, :invoiceId, :amount, :currency, :reference, :receivedOn, :correlationId)
                """)
                .param("id", id).param("invoiceId", invoiceId).param("amount", r.amount()).param("currency", r.currency())
                .param("reference", r.reference()).param("receivedOn", r.receivedOn())
                .param("correlationId", Correlation.current())
                .update();
        jdbc.sql("""
                UPDATE invoicing.invoices SET amount_paid = :paid, status = :status,
                    paid_at = CASE WHEN :full THEN now() ELSE paid_at END, updated_at = now(),
                    correlation_id = COALESCE(:correlationId, correlation_id)
                WHERE id = :id
                """)
                .param("paid", paid).param("status", full ? "PAID" : "PARTIALLY_PAID").param("full", full)
                .param("correlationId", Correlation.current()).param("id", invoiceId)
                .update();
        events.publish("invoicing", "payment.received", Map.of("paymentId", id, "invoiceId", invoiceId,
                "amount", r.amount().setScale(2, RoundingMode.UNNECESSARY).toPlainString(), "currency", r.currency()));
        return payments("p.id = :id", id).getFirst();
    }

    public List<Payment> payments(String invoiceId) {
        invoice(invoiceId);
        return payments("p.invoice_id = :id", invoiceId);
    }

    /**
     * One page of the payments of every invoice whose id lies in {@code (invoiceIdAfter, invoiceIdThrough]}, by invoice
     * id then payment id (byte order): the payments of one page of invoices, for a reconciliation.
     */
    public Page<Payment> paymentPage(String invoiceIdAfter, String invoiceIdThrough, Integer limit, String cursor) {
        return KeyRange.of(invoiceIdAfter, invoiceIdThrough, limit, cursor).query(jdbc, PAYMENTS.formatted("true"),
                Map.of(), "p.invoice_id", "p.id", InvoicingService::mapPayment, Payment::invoiceId, Payment::id);
    }

    /**
     * One page of the source refs on the lines of every invoice, whose ref lies in {@code (refAfter, refThrough]}, by
     * ref then invoice id (byte order), with the invoice's status: which invoices bill one page of PSA entries.
     */
    public Page<LineRef> lineRefPage(String refAfter, String refThrough, Integer limit, String cursor) {
        return KeyRange.of(refAfter, refThrough, limit, cursor).query(jdbc, """
                SELECT r.ref, r.invoice_id, r.line_no, i.status
                  FROM invoicing.invoice_line_refs r JOIN invoicing.invoices i ON i.id = r.invoice_id
                 WHERE true""", Map.of(), "r.ref", "r.invoice_id", (rs, n) -> new LineRef(rs.getString("ref"),
                rs.getString("invoice_id"), rs.getInt("line_no"), InvoiceStatus.valueOf(rs.getString("status"))),
                LineRef::ref, LineRef::invoiceId);
    }

    private static final String PAYMENTS = """
            SELECT p.*, i.status AS invoice_status, i.total - i.amount_paid - i.credited_amount AS invoice_balance
              FROM invoicing.payments p JOIN invoicing.invoices i ON i.id = p.invoice_id
             WHERE %s""";

    private List<Payment> payments(String where, String id) {
        return jdbc.sql(PAYMENTS.formatted(where) + " ORDER BY p.created_at, p.id").param("id", id)
                .query(InvoicingService::mapPayment).list();
    }

    /**
     * The customer rejects a FINALIZED or SENT invoice: REJECTED with {@code rejectionReason}, emits
     * {@code invoice.rejected}; REJECTED again answers unchanged (no event); otherwise 409.
     */
    public Invoice reject(String id, String reason) {
        Invoice invoice = lockInvoice(id);
        if (invoice.status() == InvoiceStatus.REJECTED) {
            return invoice;
        }
        requireStatus(invoice, "reject", EnumSet.of(InvoiceStatus.FINALIZED, InvoiceStatus.SENT));
        jdbc.sql("""
                UPDATE invoicing.invoices SET status = 'REJECTED', rejection_reason = :reason, rejected_at = now(),
                    updated_at = now(), correlation_id = COALESCE(:correlationId, correlation_id)
                WHERE id = :id
                """).param("reason", reason).param("correlationId", Correlation.current()).param("id", id).update();
        events.publish("invoicing", "invoice.rejected", Map.of("invoiceId", id, "reason", reason));
        return invoice(id);
    }

    /** A reminder for a stage the invoice already has answers that one ({@code created} false); SENT/PARTIALLY_PAID only. */
    public record ReminderResult(Reminder reminder, boolean created) {
    }

    public ReminderResult remind(String invoiceId, ReminderRequest r) {
        Invoice invoice = lockInvoice(invoiceId);
        List<Reminder> existing = reminders("invoice_id = :id AND stage = :stage", invoiceId, r.stage());
        if (!existing.isEmpty()) {
            return new ReminderResult(existing.getFirst(), false);
        }
        requireStatus(invoice, "send a reminder for", EnumSet.of(InvoiceStatus.SENT, InvoiceStatus.PARTIALLY_PAID));
        String id = Ids.next("rem");
        jdbc.sql("""
                INSERT INTO invoicing.reminders (id, invoice_id, number, stage, note, correlation_id)
                VALUES (:id, :invoiceId,
                    (SELECT COALESCE(max(number), 0) + 1 FROM invoicing.reminders WHERE invoice_id = :invoiceId),
                    :stage, :note, :correlationId)
                """).param("id", id).param("invoiceId", invoiceId).param("stage", r.stage()).param("note", r.note())
                .param("correlationId", Correlation.current()).update();
        return new ReminderResult(reminders("id = :id", id, 0).getFirst(), true);
    }

    public List<Reminder> reminders(String invoiceId) {
        invoice(invoiceId);
        return reminders("invoice_id = :id", invoiceId, 0);
    }

    private List<Reminder> reminders(String where, String id, int stage) {
        return jdbc.sql("SELECT * FROM invoicing.reminders WHERE " + where + " ORDER BY number, id")
                .param("id", id).param("stage", stage).query(InvoicingService::mapReminder).list();
    }

    private static Reminder mapReminder(ResultSet rs, int row) throws SQLException {
        return new Reminder(rs.getString("id"), rs.getString("invoice_id"), rs.getInt("number"), rs.getInt("stage"),
                rs.getString("note"), Rows.instant(rs, "sent_at"), rs.getString("correlation_id"),
                Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"));
    }

    /**
     * A credit memo on a FINALIZED, SENT or PARTIALLY_PAID invoice lowers its balance ({@code creditedAmount} grows);
     * a balance reaching zero makes it CREDITED. More than the balance is a 409, another currency a 400. Emits
     * {@code invoice.credited}.
     */
    public CreditMemo credit(String invoiceId, CreditMemoRequest r) {
        Invoice invoice = lockInvoice(invoiceId);
        Checks.start().scale("amount", r.amount(), 2)
                .check(r.currency().equals(invoice.currency()), "currency",
                        "must be the invoice's currency " + invoice.currency())
                .orThrow();
        requireStatus(invoice, "credit",
                EnumSet.of(InvoiceStatus.FINALIZED, InvoiceStatus.SENT, InvoiceStatus.PARTIALLY_PAID));
        if (r.amount().compareTo(invoice.balance()) > 0) {
            throw ApiException.conflict("Credit of " + r.amount().toPlainString() + " exceeds the balance "
                    + invoice.balance().toPlainString() + " of invoice " + invoiceId)
                    .with("balance", invoice.balance().toPlainString());
        }
        boolean zero = r.amount().compareTo(invoice.balance()) == 0;
        String id = Ids.next("cm");
        jdbc.sql("""
                INSERT INTO invoicing.credit_memos (id, invoice_id, number, amount, currency, reason, correlation_id)
                VALUES (:id, :invoiceId, 'CM-' || nextval('invoicing.credit_memo_number_seq'), :amount, :currency,
                    :reason, :correlationId)
                """).param("id", id).param("invoiceId", invoiceId).param("amount", r.amount())
                .param("currency", r.currency()).param("reason", r.reason()).param("correlationId", Correlation.current())
                .update();
        jdbc.sql("""
                UPDATE invoicing.invoices SET credited_amount = credited_amount + :amount,
                    status = CASE WHEN :zero THEN 'CREDITED' ELSE status END, updated_at = now(),
                    correlation_id = COALESCE(:correlationId, correlation_id)
                WHERE id = :id
                """).param("amount", r.amount()).param("zero", zero).param("correlationId", Correlation.current())
                .param("id", invoiceId).update();
        CreditMemo memo = creditMemos("c.id = :id", id).getFirst();
        events.publish("invoicing", "invoice.credited", Map.of("creditMemoId", id, "invoiceId", invoiceId,
                "amount", r.amount().setScale(2, RoundingMode.UNNECESSARY).toPlainString(), "currency", r.currency(),
                "balance", memo.invoiceBalance().toPlainString()));
        return memo;
    }

    public List<CreditMemo> creditMemos(String invoiceId) {
        invoice(invoiceId);
        return creditMemos("c.invoice_id = :id", invoiceId);
    }

    private List<CreditMemo> creditMemos(String where, String id) {
        return jdbc.sql("""
                SELECT c.*, i.status AS invoice_status, i.total - i.amount_paid - i.credited_amount AS invoice_balance
                  FROM invoicing.credit_memos c JOIN invoicing.invoices i ON i.id = c.invoice_id
                 WHERE %s ORDER BY c.created_at, c.id
                """.formatted(where)).param("id", id).query(InvoicingService::mapCreditMemo).list();
    }

    private static CreditMemo mapCreditMemo(ResultSet rs, int row) throws SQLException {
        return new CreditMemo(rs.getString("id"), rs.getString("invoice_id"), rs.getString("number"),
                Rows.decimal(rs, "amount"), rs.getString("currency"), rs.getString("reason"),
                InvoiceStatus.valueOf(rs.getString("invoice_status")), Rows.decimal(rs, "invoice_balance"),
                rs.getString("correlation_id"), Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"));
    }

    private static void requireStatus(Invoice invoice, String action, Set<InvoiceStatus> allowed) {
        if (!allowed.contains(invoice.status())) {
            throw ApiException.conflict("Cannot " + action + " invoice " + invoice.id() + " in status " + invoice.status())
                    .with("currentStatus", invoice.status().name());
        }
    }

    private Invoice mapInvoice(ResultSet rs, int row) throws SQLException {
        BigDecimal total = Rows.decimal(rs, "total");
        BigDecimal paid = Rows.decimal(rs, "amount_paid");
        BigDecimal credited = Rows.decimal(rs, "credited_amount");
        return new Invoice(rs.getString("id"), rs.getString("external_ref"), rs.getString("billing_plan_id"),
                rs.getString("number"), rs.getString("currency"), Rows.date(rs, "issue_date"), Rows.date(rs, "due_date"),
                InvoiceStatus.valueOf(rs.getString("status")),
                json.read(rs.getString("lines"), LINES).stream().map(InvoiceLine::normalized).toList(),
                Rows.decimal(rs, "subtotal"), Rows.decimal(rs, "tax_total"), total, paid, credited,
                total.subtract(paid).subtract(credited), Rows.instant(rs, "finalized_at"), Rows.instant(rs, "sent_at"),
                Rows.instant(rs, "voided_at"), Rows.instant(rs, "paid_at"), rs.getString("rejection_reason"),
                Rows.instant(rs, "rejected_at"), rs.getString("correlation_id"),
                Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"));
    }

    private static Payment mapPayment(ResultSet rs, int row) throws SQLException {
        return new Payment(rs.getString("id"), rs.getString("invoice_id"), Rows.decimal(rs, "amount"),
                rs.getString("currency"), rs.getString("reference"), Rows.date(rs, "received_on"),
                InvoiceStatus.valueOf(rs.getString("invoice_status")), Rows.decimal(rs, "invoice_balance"),
                rs.getString("correlation_id"), Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"));
    }

    @Override
    public String system() {
        return "invoicing";
    }

    @Override
    public Map<String, List<?>> snapshot() {
        Map<String, List<?>> all = new LinkedHashMap<>();
        all.put("billingPlans", plans(null, null));
        all.put("invoices", invoices(null, null, null));
        all.put("payments", jdbc.sql("""
                SELECT p.*, i.status AS invoice_status, i.total - i.amount_paid - i.credited_amount AS invoice_balance
                  FROM invoicing.payments p JOIN invoicing.invoices i ON i.id = p.invoice_id
                 ORDER BY p.created_at, p.id
                """).query(InvoicingService::mapPayment).list());
        all.put("reminders", jdbc.sql("SELECT * FROM invoicing.reminders ORDER BY created_at, id")
                .query(InvoicingService::mapReminder).list());
        all.put("creditMemos", creditMemos("TRUE", ""));
        return all;
    }
}
