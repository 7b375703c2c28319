package dev.o2c.activities.reconciliation;

import static dev.o2c.workflows.reconciliation.DiscrepancyKind.PAYMENT_AMOUNT_MISMATCH;
import static dev.o2c.workflows.reconciliation.DiscrepancyKind.PAYMENT_APPLIED_LATE;
import static dev.o2c.workflows.reconciliation.DiscrepancyKind.PAYMENT_APPLIED_TWICE;
import static dev.o2c.workflows.reconciliation.DiscrepancyKind.PAYMENT_NOT_APPLIED;
import static dev.o2c.workflows.reconciliation.DiscrepancyKind.PAYMENT_UNKNOWN;
import static dev.o2c.workflows.reconciliation.DiscrepancyKind.RECEIVABLE_AMOUNT_MISMATCH;
import static dev.o2c.workflows.reconciliation.DiscrepancyKind.RECEIVABLE_BALANCE_MISMATCH;
import static dev.o2c.workflows.reconciliation.DiscrepancyKind.RECEIVABLE_DUPLICATE;
import static dev.o2c.workflows.reconciliation.DiscrepancyKind.RECEIVABLE_MISSING;
import static dev.o2c.workflows.reconciliation.DiscrepancyKind.RECEIVABLE_ORPHAN;
import static dev.o2c.workflows.reconciliation.DiscrepancyKind.RECEIVABLE_STATUS_MISMATCH;

import dev.o2c.activities.http.JsonFields;
import dev.o2c.activities.reconciliation.Found.ObjectRef;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * The rules of the {@code receivables} and {@code payments} checks (the table in docs/processes.md,
 * "Reconciliation"), over the systems' JSON as their APIs answer it. Pure: no I/O, no clock.
 */
final class InvoiceRules {

    /** Invoices that bill nothing (yet, or any more): a live receivable for one is an orphan. */
    private static final Set<String> NOT_BILLING = Set.of("DRAFT", "VOID");

    private InvoiceRules() {}

    /** Receivables not reversed: the ones that count. */
    static List<JsonNode> live(List<JsonNode> receivables) {
        return receivables.stream().filter(r -> !"REVERSED".equals(JsonFields.text(r, "status"))).toList();
    }

    /** {@code invoice} against the receivables carrying its id as {@code invoiceRef}. */
    static List<Found> receivables(JsonNode invoice, List<JsonNode> receivables) {
        String invoiceId = JsonFields.text(invoice, "id");
        String status = JsonFields.text(invoice, "status");
        List<JsonNode> live = live(receivables);
        if (NOT_BILLING.contains(status)) {
            return live.stream().map(r -> orphan(r, "invoice " + describe(invoice) + " is " + status)).toList();
        }
        if (live.isEmpty()) {
            return List.of(new Found(RECEIVABLE_MISSING, invoiceId, List.of(invoiceId),
                    "Invoice " + describe(invoice) + " (" + status + ", " + money(invoice, "total", "currency")
                            + ") has no receivable in the ERP", List.of(invoiceRef(invoiceId))));
        }
        if (live.size() > 1) {
            List<String> ids = live.stream().map(r -> JsonFields.text(r, "id")).sorted().toList();
            List<ObjectRef> objects = new ArrayList<>(List.of(invoiceRef(invoiceId)));
            ids.forEach(id -> objects.add(receivableRef(id)));
            return List.of(new Found(RECEIVABLE_DUPLICATE, invoiceId, List.of(invoiceId),
                    "Invoice " + describe(invoice) + " has " + ids.size() + " receivables in the ERP: "
                            + String.join(", ", ids), objects));
        }
        JsonNode receivable = live.getFirst();
        String receivableId = JsonFields.text(receivable, "id");
        List<ObjectRef> both = List.of(invoiceRef(invoiceId), receivableRef(receivableId));
        List<String> keys = List.of(invoiceId, receivableId);
        if (!same(invoice, "total", receivable, "amount")
                || !JsonFields.text(invoice, "currency").equals(JsonFields.text(receivable, "currency"))) {
            // a wrong amount explains a wrong balance and status too: one cause, one discrepancy
            return List.of(new Found(RECEIVABLE_AMOUNT_MISMATCH, invoiceId, keys, "Invoice " + describe(invoice)
                    + " totals " + money(invoice, "total", "currency") + "; receivable " + receivableId + " is for "
                    + money(receivable, "amount", "currency"), both));
        }
        if (decimal(invoice, "amountPaid").compareTo(sum(receivable.path("payments"), "amount")) != 0) {
            // payments that differ are the payments check's finding, and they explain the balance and status
            return List.of();
        }
        List<Found> found = new ArrayList<>();
        BigDecimal writtenOff = sum(receivable.path("writeOffs"), "amount");
        BigDecimal expected = decimal(receivable, "balance").add(writtenOff);
        if (decimal(invoice, "balance").compareTo(expected) != 0) {
            found.add(new Found(RECEIVABLE_BALANCE_MISMATCH, invoiceId, keys, "Invoice " + describe(invoice)
                    + " has a balance of " + money(invoice, "balance", "currency") + "; receivable " + receivableId
                    + " " + money(receivable, "balance", "currency")
                    + (writtenOff.signum() == 0 ? "" : " after " + writtenOff.toPlainString() + " written off"), both));
        }
        boolean invoicePaid = "PAID".equals(status);
        boolean receivablePaid = "PAID".equals(JsonFields.text(receivable, "status"));
        if (invoicePaid != receivablePaid) {
            found.add(new Found(RECEIVABLE_STATUS_MISMATCH, invoiceId, keys, "Invoice " + describe(invoice) + " is "
                    + status + "; receivable " + receivableId + " is " + JsonFields.text(receivable, "status"), both));
        }
        return found;
    }

    /** A live receivable whose {@code invoiceRef} names no invoice, or one that bills nothing. */
    static Found orphan(JsonNode receivable, String why) {
        String receivableId = JsonFields.text(receivable, "id");
        String ref = JsonFields.text(receivable, "invoiceRef");
        return new Found(RECEIVABLE_ORPHAN, ref, List.of(receivableId), "Receivable " + receivableId + " ("
                + money(receivable, "balance", "currency") + " open) is for " + why, List.of(receivableRef(receivableId)));
    }

    /**
     * The invoice's payments in the invoicing platform against those applied on its one live receivable, matched by
     * the platform's payment id ({@code paymentRef} in the ERP).
     *
     * @param late how long after the platform recorded a payment the ERP may apply it
     */
    static List<Found> payments(JsonNode invoice, JsonNode receivable, List<JsonNode> payments, Duration late) {
        String invoiceId = JsonFields.text(invoice, "id");
        String receivableId = JsonFields.text(receivable, "id");
        List<JsonNode> applied = new ArrayList<>();
        receivable.path("payments").forEach(applied::add);
        List<Found> found = new ArrayList<>();
        for (JsonNode payment : payments) {
            String paymentId = JsonFields.text(payment, "id");
            List<JsonNode> matches = applied.stream()
                    .filter(a -> paymentId.equals(JsonFields.text(a, "paymentRef"))).toList();
            String what = "Payment " + paymentId + " of " + money(payment, "amount", "currency") + " on invoice "
                    + describe(invoice);
            List<ObjectRef> objects = new ArrayList<>(List.of(paymentRef(paymentId), invoiceRef(invoiceId),
                    receivableRef(receivableId)));
            matches.forEach(m -> objects.add(appliedRef(JsonFields.text(m, "id"))));
            if (matches.isEmpty()) {
                found.add(new Found(PAYMENT_NOT_APPLIED, invoiceId, List.of(paymentId),
                        what + " is not applied on receivable " + receivableId, objects));
            } else if (matches.size() > 1) {
                found.add(new Found(PAYMENT_APPLIED_TWICE, invoiceId, List.of(paymentId), what + " is applied "
                        + matches.size() + " times on receivable " + receivableId + ": "
                        + matches.stream().map(m -> JsonFields.text(m, "id")).collect(Collectors.joining(", ")),
                        objects));
            } else {
                JsonNode match = matches.getFirst();
                String appliedId = JsonFields.text(match, "id");
                if (!same(payment, "amount", match, "amount")
                        || !JsonFields.text(payment, "currency").equals(JsonFields.text(match, "currency"))) {
                    found.add(new Found(PAYMENT_AMOUNT_MISMATCH, invoiceId, List.of(paymentId, appliedId), what
                            + " is applied as " + money(match, "amount", "currency") + " (" + appliedId + ")", objects));
                }
                Duration delay = Duration.between(instant(payment, "createdAt"), instant(match, "createdAt"));
                if (delay.compareTo(late) > 0) {
                    found.add(new Found(PAYMENT_APPLIED_LATE, invoiceId, List.of(paymentId, appliedId), what
                            + " was applied " + delay.withNanos(0) + " after it was received (allowed: " + late + ")",
                            objects));
                }
            }
        }
        Set<String> known = payments.stream().map(p -> JsonFields.text(p, "id")).collect(Collectors.toSet());
        for (JsonNode a : applied) {
            if (!known.contains(JsonFields.text(a, "paymentRef"))) {
                String appliedId = JsonFields.text(a, "id");
                found.add(new Found(PAYMENT_UNKNOWN, invoiceId, List.of(appliedId), "Receivable " + receivableId
                        + " has payment " + appliedId + " of " + money(a, "amount", "currency") + " for "
                        + JsonFields.text(a, "paymentRef") + ", which is no payment of invoice " + describe(invoice),
                        List.of(appliedRef(appliedId), receivableRef(receivableId), invoiceRef(invoiceId))));
            }
        }
        return found;
    }

    private static String describe(JsonNode invoice) {
        String number = JsonFields.text(invoice, "number");
        String id = JsonFields.text(invoice, "id");
        return number == null ? id : number + " (" + id + ")";
    }

    private static boolean same(JsonNode a, String aField, JsonNode b, String bField) {
        return decimal(a, aField).compareTo(decimal(b, bField)) == 0;
    }

    static BigDecimal decimal(JsonNode node, String field) {
        String text = JsonFields.text(node, field);
        return text == null ? BigDecimal.ZERO : new BigDecimal(text);
    }

    static Instant instant(JsonNode node, String field) {
        return Instant.parse(JsonFields.text(node, field));
    }

    private static BigDecimal sum(JsonNode items, String field) {
        BigDecimal total = BigDecimal.ZERO;
        for (JsonNode item : items) {
            total = total.add(decimal(item, field));
        }
        return total;
    }

    private static String money(JsonNode node, String amountField, String currencyField) {
        return JsonFields.text(node, amountField) + " " + JsonFields.text(node, currencyField);
    }

    private static ObjectRef invoiceRef(String id) {
        return new ObjectRef("invoicing", "invoice", id);
    }

    private static ObjectRef paymentRef(String id) {
        return new ObjectRef("invoicing", "payment", id);
    }

    private static ObjectRef receivableRef(String id) {
        return new ObjectRef("erp", "receivable", id);
    }

    private static ObjectRef appliedRef(String id) {
        return new ObjectRef("erp", "receivable-payment", id);
    }
}
