package dev.o2c.workflows.model;

import java.time.LocalDate;
import java.util.List;

/**
 * An invoice for a project, as created in the invoicing platform and tracked through invoice-to-cash.
 *
 * <p>Invariants: {@code id} is optional (assigned by the invoicing platform; blank becomes {@code null});
 * {@code projectId} and {@code customerExternalId} are not blank; {@code issueDate <= dueDate}; {@code lines} is
 * non-empty and every line is in the currency of {@code total} ({@link CurrencyMismatchException} otherwise);
 * {@code total} equals the sum of the line amounts exactly and is not negative; {@code status} is required.
 */
public record Invoice(
        String id,
        String projectId,
        String customerExternalId,
        LocalDate issueDate,
        LocalDate dueDate,
        Money total,
        List<InvoiceLine> lines,
        InvoiceStatus status) {

    public Invoice {
        id = Checks.optional(id);
        Checks.requireNonBlank(projectId, "Invoice.projectId");
        Checks.requireNonBlank(customerExternalId, "Invoice.customerExternalId");
        Checks.requireNonNull(issueDate, "Invoice.issueDate");
        Checks.requireNonNull(dueDate, "Invoice.dueDate");
        if (dueDate.isBefore(issueDate)) {
            throw new IllegalArgumentException(
                    "Invoice.dueDate " + dueDate + " must not be before Invoice.issueDate " + issueDate);
        }
        Checks.requireNonNegative(total, "Invoice.total");
        lines = Checks.copyNonEmpty(lines, "Invoice.lines");
        for (int i = 0; i < lines.size(); i++) {
            Checks.requireCurrencyOf(lines.get(i).amount(), total.currency(), "Invoice.lines[" + i + "].amount");
        }
        Money sum = Money.sum(total.currency(), lines.stream().map(InvoiceLine::amount).toList());
        if (!sum.equals(total)) {
            throw new IllegalArgumentException("Invoice.total " + total + " must equal the sum of its lines " + sum);
        }
        Checks.requireNonNull(status, "Invoice.status");
    }

    /**
     * A {@link InvoiceStatus#DRAFT} invoice without id whose total is the sum of {@code lines} and whose due date
     * follows from {@code terms}.
     */
    public static Invoice draft(String projectId, String customerExternalId, LocalDate issueDate, PaymentTerms terms,
            List<InvoiceLine> lines) {
        List<InvoiceLine> copy = Checks.copyNonEmpty(lines, "Invoice.lines");
        Checks.requireNonNull(terms, "terms");
        String currency = copy.get(0).amount().currency();
        Money total = Money.sum(currency, copy.stream().map(InvoiceLine::amount).toList());
        return new Invoice(null, projectId, customerExternalId, issueDate, terms.dueDate(issueDate), total, copy,
                InvoiceStatus.DRAFT);
    }

    /** The currency of the total and every line. */
    public String currency() {
        return total.currency();
    }

    public Invoice withId(String newId) {
        return new Invoice(Checks.requireNonBlank(newId, "Invoice.id"), projectId, customerExternalId, issueDate,
                dueDate, total, lines, status);
    }

    public Invoice withStatus(InvoiceStatus newStatus) {
        return new Invoice(id, projectId, customerExternalId, issueDate, dueDate, total, lines, newStatus);
    }
}
