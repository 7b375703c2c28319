package dev.o2c.workflows.systems;

import dev.o2c.workflows.model.Engagement;
import io.temporal.activity.ActivityInterface;

/** PSA connector, run on task queue {@code psa}. */
@ActivityInterface(namePrefix = "Psa.")
public interface PsaActivities {

    /**
     * Creates the project with its work breakdown; external ref = the opportunity id. Idempotent on the key.
     * Undone by {@link #cancelProject}.
     */
    Created createProject(String idempotencyKey, Engagement engagement, String erpCustomerId);

    /**
     * Compensation of {@link #createProject}: cancels the project with this external ref, if one exists (the create
     * may have timed out yet succeeded). Idempotent.
     */
    Ack cancelProject(String idempotencyKey, String externalRef);
}
