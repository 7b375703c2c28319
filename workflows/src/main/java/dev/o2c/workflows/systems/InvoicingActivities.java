package dev.o2c.workflows.systems;

import dev.o2c.workflows.model.Engagement;
import io.temporal.activity.ActivityInterface;

/** Invoicing-platform connector, run on task queue {@code invoicing}. */
@ActivityInterface(namePrefix = "Invoicing.")
public interface InvoicingActivities {

    /** Creates the billing plan for the engagement. Idempotent on the key. Undone by {@link #voidBillingPlan}. */
    Created createBillingPlan(String idempotencyKey, Engagement engagement, String erpCustomerId, String psaProjectId);

    /** Compensation of {@link #createBillingPlan}: voids the plan with this external ref, if any. Idempotent. */
    Ack voidBillingPlan(String idempotencyKey, String externalRef);
}
