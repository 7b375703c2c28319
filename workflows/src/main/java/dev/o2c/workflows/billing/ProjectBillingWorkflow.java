package dev.o2c.workflows.billing;

import dev.o2c.workflows.common.ProcessState;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Project-to-billing: one entity workflow per engagement, {@code project-billing-{psaProjectId}}, for the project's
 * lifetime (continue-as-new carries its {@link BillingState}). It holds the contract and starts a
 * {@link BillingRunWorkflow} at the end of each billing period, on a completed milestone and on demand.
 *
 * <p>Decisions are Updates with validators ({@link BillingRefusal} says why one is refused): {@code amend} (API),
 * {@code amendFromCrm} ({@code contract.amended}), {@code billNow}. Events that cannot be refused are signals
 * ({@code workApproved}).
 */
@WorkflowInterface
public interface ProjectBillingWorkflow {

    String PROCESS_TYPE = "project-to-billing";
    String AMEND = "amend";
    String AMEND_FROM_CRM = "amendFromCrm";
    String BILL_NOW = "billNow";

    static String workflowId(String psaProjectId) {
        return "project-billing-" + psaProjectId;
    }

    static String runWorkflowId(String psaProjectId, int runNumber) {
        return workflowId(psaProjectId) + "-run-" + runNumber;
    }

    static String amendmentWorkflowId(String psaProjectId, int number) {
        return workflowId(psaProjectId) + "-amendment-" + number;
    }

    @WorkflowMethod
    ProjectBillingResult run(ProjectBillingRequest request);

    /** The process view shared by every o2c workflow (no steps: the runs are processes of their own). */
    @QueryMethod
    ProcessState state();

    @QueryMethod
    ProjectBillingView billing();

    @UpdateMethod(name = AMEND)
    AmendmentAccepted amend(AmendmentRequest request);

    @UpdateValidatorMethod(updateName = AMEND)
    void validateAmend(AmendmentRequest request);

    @UpdateMethod(name = AMEND_FROM_CRM)
    AmendmentAccepted amendFromCrm(CrmAmendmentNotice notice);

    @UpdateValidatorMethod(updateName = AMEND_FROM_CRM)
    void validateAmendFromCrm(CrmAmendmentNotice notice);

    @UpdateMethod(name = BILL_NOW)
    BillingRunStarted billNow(BillNowRequest request);

    @UpdateValidatorMethod(updateName = BILL_NOW)
    void validateBillNow(BillNowRequest request);

    @SignalMethod
    void workApproved(WorkApproved event);

    /** Invoice-to-cash voided one of the project's invoices (see {@link InvoiceVoided}). */
    @SignalMethod
    void invoiceVoided(InvoiceVoided voided);
}
