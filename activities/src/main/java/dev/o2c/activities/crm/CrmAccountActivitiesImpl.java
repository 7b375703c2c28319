package dev.o2c.activities.crm;

import dev.o2c.activities.http.AddressJson;
import dev.o2c.activities.http.Call;
import dev.o2c.activities.http.CallContext;
import dev.o2c.activities.http.JsonFields;
import dev.o2c.activities.http.SystemClient;
import dev.o2c.activities.http.SystemClients;
import dev.o2c.workflows.common.FailureTypes;
import dev.o2c.workflows.common.TaskQueues;
import dev.o2c.workflows.customer.AccountRead;
import dev.o2c.workflows.customer.MasterAttributes;
import dev.o2c.workflows.model.Address;
import dev.o2c.workflows.systems.CrmAccountActivities;
import io.temporal.failure.ApplicationFailure;
import io.temporal.spring.boot.ActivityImpl;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/** CRM accounts for customer master data ({@code /crm/v1/accounts}). */
@Component
@ActivityImpl(workers = TaskQueues.CRM)
public class CrmAccountActivitiesImpl implements CrmAccountActivities {

    private final SystemClient crm;

    public CrmAccountActivitiesImpl(SystemClients clients) {
        this.crm = clients.crm();
    }

    /**
     * {@code GET /accounts/{id}}: the version and the CRM-owned attributes. A billing address the ERP could not take
     * (incomplete, unknown country) fails with a non-retryable {@link FailureTypes#VALIDATION}: the CRM must fix it.
     */
    @Override
    public AccountRead readAccount(String accountId) {
        JsonNode account = crm.send(Call.get("/accounts/{id}", accountId).objectRef(accountId)).body();
        Address address;
        try {
            address = AddressJson.of(JsonFields.object(account, "billingAddress"));
        } catch (IllegalArgumentException incomplete) {
            throw ApplicationFailure.newBuilder()
                    .setType(FailureTypes.VALIDATION)
                    .setMessage("CRM account " + accountId + " has an unusable billing address: "
                            + incomplete.getMessage())
                    .setNonRetryable(true)
                    .build();
        }
        MasterAttributes attributes = new MasterAttributes(blankToNull(JsonFields.text(account, "name")),
                blankToNull(JsonFields.text(account, "taxId")), address);
        return new AccountRead(accountId, account.path("version").asLong(1), attributes,
                CallContext.current().attempt());
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
