package dev.o2c.workflows.systems;

import dev.o2c.workflows.customer.AccountRead;
import io.temporal.activity.ActivityInterface;

/** CRM accounts for customer master data, run on task queue {@code crm}. */
@ActivityInterface(namePrefix = "CrmAccount.")
public interface CrmAccountActivities {

    /**
     * Reads the account as it is now (version and CRM-owned attributes). Read-only, so safe to repeat.
     *
     * @throws io.temporal.failure.ApplicationFailure {@code o2c.not-found} when the account is unknown,
     *     {@code o2c.validation} when its billing address is incomplete (the CRM must fix it first)
     */
    AccountRead readAccount(String accountId);
}
