package dev.o2c.workflows.billing;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.o2c.workflows.cash.InvoiceCredited;
import dev.o2c.workflows.cash.InvoiceRejected;
import dev.o2c.workflows.cash.PaymentReceived;

/**
 * A webhook event o2c could not route when it arrived (e.g. {@code time.approved} for a project whose billing o2c
 * does not run), input of {@link InboundEventWorkflow}.
 *
 * @param target the workflow the event is for ({@code project-billing-{psaProjectId}}), null when unknown
 * @param signal the PSA approval to signal to a project's billing on RETRY (PSA events), else null
 * @param data the event's {@code data} as JSON text (ids only: no personal data)
 * @param payment the payment to signal to {@code invoice-to-cash-{invoiceId}} on RETRY ({@code payment.received} for
 *     an invoice o2c does not follow: parks for finance-ops), else null
 * @param rejection likewise for {@code invoice.rejected}
 * @param credit likewise for {@code invoice.credited}
 */
public record InboundEvent(String eventId, String system, String type, String businessKey, String target,
        WorkApproved signal, String data, String correlationId, PaymentReceived payment, InvoiceRejected rejection,
        InvoiceCredited credit) {

    /** A PSA or CRM event (project-to-billing). */
    public InboundEvent(String eventId, String system, String type, String businessKey, String target,
            WorkApproved signal, String data, String correlationId) {
        this(eventId, system, type, businessKey, target, signal, data, correlationId, null, null, null);
    }

    /** True for the invoicing platform's events (invoice-to-cash): they park for finance-ops. */
    @JsonIgnore
    public boolean isCashEvent() {
        return payment != null || rejection != null || credit != null;
    }
}
