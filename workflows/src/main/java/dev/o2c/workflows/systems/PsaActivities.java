package dev.o2c.workflows.systems;

import dev.o2c.workflows.model.Engagement;
import dev.o2c.workflows.model.Money;
import java.time.LocalDate;
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

    // ---- project-to-billing

    /** The project's status and end date (a run bills only an ACTIVE project). */
    PsaProjectRead readProject(String psaProjectId);

    /** Compensation of a run's billing marks: releases every entry billed to {@code invoiceId} (none: no-op). */
    Ack releaseBillingMarks(String idempotencyKey, String invoiceId);

    /** An amendment's propagation: sets the project's end date and budget (null = unchanged). */
    Ack updateProjectTerms(String idempotencyKey, String psaProjectId, LocalDate endDate, Money budgetAmount);
}
