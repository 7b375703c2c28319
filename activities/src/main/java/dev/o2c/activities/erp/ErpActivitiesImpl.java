package dev.o2c.activities.erp;

import dev.o2c.activities.http.Call;
import dev.o2c.activities.http.CallContext;
import dev.o2c.activities.http.ExternalRefs;
import dev.o2c.activities.http.JsonFields;
import dev.o2c.activities.http.Reply;
import dev.o2c.activities.http.SystemClient;
import dev.o2c.activities.http.SystemClients;
import dev.o2c.workflows.common.TaskQueues;
import dev.o2c.workflows.model.Address;
import dev.o2c.workflows.model.BillingModel;
import dev.o2c.workflows.model.Customer;
import dev.o2c.workflows.model.Engagement;
import dev.o2c.workflows.model.LegalEntityDraft;
import dev.o2c.workflows.systems.Ack;
import dev.o2c.workflows.systems.Created;
import dev.o2c.workflows.systems.CustomerLookup;
import dev.o2c.workflows.systems.CustomerUpserted;
import dev.o2c.workflows.systems.ErpActivities;
import dev.o2c.workflows.systems.LegalEntityRead;
import io.temporal.spring.boot.ActivityImpl;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/** ERP connector ({@code /erp/v1}). */
@Component
@ActivityImpl(workers = TaskQueues.ERP)
public class ErpActivitiesImpl implements ErpActivities {

    private static final Logger log = LoggerFactory.getLogger(ErpActivitiesImpl.class);

    private final SystemClient erp;

    public ErpActivitiesImpl(SystemClients clients) {
        this.erp = clients.erp();
    }

    /**
     * {@code GET /legal-entities}, picking the one with this code ({@code code}, {@code name}, {@code currency}).
     * Read-only. An unknown code is not an error: the result has no entity, and the workflow's validation reports it.
     * A blank code asks nothing.
     */
    @Override
    public LegalEntityRead readLegalEntity(String code) {
        if (code == null || code.isBlank()) {
            return new LegalEntityRead(null, CallContext.current().attempt());
        }
        String wanted = code.strip();
        for (JsonNode entity : erp.send(Call.get("/legal-entities").objectRef(wanted)).body()) {
            if (wanted.equals(JsonFields.text(entity, "code"))) {
                return new LegalEntityRead(new LegalEntityDraft(wanted, JsonFields.text(entity, "name"),
                        JsonFields.text(entity, "currency")), CallContext.current().attempt());
            }
        }
        log.info("erp: no legal entity with code {}", wanted);
        return new LegalEntityRead(null, CallContext.current().attempt());
    }

    /** {@code POST /customers}: the ERP upserts by external id (the CRM account id), 201 created / 200 updated. */
    @Override
    public CustomerUpserted upsertCustomer(String idempotencyKey, Customer customer) {
        Reply reply = erp.send(upsert(idempotencyKey, customer));
        return new CustomerUpserted(reply.text("id"), created(reply), CallContext.current().attempt());
    }

    /**
     * Looks the customer up by external id: none means the upsert never reached the ERP, so there is nothing to undo.
     * Otherwise replays the upsert under {@code upsertKey}; the ERP answers a repeated key with its first answer,
     * whose {@code created} tells whether that upsert created the customer. Only then {@code POST
     * /customers/{id}/deactivate} (idempotent in the ERP). A customer that existed before the saga stays active.
     *
     * <p>If the upsert under {@code upsertKey} had been rejected (4xx, which the ERP also replays) nothing was
     * created, and nothing is done. If the key never reached the ERP but the customer exists, the replay is a plain
     * upsert of the same data (what the forward step would have done) and answers {@code created=false}.
     */
    @Override
    public Ack deactivateCustomerIfCreated(String idempotencyKey, String upsertKey, Customer customer) {
        List<JsonNode> existing = customersByExternalId(customer.externalId());
        if (existing.isEmpty()) {
            log.info("erp: no customer with external id {}; nothing to deactivate", customer.externalId());
            return new Ack(CallContext.current().attempt());
        }
        Reply replay = erp.send(upsert(upsertKey, customer).accept(400, 404, 409, 422));
        if (replay.status() >= 400) {
            log.info("erp: the upsert under key {} was answered {}; it created nothing, nothing to deactivate",
                    upsertKey, replay.status());
        } else if (!created(replay)) {
            log.info("erp: customer {} existed before this process; left active", replay.text("id"));
        } else if ("INACTIVE".equals(statusOf(existing, replay.text("id")))) {
            log.info("erp: customer {} is already inactive", replay.text("id"));
        } else {
            String id = replay.text("id");
            erp.send(Call.post("/customers/{id}/deactivate", id).idempotencyKey(idempotencyKey).objectRef(id));
        }
        return new Ack(CallContext.current().attempt());
    }

    /** {@code GET /customers?externalId=}: the customer's id and status, or none. Read-only. */
    @Override
    public CustomerLookup findCustomer(String externalId) {
        List<JsonNode> found = customersByExternalId(externalId);
        int attempt = CallContext.current().attempt();
        if (found.isEmpty()) {
            return new CustomerLookup(null, null, attempt);
        }
        JsonNode customer = found.get(0);
        return new CustomerLookup(JsonFields.text(customer, "id"), JsonFields.text(customer, "status"), attempt);
    }

    /**
     * Looks the customer up by external id (a read) and {@code POST /customers/{id}/deactivate}s it unless it is
     * absent or already inactive. Called only when the workflow's history says this saga created the customer.
     */
    @Override
    public Ack deactivateCustomer(String idempotencyKey, String externalId, String exceptProjectRef) {
        CustomerLookup lookup = findCustomer(externalId);
        if (!lookup.exists()) {
            log.info("erp: no customer with external id {}; nothing to deactivate", externalId);
        } else if ("INACTIVE".equals(lookup.status())) {
            log.info("erp: customer {} is already inactive", lookup.erpCustomerId());
        } else {
            erp.send(Call.post("/customers/{id}/deactivate", lookup.erpCustomerId()).idempotencyKey(idempotencyKey)
                    .objectRef(lookup.erpCustomerId()));
        }
        return new Ack(CallContext.current().attempt());
    }

    /**
     * {@code POST /projects}; external ref = the opportunity id. The revenue method follows the billing model. The
     * ERP project has no field for the PSA project id: the shared external ref links them.
     */
    @Override
    public Created createProject(String idempotencyKey, Engagement engagement, String erpCustomerId,
            String psaProjectId) {
        ProjectRequest request = new ProjectRequest(
                engagement.opportunityId(),
                erpCustomerId,
                engagement.name(),
                engagement.customer().currency(),
                engagement.contract().billingModel().revenueMethod());
        return erp.create("/projects", request, idempotencyKey, engagement.opportunityId());
    }

    /** Finds the ERP project by external ref and {@code POST /projects/{id}/close}s it; nothing to do when none is open. */
    @Override
    public Ack closeProject(String idempotencyKey, String externalRef) {
        return ExternalRefs.compensate(erp, "/projects", externalRef, Set.of("CLOSED"), "close", idempotencyKey);
    }


    private Call upsert(String idempotencyKey, Customer customer) {
        Address address = customer.billingAddress();
        CustomerRequest request = new CustomerRequest(
                customer.externalId(),
                customer.name(),
                customer.legalEntity().code(),
                customer.taxId(),
                customer.currency(),
                new AddressRequest(address.line1(), address.line2(), address.city(), address.postalCode(),
                        address.region(), address.country()),
                customer.paymentTerms().netDays());
        return Call.post("/customers").body(request).idempotencyKey(idempotencyKey).objectRef(customer.externalId());
    }

    private List<JsonNode> customersByExternalId(String externalId) {
        JsonNode list = erp.send(Call.get("/customers?externalId={id}", externalId).objectRef(externalId)).body();
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode customer : list) {
            if (externalId.equals(JsonFields.text(customer, "externalId"))) {
                found.add(customer);
            }
        }
        return found;
    }

    private static String statusOf(List<JsonNode> customers, String id) {
        return customers.stream()
                .filter(c -> id != null && id.equals(JsonFields.text(c, "id")))
                .map(c -> JsonFields.text(c, "status"))
                .findFirst()
                .orElse(null);
    }

    private static boolean created(Reply reply) {
        String created = reply.text("created");
        return created != null ? Boolean.parseBoolean(created) : reply.status() == 201;
    }

    record CustomerRequest(
            String externalId,
            String name,
            String legalEntity,
            String taxId,
            String currency,
            AddressRequest billingAddress,
            int paymentTermsDays) {}

    record AddressRequest(
            String line1, String line2, String city, String postalCode, String region, String country) {}

    record ProjectRequest(String externalRef, String customerId, String name, String currency, String revenueMethod) {}
}
