package dev.o2c.activities.crm;

import dev.o2c.activities.http.Call;
import dev.o2c.activities.http.CallContext;
import dev.o2c.activities.http.JsonFields;
import dev.o2c.activities.http.SystemClient;
import dev.o2c.activities.http.SystemClients;
import dev.o2c.workflows.common.FailureTypes;
import dev.o2c.workflows.common.TaskQueues;
import dev.o2c.workflows.systems.Ack;
import dev.o2c.workflows.systems.CrmActivities;
import dev.o2c.workflows.systems.CrmTask;
import dev.o2c.workflows.systems.DeliveryLinks;
import dev.o2c.workflows.systems.OpportunityRead;
import io.temporal.failure.ApplicationFailure;
import io.temporal.spring.boot.ActivityImpl;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** CRM connector ({@code /crm/v1}). */
@Component
@ActivityImpl(workers = TaskQueues.CRM)
public class CrmActivitiesImpl implements CrmActivities {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final SystemClient crm;
    private final SystemClient erp;

    public CrmActivitiesImpl(SystemClients clients) {
        this.crm = clients.crm();
        this.erp = clients.erp();
    }

    /**
     * {@code GET /opportunities/{id}}, then {@code GET /accounts/{accountId}}; maps both leniently. An opportunity that
     * is not {@code WON} fails with a non-retryable {@link FailureTypes#VALIDATION} (someone must win it first).
     *
     * <p>CRM knows the account's legal entity only by its code; the entity's name and functional currency are ERP
     * reference data (ERP owns legal entities), so they are read from ERP's {@code GET /legal-entities}. An unknown
     * code stays without them, and validation reports it.
     */
    @Override
    public OpportunityRead readWonOpportunity(String opportunityId) {
        JsonNode opportunity = crm.send(Call.get("/opportunities/{id}", opportunityId).objectRef(opportunityId)).body();
        String stage = JsonFields.text(opportunity, "stage");
        if (!"WON".equals(stage)) {
            throw ApplicationFailure.newBuilder()
                    .setType(FailureTypes.VALIDATION)
                    .setMessage("Opportunity " + opportunityId + " is " + stage + ", not WON")
                    .setDetails(JSON.createObjectNode().put("opportunityId", opportunityId).put("stage", stage).toString())
                    .setNonRetryable(true)
                    .build();
        }
        String accountId = JsonFields.text(opportunity, "accountId");
        JsonNode account = accountId == null ? null
                : crm.send(Call.get("/accounts/{id}", accountId).objectRef(accountId)).body();
        String legalEntity = JsonFields.text(account, "legalEntity");
        JsonNode entity = legalEntity == null ? null : legalEntity(legalEntity);
        return new OpportunityRead(
                OpportunityMapper.toDraft(opportunity, account, entity), CallContext.current().attempt());
    }

    private JsonNode legalEntity(String code) {
        for (JsonNode entity : erp.send(Call.get("/legal-entities").objectRef(code)).body()) {
            if (code.equals(JsonFields.text(entity, "code"))) {
                return entity;
            }
        }
        return null;
    }

    /** {@code POST /opportunities/{id}/delivery}. */
    @Override
    public Ack writeBackDelivery(String idempotencyKey, String opportunityId, DeliveryLinks links) {
        crm.send(Call.post("/opportunities/{id}/delivery", opportunityId)
                .body(new DeliveryRequest(links.psaProjectId(), links.erpCustomerId(), links.erpProjectId(),
                        links.billingPlanId(), links.deliveryStatus()))
                .idempotencyKey(idempotencyKey)
                .objectRef(opportunityId));
        return new Ack(CallContext.current().attempt());
    }

    /** {@code POST /tasks}. */
    @Override
    public Ack createTask(String idempotencyKey, CrmTask task) {
        crm.send(Call.post("/tasks")
                .body(new TaskRequest(task.accountId(), task.opportunityId(), task.subject(), task.body(),
                        task.assignee()))
                .idempotencyKey(idempotencyKey)
                .objectRef(task.opportunityId() != null ? task.opportunityId() : task.accountId()));
        return new Ack(CallContext.current().attempt());
    }

    record DeliveryRequest(
            String psaProjectId, String erpCustomerId, String erpProjectId, String billingPlanId, String deliveryStatus) {}

    record TaskRequest(String accountId, String opportunityId, String subject, String body, String assignee) {}
}
