package dev.o2c.workflows.common;

/** Task queue names shared by the worker (which polls them) and the starter (which starts workflows on them). */
public final class TaskQueues {
    /** Workflow tasks of every o2c process. */
    public static final String WORKFLOWS = "o2c-workflows";
    public static final String CRM = "crm";
    public static final String PSA = "psa";
    public static final String ERP = "erp";
    public static final String INVOICING = "invoicing";
    /** Billing runs' row movers ({@code BillingActivities}): PSA pages to the ledger, ledger lines to invoices and marks. */
    public static final String BILLING = "billing";
    /** Reconciliation's page comparisons ({@code ReconciliationActivities}): its own slots, never the sagas'. */
    public static final String RECONCILIATION = "reconciliation";

    private TaskQueues() {}
}
