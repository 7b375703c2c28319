package dev.o2c.activities.reconciliation;

import static dev.o2c.workflows.reconciliation.DiscrepancyKind.WORK_BILLED_TWICE;
import static dev.o2c.workflows.reconciliation.DiscrepancyKind.WORK_MARK_MISMATCH;
import static dev.o2c.workflows.reconciliation.DiscrepancyKind.WORK_UNBILLED;

import dev.o2c.activities.http.JsonFields;
import dev.o2c.activities.reconciliation.Found.ObjectRef;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The rules of the {@code work} check (docs/processes.md, "Reconciliation"): an approved PSA entry is on the lines of
 * at most one live invoice, the PSA's billing mark names that invoice, and an entry nobody billed is billed by the day
 * after its billing period ends. Pure: the caller passes today.
 */
final class WorkRules {

    private WorkRules() {}

    /**
     * @param lineRefs the invoice-line refs carrying the entry's id (any invoice status)
     * @param plan the live billing plan of the entry's project, null when o2c bills none (provisioning's finding)
     */
    static List<Found> compare(JsonNode entry, List<JsonNode> lineRefs, JsonNode plan, LocalDate today) {
        String id = JsonFields.text(entry, "id");
        String mark = JsonFields.text(entry, "billedInvoiceRef");
        List<String> invoices = lineRefs.stream().filter(r -> !"VOID".equals(JsonFields.text(r, "invoiceStatus")))
                .map(r -> JsonFields.text(r, "invoiceId")).distinct().sorted().toList();
        String what = ("TIME".equals(JsonFields.text(entry, "kind")) ? "Time entry " : "Expense ") + id + " of "
                + JsonFields.text(entry, "date") + " (project " + JsonFields.text(entry, "projectId") + ")";
        List<ObjectRef> objects = new ArrayList<>(List.of(entryRef(entry)));
        invoices.forEach(invoice -> objects.add(new ObjectRef("invoicing", "invoice", invoice)));
        if (invoices.size() > 1) {
            return List.of(new Found(WORK_BILLED_TWICE, id, List.of(id),
                    what + " is billed on " + invoices.size() + " invoices: " + String.join(", ", invoices), objects));
        }
        if (invoices.size() == 1 && !invoices.getFirst().equals(mark)) {
            return List.of(new Found(WORK_MARK_MISMATCH, id, List.of(id), what + " is billed on invoice "
                    + invoices.getFirst() + ", but the PSA marks it " + (mark == null ? "unbilled" : "billed to " + mark),
                    objects));
        }
        if (invoices.isEmpty() && mark != null) {
            objects.add(new ObjectRef("invoicing", "invoice", mark));
            return List.of(new Found(WORK_MARK_MISMATCH, id, List.of(id), what + " is marked billed to " + mark
                    + " in the PSA, but no live invoice carries it", objects));
        }
        if (invoices.isEmpty() && plan != null) {
            LocalDate periodEnd = periodEnd(JsonFields.text(plan, "billingPeriod"), LocalDate.parse(JsonFields.text(entry, "date")));
            if (periodEnd != null && today.isAfter(periodEnd.plusDays(1))) {
                objects.add(new ObjectRef("invoicing", "billing-plan", JsonFields.text(plan, "id")));
                return List.of(new Found(WORK_UNBILLED, id, List.of(id), what + " is approved and unbilled; its "
                        + JsonFields.text(plan, "billingPeriod").toLowerCase() + " period ended " + periodEnd, objects));
            }
        }
        return List.of();
    }

    /** The last day of the billing period holding {@code date}; null for periods without an end (milestone, on demand). */
    static LocalDate periodEnd(String billingPeriod, LocalDate date) {
        return switch (billingPeriod) {
            case "WEEKLY" -> date.with(TemporalAdjusters.nextOrSame(DayOfWeek.SUNDAY));
            case "MONTHLY" -> date.with(TemporalAdjusters.lastDayOfMonth());
            case "QUARTERLY" -> date.withMonth((date.getMonthValue() - 1) / 3 * 3 + 3).with(TemporalAdjusters.lastDayOfMonth());
            default -> null;
        };
    }

    private static ObjectRef entryRef(JsonNode entry) {
        return new ObjectRef("psa", "TIME".equals(JsonFields.text(entry, "kind")) ? "time-entry" : "expense",
                JsonFields.text(entry, "id"));
    }
}
