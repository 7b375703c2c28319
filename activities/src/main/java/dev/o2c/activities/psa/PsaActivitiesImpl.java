package dev.o2c.activities.psa;

import dev.o2c.activities.http.ExternalRefs;
import dev.o2c.activities.http.SystemClient;
import dev.o2c.activities.http.SystemClients;
import dev.o2c.workflows.common.TaskQueues;
import dev.o2c.workflows.model.Engagement;
import dev.o2c.workflows.model.Phase;
import dev.o2c.workflows.systems.Ack;
import dev.o2c.workflows.systems.Created;
import dev.o2c.workflows.systems.PsaActivities;
import io.temporal.spring.boot.ActivityImpl;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;

/** PSA connector ({@code /psa/v1}). */
@Component
@ActivityImpl(workers = TaskQueues.PSA)
public class PsaActivitiesImpl implements PsaActivities {

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

    @Override
    public dev.o2c.workflows.systems.PsaProjectRead readProject(String psaProjectId) {
        throw new UnsupportedOperationException("not built yet: readProject"); // TODO(issue 7)
    }

    @Override
    public dev.o2c.workflows.systems.Ack releaseBillingMarks(String idempotencyKey, String invoiceId) {
        throw new UnsupportedOperationException("not built yet: releaseBillingMarks"); // TODO(issue 7)
    }

    @Override
    public dev.o2c.workflows.systems.Ack updateProjectTerms(String idempotencyKey, String psaProjectId, java.time.LocalDate endDate, dev.o2c.workflows.model.Money budgetAmount) {
        throw new UnsupportedOperationException("not built yet: updateProjectTerms"); // TODO(issue 7)
    }
}
