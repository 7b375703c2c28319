package dev.o2c.workflows.systems;

import dev.o2c.workflows.model.Customer;
import dev.o2c.workflows.model.Engagement;
import dev.o2c.workflows.model.Money;
import java.time.LocalDate;
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
     * Creates or updates the customer keyed by its CRM account id. Idempotent on the key; under a RETRY round's key
     * ({@code IdempotencyKeys.isRetryRound}) it finds the customer an earlier round may have created before creating
     * one. Undone by {@link #deactivateCustomer} when the workflow's lookup ({@link #findCustomer}) showed that this
     * saga created it (by {@link #deactivateCustomerIfCreated} in runs recorded before).
     */
    CustomerUpserted upsertCustomer(String idempotencyKey, Customer customer);

    /**
     * Compensation of {@link #upsertCustomer} in runs recorded before {@code deactivateCustomer} existed: it replays
     * the upsert under {@code upsertKey} to learn whether that upsert created the customer, which writes when the key
     * never reached the ERP.
     *
     * @deprecated kept only for workflow histories recorded before; new code calls {@link #findCustomer} before the
     *     upsert and {@link #deactivateCustomer} to undo it
     */
    @Deprecated
    Ack deactivateCustomerIfCreated(String idempotencyKey, String upsertKey, Customer customer);

    /**
     * Reads the customer with this external id (the CRM account id), if any. Read-only, so safe to repeat. The
     * workflow reads it before its first upsert to know whether the customer existed before the saga.
     *
     * @return the customer's id and status, or a lookup with a {@code null} id when the ERP has none
     */
    CustomerLookup findCustomer(String externalId);

    /**
     * Compensation of {@link #upsertCustomer}, called only when the workflow's history says this saga created the
     * customer: deactivates the customer with this external id unless it is already inactive, absent, or still has an
     * active ERP project other than the one whose external ref is {@code exceptProjectRef} (another engagement of the
     * same account uses it). Never writes anything else to find out. Idempotent.
     */
    Ack deactivateCustomer(String idempotencyKey, String externalId, String exceptProjectRef);

    /** Creates the ERP project for revenue recognition. Idempotent on the key. Undone by {@link #closeProject}. */
    Created createProject(String idempotencyKey, Engagement engagement, String erpCustomerId, String psaProjectId);

    /** Compensation of {@link #createProject}: closes the ERP project with this external ref, if any. Idempotent. */
    Ack closeProject(String idempotencyKey, String externalRef);

    // ---- project-to-billing

    /** The tax rate for the contract's legal entity and the customer's country on {@code date}. */
    TaxRateRead readTaxRate(String legalEntity, String country, LocalDate date);

    /** The receivable of a finalized invoice (one per invoice: an existing one for {@code invoiceRef} is returned). */
    Created postReceivable(String idempotencyKey, String erpCustomerId, String invoiceRef, Money amount,
            LocalDate dueDate);

    /**
     * A revenue journal entry for {@code period} (YYYY-MM) by {@code method}; the same project, period and
     * {@code sourceRef} again returns the existing entry.
     */
    Created postRevenue(String idempotencyKey, String erpProjectId, String period, Money amount, String method,
            String sourceRef, String description);

    /** An amendment's propagation: sets the ERP project's end date and contract amount (null = unchanged). */
    Ack updateProjectTerms(String idempotencyKey, String erpProjectId, LocalDate endDate, Money contractAmount);

    // ---- invoice-to-cash

    /** The receivable of {@code invoiceRef}, or one with a null id when the ERP has none. Read-only. */
    ReceivableRead findReceivable(String invoiceRef);

    /**
     * Applies a payment to the receivable exactly once: a payment with the same {@code paymentRef} already on it is
     * returned, not applied again (whatever the key).
     */
    Created applyPayment(String idempotencyKey, String receivableId, String paymentRef, Money amount,
            LocalDate receivedOn);

    /** Credits the receivable (a credit memo); the same {@code creditRef} again returns the existing credit. */
    Created creditReceivable(String idempotencyKey, String receivableId, String creditRef, Money amount,
            String reason);

    /** Writes off {@code amount} of the receivable's balance. Idempotent on the key. */
    Created writeOffReceivable(String idempotencyKey, String receivableId, Money amount, String reason);

    /** Reverses an unpaid receivable (its invoice was voided); already reversed: no-op. */
    Ack reverseReceivable(String idempotencyKey, String receivableId, String reason);
}
