package dev.o2c.activities.invoicing;

import dev.o2c.activities.http.ExternalRefs;
import dev.o2c.activities.http.SystemClient;
import dev.o2c.activities.http.SystemClients;
import dev.o2c.workflows.common.TaskQueues;
import dev.o2c.workflows.model.BillingModel;
import dev.o2c.workflows.model.Engagement;
import dev.o2c.workflows.systems.Ack;
import dev.o2c.workflows.systems.Created;
import dev.o2c.workflows.systems.InvoicingActivities;
import io.temporal.spring.boot.ActivityImpl;
import java.util.Set;
import org.springframework.stereotype.Component;

/** Invoicing-platform connector ({@code /invoicing/v1}). */
@Component
@ActivityImpl(workers = TaskQueues.INVOICING)
public class InvoicingActivitiesImpl implements InvoicingActivities {

    /** The status of a plan that no longer counts: voided (by a compensation). */
    private static final Set<String> UNDONE = Set.of("VOID");

    private final SystemClient invoicing;

    public InvoicingActivitiesImpl(SystemClients clients) {
        this.invoicing = clients.invoicing();
    }

    /**
     * {@code POST /billing-plans}; external ref = the opportunity id, customer ref = the ERP customer id, project ref =
     * the PSA project id. The billing period follows the billing model: milestones bill per milestone, everything
     * else monthly. In an operator RETRY round, finds a live plan with this external ref first
     * ({@link ExternalRefs#findOrCreate}).
     */
    @Override
    public Created createBillingPlan(String idempotencyKey, Engagement engagement, String erpCustomerId,
            String psaProjectId) {
        BillingPlanRequest request = new BillingPlanRequest(
                engagement.opportunityId(),
                erpCustomerId,
                psaProjectId,
                engagement.contract().billingModel().name(),
                engagement.customer().currency(),
                engagement.contract().billingModel().billingPeriod());
        return ExternalRefs.findOrCreate(invoicing, "/billing-plans", request, idempotencyKey,
                engagement.opportunityId(), UNDONE);
    }

    /** Finds the plan by external ref and {@code POST /billing-plans/{id}/void}s it; nothing to do when none is active. */
    @Override
    public Ack voidBillingPlan(String idempotencyKey, String externalRef) {
        return ExternalRefs.compensate(invoicing, "/billing-plans", externalRef, UNDONE, "void", idempotencyKey);
    }


    record BillingPlanRequest(
            String externalRef,
            String customerRef,
            String projectRef,
            String billingModel,
            String currency,
            String billingPeriod) {}

    @Override
    public dev.o2c.workflows.systems.FinalizedInvoice finalizeInvoice(String idempotencyKey, String invoiceId) {
        throw new UnsupportedOperationException("not built yet: finalizeInvoice"); // TODO(issue 7)
    }

    @Override
    public dev.o2c.workflows.systems.Ack voidInvoice(String idempotencyKey, String invoiceId) {
        throw new UnsupportedOperationException("not built yet: voidInvoice"); // TODO(issue 7)
    }

    @Override
    public dev.o2c.workflows.systems.Ack updateBillingPlanTerms(String idempotencyKey, String billingPlanId, dev.o2c.workflows.model.Money capAmount, java.time.LocalDate endDate, dev.o2c.workflows.model.Money retainerMonthlyAmount) {
        throw new UnsupportedOperationException("not built yet: updateBillingPlanTerms"); // TODO(issue 7)
    }
}
