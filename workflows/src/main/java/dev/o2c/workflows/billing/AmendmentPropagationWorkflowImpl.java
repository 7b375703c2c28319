package dev.o2c.workflows.billing;

import dev.o2c.workflows.common.OwnerTeam;
import dev.o2c.workflows.common.TaskQueues;
import dev.o2c.workflows.model.Contract;
import dev.o2c.workflows.model.Money;
import dev.o2c.workflows.saga.SagaOutcome;
import dev.o2c.workflows.saga.SagaStep;
import dev.o2c.workflows.saga.SagaStopped;
import dev.o2c.workflows.saga.SystemActivityOptions;
import dev.o2c.workflows.saga.TrackedSagaWorkflow;
import dev.o2c.workflows.systems.Ack;
import dev.o2c.workflows.systems.CrmActivities;
import dev.o2c.workflows.systems.ErpActivities;
import dev.o2c.workflows.systems.InvoicingActivities;
import dev.o2c.workflows.systems.PsaActivities;
import io.temporal.spring.boot.WorkflowImpl;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.List;

/**
 * Writes one accepted amendment to the systems (see {@link AmendmentPropagationWorkflow}). Every step is skippable:
 * a refusal parks (for the system's owner team) instead of undoing the others, RETRY writes again (the writes set
 * target values, so they are idempotent), SKIP leaves that system as it was (the operator fixes it by hand), ABORT
 * stops. Steps with nothing to write are SKIPPED.
 */
@WorkflowImpl(workers = "o2c-workflows")
public class AmendmentPropagationWorkflowImpl extends TrackedSagaWorkflow implements AmendmentPropagationWorkflow {

    public AmendmentPropagationWorkflowImpl() {
        super(PROCESS_TYPE, STEPS);
    }


    static final SagaStep PSA_PROJECT = new SagaStep("psa.updateProjectTerms", "psa", OwnerTeam.PMO, true);
    static final SagaStep BILLING_PLAN = new SagaStep("invoicing.updateBillingPlanTerms", "invoicing",
            OwnerTeam.FINANCE_OPS, true);
    static final SagaStep ERP_PROJECT = new SagaStep("erp.updateProjectTerms", "erp", OwnerTeam.FINANCE_OPS, true);
    static final SagaStep CRM_WRITE_BACK = new SagaStep("crm.writeAmendment", "crm", OwnerTeam.SALES_OPS, true);
    static final List<SagaStep> STEPS = List.of(PSA_PROJECT, BILLING_PLAN, ERP_PROJECT, CRM_WRITE_BACK);

    private final PsaActivities psa = Workflow.newActivityStub(PsaActivities.class,
            SystemActivityOptions.forward(TaskQueues.PSA));
    private final ErpActivities erp = Workflow.newActivityStub(ErpActivities.class,
            SystemActivityOptions.forward(TaskQueues.ERP));
    private final InvoicingActivities invoicing = Workflow.newActivityStub(InvoicingActivities.class,
            SystemActivityOptions.forward(TaskQueues.INVOICING));
    private final CrmActivities crm = Workflow.newActivityStub(CrmActivities.class,
            SystemActivityOptions.forward(TaskQueues.CRM));

    @Override
    public AmendmentPropagated run(ProjectSetup setup, AmendmentRequest amendment, Contract contract,
            int contractVersion, String correlationId, Duration parkTimeout) {
        saga.stopStepsOnCancelRequest();
        saga.begin(setup.psaProjectId(), correlationId, 1, parkTimeout, "amendment " + amendment.number() + " from "
                + amendment.source() + " by " + amendment.actor() + " (" + Amendments.changed(amendment)
                + ", effective " + amendment.effectiveFrom() + ", contract version " + contractVersion + "): "
                + amendment.reason());
        try {
            Money cap = amendment.capAmount();
            if (amendment.endDate() != null || cap != null) {
                saga.run(PSA_PROJECT, key -> psa.updateProjectTerms(key, setup.psaProjectId(), amendment.endDate(),
                        cap), Ack::attempt);
            } else {
                saga.notRun(PSA_PROJECT);
            }
            if ((cap != null || amendment.endDate() != null || amendment.retainerMonthlyAmount() != null)
                    && setup.billingPlanId() != null) {
                saga.run(BILLING_PLAN, key -> invoicing.updateBillingPlanTerms(key, setup.billingPlanId(), cap,
                        amendment.endDate(), amendment.retainerMonthlyAmount()), Ack::attempt);
            } else {
                saga.notRun(BILLING_PLAN);
            }
            if ((amendment.endDate() != null || cap != null) && setup.erpProjectId() != null) {
                saga.run(ERP_PROJECT, key -> erp.updateProjectTerms(key, setup.erpProjectId(), amendment.endDate(),
                        cap), Ack::attempt);
            } else {
                saga.notRun(ERP_PROJECT);
            }
            if (AmendmentRequest.SOURCE_API.equals(amendment.source()) && setup.opportunityId() != null) {
                saga.run(CRM_WRITE_BACK, key -> crm.writeAmendment(key, setup.opportunityId(), amendment),
                        Ack::attempt);
            } else {
                saga.notRun(CRM_WRITE_BACK);
            }
            SagaOutcome outcome = saga.complete("amendment " + amendment.number() + " written to the systems");
            return new AmendmentPropagated(outcome.status(), amendment.number(), outcome.detail());
        } catch (SagaStopped stopped) {
            SagaOutcome outcome = saga.compensate(stopped.outcome(), stopped.reason()); // nothing registered to undo
            return new AmendmentPropagated(outcome.status(), amendment.number(), outcome.detail());
        }
    }




}
