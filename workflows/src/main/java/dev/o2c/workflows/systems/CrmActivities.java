package dev.o2c.workflows.systems;

import dev.o2c.workflows.billing.AmendmentRequest;
import io.temporal.activity.ActivityInterface;

/** CRM connector, run on task queue {@code crm}. Every side-effecting method takes the idempotency key to send. */
@ActivityInterface(namePrefix = "Crm.")
public interface CrmActivities {

    /**
     * Reads a won opportunity and its account. Read-only, so safe to repeat.
     *
     * @throws io.temporal.failure.ApplicationFailure {@code o2c.not-found} when the opportunity is unknown,
     *     {@code o2c.validation} when it is not won
     */
    OpportunityRead readWonOpportunity(String opportunityId);

    /** Writes project ids and delivery status back to the opportunity. Idempotent; the last saga step, no compensation. */
    Ack writeBackDelivery(String idempotencyKey, String opportunityId, DeliveryLinks links);

    /** Creates a task for a person. Idempotent on the key. No compensation (a note is harmless). */
    Ack createTask(String idempotencyKey, CrmTask task);

    // ---- contract amendments

    /** Amendment {@code number} of a won opportunity, as an {@link AmendmentRequest} with source {@code crm}. */
    AmendmentRequest readAmendment(String opportunityId, int number);

    /**
     * Writes an API amendment back to the CRM (the owner of contract terms). The CRM already holding amendment
     * {@code number} of this opportunity counts as done.
     */
    Ack writeAmendment(String idempotencyKey, String opportunityId, AmendmentRequest amendment);

    // ---- invoice-to-cash

    /** Upserts the invoice's status on the opportunity (by {@code invoiceRef}). Idempotent. */
    Ack syncInvoiceStatus(String idempotencyKey, String opportunityId, InvoiceStatusSync status);
}
