package dev.o2c.activities.psa;

import dev.o2c.activities.http.Call;
import dev.o2c.activities.http.CallContext;
import dev.o2c.activities.http.ExternalRefs;
import dev.o2c.activities.http.JsonFields;
import dev.o2c.activities.http.SystemClient;
import dev.o2c.activities.http.SystemClients;
import dev.o2c.activities.http.Terms;
import dev.o2c.workflows.common.TaskQueues;
import dev.o2c.workflows.model.Engagement;
import dev.o2c.workflows.model.Money;
import dev.o2c.workflows.model.Phase;
import dev.o2c.workflows.systems.Ack;
import dev.o2c.workflows.systems.Created;
import dev.o2c.workflows.systems.PsaActivities;
import dev.o2c.workflows.systems.PsaProjectRead;
import io.temporal.spring.boot.ActivityImpl;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/** PSA connector ({@code /psa/v1}). */
@Component
@ActivityImpl(workers = TaskQueues.PSA)
public class PsaActivitiesImpl implements PsaActivities {

    private static final Logger log = LoggerFactory.getLogger(PsaActivitiesImpl.class);

    /** The status of a project that no longer counts: cancelled (by a compensation). */
    private static final Set<String> UNDONE = Set.of("CANCELLED");

    private final SystemClient psa;

    public PsaActivitiesImpl(SystemClients clients) {
        this.psa = clients.psa();
    }

    /**
     * {@code POST /projects} with the work breakdown as phases; external ref = the opportunity id, customer ref = the
     * ERP customer id (the CRM account id when there is none yet). In an operator RETRY round, finds a live project
     * with this external ref first ({@link ExternalRefs#findOrCreate}).
     */
    @Override
    public Created createProject(String idempotencyKey, Engagement engagement, String erpCustomerId) {
        ProjectRequest request = new ProjectRequest(
                engagement.opportunityId(),
                erpCustomerId != null ? erpCustomerId : engagement.accountId(),
                engagement.name(),
                engagement.contract().billingModel().name(),
                engagement.customer().currency(),
                engagement.contract().startDate(),
                engagement.contract().endDate(),
                engagement.workBreakdown().phases().stream().map(PsaActivitiesImpl::phase).toList());
        return ExternalRefs.findOrCreate(psa, "/projects", request, idempotencyKey, engagement.opportunityId(), UNDONE);
    }

    /** Finds the project by external ref and {@code POST /projects/{id}/cancel}s it; nothing to do when none is active. */
    @Override
    public Ack cancelProject(String idempotencyKey, String externalRef) {
        return ExternalRefs.compensate(psa, "/projects", externalRef, UNDONE, "cancel", idempotencyKey);
    }

    private static PhaseRequest phase(Phase phase) {
        return new PhaseRequest(phase.name(),
                phase.tasks().stream().map(task -> new TaskRequest(task.name(), task.estimateHours())).toList());
    }

    record ProjectRequest(
            String externalRef,
            String customerRef,
            String name,
            String billingModel,
            String currency,
            LocalDate startDate,
            LocalDate endDate,
            List<PhaseRequest> phases) {}

    record PhaseRequest(String name, List<TaskRequest> tasks) {}

    record TaskRequest(String name, BigDecimal estimateHours) {}

    /**
     * {@code GET /projects/{id}}: its status and end date. Read-only. An unknown id is a 404, so a non-retryable
     * {@link dev.o2c.workflows.common.FailureTypes#NOT_FOUND} ({@link dev.o2c.activities.http.FailureClassifier}).
     */
    @Override
    public PsaProjectRead readProject(String psaProjectId) {
        JsonNode project = psa.send(Call.get("/projects/{id}", psaProjectId).objectRef(psaProjectId)).body();
        String endDate = JsonFields.text(project, "endDate");
        return new PsaProjectRead(JsonFields.text(project, "id"), JsonFields.text(project, "status"),
                endDate == null ? null : LocalDate.parse(endDate));
    }

    /**
     * {@code POST /billing-marks/release {invoiceRef}}: every entry billed to the invoice becomes billable again; none
     * billed (never marked, or released by an earlier attempt) is a no-op in the PSA too. Idempotent on the key.
     */
    @Override
    public Ack releaseBillingMarks(String idempotencyKey, String invoiceId) {
        JsonNode released = psa.send(Call.post("/billing-marks/release")
                .body(Map.of("invoiceRef", invoiceId))
                .idempotencyKey(idempotencyKey)
                .objectRef(invoiceId)).body();
        log.info("psa: released the billing marks of invoice {}: {} time entries, {} expenses", invoiceId,
                released.path("timeEntryIds").size(), released.path("expenseIds").size());
        return new Ack(CallContext.current().attempt());
    }

    /**
     * {@code PATCH /projects/{id}} with only the terms given ({@code endDate}, {@code budgetAmount} as a decimal
     * string); nothing given: no call. A budget first reads the project ({@code GET /projects/{id}}) to check that it
     * is in the project's currency (the PSA takes it without one): another currency is a non-retryable
     * {@code o2c.validation}. An unknown project is {@code o2c.not-found}; a CANCELLED or CLOSED project refuses
     * (409, {@code o2c.conflict}), an ON_HOLD one takes it.
     */
    @Override
    public Ack updateProjectTerms(String idempotencyKey, String psaProjectId, LocalDate endDate, Money budgetAmount) {
        if (endDate == null && budgetAmount == null) {
            log.info("psa: no term of project {} to change", psaProjectId);
            return new Ack(CallContext.current().attempt());
        }
        if (budgetAmount != null) {
            JsonNode project = psa.send(Call.get("/projects/{id}", psaProjectId).objectRef(psaProjectId)).body();
            Terms.requireCurrency(budgetAmount, JsonFields.text(project, "currency"), "budgetAmount",
                    "psa project " + psaProjectId);
        }
        psa.send(Call.patch("/projects/{id}", psaProjectId)
                .body(Terms.present("endDate", endDate, "budgetAmount", Terms.amount(budgetAmount)))
                .idempotencyKey(idempotencyKey)
                .objectRef(psaProjectId));
        return new Ack(CallContext.current().attempt());
    }
}
