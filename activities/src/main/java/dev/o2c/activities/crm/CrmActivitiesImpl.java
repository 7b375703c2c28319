package dev.o2c.activities.crm;

import dev.o2c.workflows.systems.InvoiceStatusSync;
import dev.o2c.activities.http.Call;
import dev.o2c.activities.http.CallContext;
import dev.o2c.activities.http.FailureClassifier;
import dev.o2c.activities.http.JsonFields;
import dev.o2c.activities.http.Reply;
import dev.o2c.activities.http.SystemClient;
import dev.o2c.activities.http.SystemClients;
import dev.o2c.activities.http.Terms;
import dev.o2c.workflows.billing.AmendmentRequest;
import dev.o2c.workflows.common.FailureTypes;
import dev.o2c.workflows.common.TaskQueues;
import dev.o2c.workflows.systems.Ack;
import dev.o2c.workflows.systems.CrmActivities;
import dev.o2c.workflows.systems.CrmTask;
import dev.o2c.workflows.systems.DeliveryLinks;
import dev.o2c.workflows.systems.OpportunityRead;
import io.temporal.failure.ApplicationFailure;
import io.temporal.spring.boot.ActivityImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** CRM connector ({@code /crm/v1}). */
@Component
// also on the workflow worker: opportunity-to-project runs this connector's reads there as local activities
@ActivityImpl(workers = {TaskQueues.CRM, TaskQueues.WORKFLOWS})
public class CrmActivitiesImpl implements CrmActivities {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Logger log = LoggerFactory.getLogger(CrmActivitiesImpl.class);

    private final SystemClient crm;

    public CrmActivitiesImpl(SystemClients clients) {
        this.crm = clients.crm();
    }

    /**
     * {@code GET /opportunities/{id}}, then {@code GET /accounts/{accountId}}; maps both leniently. An opportunity that
     * is not {@code WON} fails with a non-retryable {@link FailureTypes#VALIDATION} (someone must win it first).
     *
     * <p>Maps only what CRM has: the account's legal entity by its code, without name and functional currency. Those
     * are ERP reference data (the ERP owns legal entities); the workflow reads them in its own step
     * ({@code erp.readLegalEntity}, {@link dev.o2c.workflows.systems.ErpActivities#readLegalEntity}) on the ERP's task
     * queue, within the ERP's concurrency and rate limits.
     *
     * <p>Until this change this method also called the ERP's {@code GET /legal-entities} to fill them. Runs of the
     * workflow started before the change (at {@code DEFAULT_VERSION} of {@code erp-legal-entity-step}) do not run the
     * ERP step; that is safe for their replay, which never re-executes activities. But such a run parked at
     * {@code o2c.validateFinance} and retried after this deploy reads CRM again through this method and parks again
     * on {@code customer.legalEntity.functionalCurrency: missing} (never silently): sales-ops or finance must then
     * abort it and start the process again, which runs the new step.
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
        return new OpportunityRead(OpportunityMapper.toDraft(opportunity, account), CallContext.current().attempt());
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

    /**
     * {@code POST /tasks}. A task without an assignee (null or blank) that names an account goes to the account's owner:
     * {@code GET /accounts/{id}} first, and its {@code ownerEmail} becomes the assignee (invoice-to-cash's dunning tasks
     * rely on it). An account without an owner, or unknown to the CRM (404, then the task's POST answers 400 as
     * before), leaves the task unassigned. A 400 is {@code o2c.validation} (non-retryable); 5xx and 429 are retried.
     */
    @Override
    public Ack createTask(String idempotencyKey, CrmTask task) {
        String assignee = task.assignee();
        if ((assignee == null || assignee.isBlank()) && task.accountId() != null && !task.accountId().isBlank()) {
            assignee = accountOwner(task.accountId());
        }
        crm.send(Call.post("/tasks")
                .body(new TaskRequest(task.accountId(), task.opportunityId(), task.subject(), task.body(), assignee))
                .idempotencyKey(idempotencyKey)
                .objectRef(task.opportunityId() != null ? task.opportunityId() : task.accountId()));
        return new Ack(CallContext.current().attempt());
    }

    /** {@code GET /accounts/{id}}: the account owner's email; null when it has none or the account is unknown. */
    private String accountOwner(String accountId) {
        Reply reply = crm.send(Call.get("/accounts/{id}", accountId).objectRef(accountId).accept(404));
        String owner = reply.status() == 404 ? null : reply.text("ownerEmail");
        if (owner == null || owner.isBlank()) {
            log.info("crm: account {} has no owner (or is unknown); the task stays unassigned", accountId);
            return null;
        }
        return owner;
    }

    record DeliveryRequest(
            String psaProjectId, String erpCustomerId, String erpProjectId, String billingPlanId, String deliveryStatus) {}

    record TaskRequest(String accountId, String opportunityId, String subject, String body, String assignee) {}

    // ---- contract amendments

    /**
     * {@code GET /opportunities/{id}} (for its currency) and {@code GET /opportunities/{id}/amendments/{number}},
     * mapped by {@link AmendmentMapper#fromCrm}: source {@code crm}, {@code crmAmendmentId} the CRM's {@code amd_} id,
     * actor the CRM's author ({@code author} or {@code createdBy}) or {@code crm} when it names none, amounts in the
     * opportunity's currency. Read-only. An unknown opportunity or amendment number is {@code o2c.not-found}; an
     * amendment the model cannot hold (a malformed date or amount, an empty rate card) {@code o2c.validation}, both
     * non-retryable.
     */
    @Override
    public AmendmentRequest readAmendment(String opportunityId, int number) {
        JsonNode opportunity = crm.send(Call.get("/opportunities/{id}", opportunityId).objectRef(opportunityId)).body();
        JsonNode amendment = crm.send(Call.get("/opportunities/{id}/amendments/{number}", opportunityId, number)
                .objectRef(opportunityId)).body();
        String currency = JsonFields.text(opportunity, "currency");
        try {
            return AmendmentMapper.fromCrm(amendment, currency);
        } catch (RuntimeException malformed) {
            throw ApplicationFailure.newBuilder()
                    .setType(FailureTypes.VALIDATION)
                    .setMessage("Amendment " + number + " of opportunity " + opportunityId
                            + " cannot be read as contract terms: " + malformed.getMessage())
                    .setDetails(JSON.createObjectNode().put("opportunityId", opportunityId).put("number", number)
                            .put("crmAmendmentId", JsonFields.text(amendment, "id"))
                            .put("problem", String.valueOf(malformed.getMessage())).toString())
                    .setNonRetryable(true)
                    .build();
        }
    }

    /**
     * {@code POST /opportunities/{id}/amendments} with the key and {@code {number, effectiveFrom, rateCard?,
     * capAmount?, endDate?, milestones?, retainerMonthlyAmount?, reason?}} ({@link AmendmentMapper#toCrm}). A 409
     * saying the CRM already holds this number ({@code lastNumber >= number}: the amendment came from the CRM, or an
     * earlier attempt or round wrote it) counts as done. Any other 409 (the opportunity is not WON, or the number
     * skips one: {@code expectedNumber < number}) is {@code o2c.conflict}; a 400 {@code o2c.validation}; an unknown
     * opportunity {@code o2c.not-found}, all non-retryable.
     */
    @Override
    public Ack writeAmendment(String idempotencyKey, String opportunityId, AmendmentRequest amendment) {
        Reply reply = crm.send(Call.post("/opportunities/{id}/amendments", opportunityId)
                .body(AmendmentMapper.toCrm(amendment))
                .idempotencyKey(idempotencyKey)
                .objectRef(opportunityId)
                .accept(409));
        if (reply.status() == 409) {
            String last = reply.text("lastNumber");
            if (last == null || Integer.parseInt(last) < amendment.number()) {
                throw FailureClassifier.forResponse(crm.system() + " POST /opportunities/{id}/amendments", 409, null,
                        reply.body().toString());
            }
            log.info("crm: opportunity {} already has amendment {} (last is {}); counted as written", opportunityId,
                    amendment.number(), last);
        }
        return new Ack(CallContext.current().attempt());
    }

    // ---- invoice-to-cash

    /**
     * {@code POST /opportunities/{id}/invoices/{invoiceRef}} with {@code {status, total, balance, currency, dueDate?}}
     * (amounts as decimal strings, in the total's currency; a balance in another is a non-retryable
     * {@code o2c.validation} before any call). The CRM upserts by {@code invoiceRef}: 201 when new, 200 with the fields
     * replaced; both are success, so this is idempotent. An opportunity that is not WON (409) is {@code o2c.conflict},
     * an unknown one (404) {@code o2c.not-found}, a balance above the total (400) {@code o2c.validation}, all
     * non-retryable; 5xx and 429 are retried.
     */
    @Override
    public Ack syncInvoiceStatus(String idempotencyKey, String opportunityId, InvoiceStatusSync status) {
        String currency = status.total().currency();
        Terms.requireCurrency(status.balance(), currency, "balance", "invoice " + status.invoiceRef());
        crm.send(Call.post("/opportunities/{id}/invoices/{invoiceRef}", opportunityId, status.invoiceRef())
                .body(Terms.present("status", status.status(), "total", Terms.amount(status.total()),
                        "balance", Terms.amount(status.balance()), "currency", currency, "dueDate", status.dueDate()))
                .idempotencyKey(idempotencyKey)
                .objectRef(opportunityId));
        return new Ack(CallContext.current().attempt());
    }
}
