package dev.o2c.workflows.systems;

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
}
