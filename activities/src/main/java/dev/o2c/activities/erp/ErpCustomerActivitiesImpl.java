package dev.o2c.activities.erp;

import dev.o2c.activities.http.AddressJson;
import dev.o2c.activities.http.Call;
import dev.o2c.activities.http.CallContext;
import dev.o2c.activities.http.JsonFields;
import dev.o2c.activities.http.Reply;
import dev.o2c.activities.http.SystemClient;
import dev.o2c.activities.http.SystemClients;
import dev.o2c.workflows.common.FailureTypes;
import dev.o2c.workflows.common.TaskQueues;
import dev.o2c.workflows.customer.CustomerWritten;
import dev.o2c.workflows.customer.ErpCustomerRead;
import dev.o2c.workflows.customer.MasterAttributes;
import dev.o2c.workflows.systems.ErpCustomerActivities;
import io.temporal.failure.ApplicationFailure;
import io.temporal.spring.boot.ActivityImpl;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/** ERP customers for customer master data ({@code /erp/v1/customers}). */
@Component
@ActivityImpl(workers = TaskQueues.ERP)
public class ErpCustomerActivitiesImpl implements ErpCustomerActivities {

    private static final Logger log = LoggerFactory.getLogger(ErpCustomerActivitiesImpl.class);

    private final SystemClient erp;

    public ErpCustomerActivitiesImpl(SystemClients clients) {
        this.erp = clients.erp();
    }

    /** {@code GET /customers?externalId=}: the account's customer (filtered again on our side), or none. */
    @Override
    public ErpCustomerRead readCustomer(String accountId) {
        JsonNode list = erp.send(Call.get("/customers?externalId={id}", accountId).objectRef(accountId)).body();
        int attempt = CallContext.current().attempt();
        for (JsonNode customer : list) {
            if (accountId.equals(JsonFields.text(customer, "externalId"))) {
                return new ErpCustomerRead(JsonFields.text(customer, "id"), customer.path("version").asLong(),
                        attributes(customer), synced(JsonFields.object(customer, "lastSynced")), attempt);
            }
        }
        return ErpCustomerRead.none(attempt);
    }

    /**
     * {@code PATCH /customers/{id}} with {@code expectedVersion}, the changed CRM-owned attributes and
     * {@code lastSynced}; never an ERP-owned attribute. 409 with {@code currentVersion} (someone wrote in between) is an
     * answer: not applied.
     */
    @Override
    public CustomerWritten updateCustomer(String idempotencyKey, String erpCustomerId, long expectedVersion,
            MasterAttributes changes, MasterAttributes lastSynced) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("expectedVersion", expectedVersion);
        for (String attribute : MasterAttributes.ALL) {
            if (changes.get(attribute) != null) {
                body.put(attribute, changes.get(attribute));
            }
        }
        body.put("lastSynced", lastSynced);
        Reply reply = erp.send(Call.patch("/customers/{id}", erpCustomerId).body(body)
                .idempotencyKey(idempotencyKey).objectRef(erpCustomerId).accept(409));
        int attempt = CallContext.current().attempt();
        if (reply.status() == 409) {
            JsonNode current = reply.body().get("currentVersion");
            if (current == null || !current.isIntegralNumber()) {
                throw ApplicationFailure.newBuilder().setType(FailureTypes.CONFLICT)
                        .setMessage("ERP refused the update of customer " + erpCustomerId + ": "
                                + JsonFields.text(reply.body(), "detail"))
                        .setNonRetryable(true).build();
            }
            log.info("erp: customer {} is at version {}, not {}: not written", erpCustomerId, current.asLong(),
                    expectedVersion);
            return new CustomerWritten(false, current.asLong(), attempt);
        }
        return new CustomerWritten(true, reply.body().path("version").asLong(), attempt);
    }

    private static MasterAttributes attributes(JsonNode customer) {
        try {
            return new MasterAttributes(JsonFields.text(customer, "name"), JsonFields.text(customer, "taxId"),
                    AddressJson.of(JsonFields.object(customer, "billingAddress")));
        } catch (IllegalArgumentException unusable) {
            throw ApplicationFailure.newBuilder().setType(FailureTypes.VALIDATION)
                    .setMessage("ERP customer " + JsonFields.text(customer, "id") + " has an unusable billing address: "
                            + unusable.getMessage())
                    .setNonRetryable(true).build();
        }
    }

    private static MasterAttributes synced(JsonNode lastSynced) {
        return lastSynced == null || lastSynced.isNull() ? null : attributes(lastSynced);
    }
}
