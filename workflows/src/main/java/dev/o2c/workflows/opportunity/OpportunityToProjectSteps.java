package dev.o2c.workflows.opportunity;

import dev.o2c.workflows.common.OwnerTeam;
import dev.o2c.workflows.saga.SagaStep;
import java.util.List;

/**
 * The steps of {@link OpportunityToProjectWorkflow}, in saga order, and the keys of the ids it creates. Step names
 * are stable: they appear in the API, the ledger and idempotency keys ({@code {workflowId}:{step}}).
 */
public final class OpportunityToProjectSteps {

    /** 1. Read the won opportunity and its account (read-only, no compensation). */
    public static final SagaStep READ_OPPORTUNITY = new SagaStep("crm.readOpportunity", "crm", OwnerTeam.SALES_OPS,
            false);
    /**
     * 2. Read the account's legal entity (name, functional currency) from the ERP, which owns legal entities
     * (read-only, no compensation). Added behind {@code getVersion("erp-legal-entity-step")}: runs started before it
     * list it SKIPPED.
     */
    public static final SagaStep READ_LEGAL_ENTITY = new SagaStep("erp.readLegalEntity", "erp",
            OwnerTeam.FINANCE_OPS, false);
    /** 3. Validate the finance attributes, in workflow code. Parks for sales-ops; RETRY re-reads CRM (step 1). */
    public static final SagaStep VALIDATE_FINANCE = new SagaStep("o2c.validateFinance", "o2c", OwnerTeam.SALES_OPS,
            false);
    /**
     * 4. Upsert the ERP customer, after reading whether it exists ({@code erp.findCustomer}, once, before the first
     * round). Compensation: deactivate it, only if this saga created it (it did not exist before).
     */
    public static final SagaStep UPSERT_CUSTOMER = new SagaStep("erp.upsertCustomer", "erp", OwnerTeam.FINANCE_OPS,
            false);
    /** 5. Create the PSA project and work breakdown. Compensation: cancel it. */
    public static final SagaStep CREATE_PSA_PROJECT = new SagaStep("psa.createProject", "psa", OwnerTeam.PMO, false);
    /** 6. Create the billing plan. Compensation: void it. */
    public static final SagaStep CREATE_BILLING_PLAN = new SagaStep("invoicing.createBillingPlan", "invoicing",
            OwnerTeam.FINANCE_OPS, false);
    /** 7. Create the ERP project for revenue recognition. Compensation: close it. */
    public static final SagaStep CREATE_ERP_PROJECT = new SagaStep("erp.createProject", "erp", OwnerTeam.FINANCE_OPS,
            false);
    /** 8. Write ids and delivery status back to CRM. No compensation; the only skippable step. */
    public static final SagaStep WRITE_BACK = new SagaStep("crm.writeBack", "crm", OwnerTeam.SALES_OPS, true);

    /** All steps, in order. */
    public static final List<SagaStep> ALL = List.of(READ_OPPORTUNITY, READ_LEGAL_ENTITY, VALIDATE_FINANCE,
            UPSERT_CUSTOMER, CREATE_PSA_PROJECT, CREATE_BILLING_PLAN, CREATE_ERP_PROJECT, WRITE_BACK);

    public static final String ERP_CUSTOMER_ID = "erpCustomerId";
    public static final String PSA_PROJECT_ID = "psaProjectId";
    public static final String BILLING_PLAN_ID = "billingPlanId";
    public static final String ERP_PROJECT_ID = "erpProjectId";

    /** Delivery status written back to CRM when everything is set up. */
    public static final String READY_FOR_BILLING = "READY_FOR_BILLING";

    /** Name of the one-off CRM task call (idempotency key {@code {workflowId}:crm.createTask}). */
    public static final String CRM_CREATE_TASK = "crm.createTask";

    private OpportunityToProjectSteps() {}
}
