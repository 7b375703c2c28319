package dev.o2c.workflows.systems;

import dev.o2c.workflows.customer.CustomerWritten;
import dev.o2c.workflows.customer.ErpCustomerRead;
import dev.o2c.workflows.customer.MasterAttributes;
import io.temporal.activity.ActivityInterface;

/** ERP customers for customer master data, run on task queue {@code erp}. */
@ActivityInterface(namePrefix = "ErpCustomer.")
public interface ErpCustomerActivities {

    /**
     * Reads the customer whose external id is the account id, as it is now. Read-only.
     *
     * @return the customer, or one with a null id when the ERP has none (the account is not provisioned)
     */
    ErpCustomerRead readCustomer(String accountId);

    /**
     * Writes the CRM-owned attributes in {@code changes} (null: unchanged) and the new sync baseline, if the customer
     * is still at {@code expectedVersion}; never an ERP-owned attribute. A customer at another version is an answer
     * ({@code applied = false}), not a failure: also a repeated write whose first attempt was applied, so the version
     * makes it safe to retry (the workflow reads again and finds the customer in sync).
     */
    CustomerWritten updateCustomer(String idempotencyKey, String erpCustomerId, long expectedVersion,
            MasterAttributes changes, MasterAttributes lastSynced);
}
