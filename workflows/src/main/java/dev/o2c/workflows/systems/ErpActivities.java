package dev.o2c.workflows.systems;

import dev.o2c.workflows.model.Customer;
import dev.o2c.workflows.model.Engagement;
import io.temporal.activity.ActivityInterface;

/** ERP connector, run on task queue {@code erp}. */
@ActivityInterface(namePrefix = "Erp.")
public interface ErpActivities {

    /**
     * Reads the legal entity with this code (name, functional currency): ERP reference data, since the ERP owns legal
     * entities. Read-only, so safe to repeat.
     *
     * @return the entity, or a {@code null} {@link LegalEntityRead#legalEntity()} when the ERP does not know the code
     *     (or the code is blank); validation then reports it
     */
    LegalEntityRead readLegalEntity(String code);

    /**
     * Creates or updates the customer keyed by its CRM account id. Idempotent on the key.
     * Undone by {@link #deactivateCustomerIfCreated}.
     */
    CustomerUpserted upsertCustomer(String idempotencyKey, Customer customer);

    /**
     * Compensation of {@link #upsertCustomer}: deactivates the customer only if the upsert sent with
     * {@code upsertKey} created it (it learns that by replaying the upsert under the same key, which the ERP answers
     * with its first result). A customer that existed before the saga is left alone. Idempotent.
     */
    Ack deactivateCustomerIfCreated(String idempotencyKey, String upsertKey, Customer customer);

    /** Creates the ERP project for revenue recognition. Idempotent on the key. Undone by {@link #closeProject}. */
    Created createProject(String idempotencyKey, Engagement engagement, String erpCustomerId, String psaProjectId);

    /** Compensation of {@link #createProject}: closes the ERP project with this external ref, if any. Idempotent. */
    Ack closeProject(String idempotencyKey, String externalRef);
}
