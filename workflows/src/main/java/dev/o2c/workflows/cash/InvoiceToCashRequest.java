package dev.o2c.workflows.cash;

import dev.o2c.workflows.model.Money;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * Input of {@link InvoiceToCashWorkflow}, built by the billing run that finalized the invoice.
 *
 * @param invoiceId the invoicing platform's invoice id (the business key)
 * @param invoiceNumber its number ({@code INV-n})
 * @param psaProjectId the project billed (its billing marks are released by a void)
 * @param opportunityId the won CRM opportunity (invoice status sync)
 * @param accountId the CRM account (dunning tasks go to its owner)
 * @param erpCustomerId the ERP customer
 * @param receivableId the ERP receivable the run posted, or null when that step was skipped (the workflow looks it up)
 * @param total the invoice total (tax included): what the customer owes
 * @param dueDate the due date; dunning counts days overdue from it
 * @param billingRunId the run that issued the invoice
 * @param parkTimeout how long a parked step waits for a decision before it aborts by itself
 * @param replacesInvoiceIds voided invoices of the project whose entries this one bills again
 */
public record InvoiceToCashRequest(
        String invoiceId,
        String invoiceNumber,
        String psaProjectId,
        String opportunityId,
        String accountId,
        String erpCustomerId,
        String receivableId,
        Money total,
        LocalDate issueDate,
        LocalDate dueDate,
        String billingRunId,
        String correlationId,
        Duration parkTimeout,
        List<String> replacesInvoiceIds) {

    public InvoiceToCashRequest {
        Objects.requireNonNull(invoiceId, "invoiceId");
        Objects.requireNonNull(total, "total");
        Objects.requireNonNull(dueDate, "dueDate");
        replacesInvoiceIds = replacesInvoiceIds == null ? List.of() : List.copyOf(replacesInvoiceIds);
    }

    /** An invoice that replaces none. */
    public InvoiceToCashRequest(String invoiceId, String invoiceNumber, String psaProjectId, String opportunityId,
            String accountId, String erpCustomerId, String receivableId, Money total, LocalDate issueDate,
            LocalDate dueDate, String billingRunId, String correlationId, Duration parkTimeout) {
        this(invoiceId, invoiceNumber, psaProjectId, opportunityId, accountId, erpCustomerId, receivableId, total,
                issueDate, dueDate, billingRunId, correlationId, parkTimeout, List.of());
    }
}
