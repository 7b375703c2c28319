package dev.o2c.workflows.reconciliation;

import static dev.o2c.workflows.reconciliation.ReconciliationCheck.PAYMENTS;
import static dev.o2c.workflows.reconciliation.ReconciliationCheck.PROVISIONING;
import static dev.o2c.workflows.reconciliation.ReconciliationCheck.RECEIVABLES;
import static dev.o2c.workflows.reconciliation.ReconciliationCheck.WORK;

import dev.o2c.workflows.common.OwnerTeam;

/**
 * What kind of difference a discrepancy is, the check that finds it and the team that must fix it at its owner
 * system. The table in docs/processes.md ("Reconciliation") says when each is found.
 */
public enum DiscrepancyKind {
    NOT_PROVISIONED(PROVISIONING, OwnerTeam.SALES_OPS),
    PSA_PROJECT_MISSING(PROVISIONING, OwnerTeam.PMO),
    ERP_PROJECT_MISSING(PROVISIONING, OwnerTeam.FINANCE_OPS),
    BILLING_PLAN_MISSING(PROVISIONING, OwnerTeam.FINANCE_OPS),
    PROVISIONING_DUPLICATE(PROVISIONING, OwnerTeam.FINANCE_OPS),
    PROVISIONING_UNLINKED(PROVISIONING, OwnerTeam.FINANCE_OPS),

    WORK_UNBILLED(WORK, OwnerTeam.FINANCE_OPS),
    WORK_BILLED_TWICE(WORK, OwnerTeam.FINANCE_OPS),
    WORK_MARK_MISMATCH(WORK, OwnerTeam.PMO),

    RECEIVABLE_MISSING(RECEIVABLES, OwnerTeam.FINANCE_OPS),
    RECEIVABLE_DUPLICATE(RECEIVABLES, OwnerTeam.FINANCE_OPS),
    RECEIVABLE_ORPHAN(RECEIVABLES, OwnerTeam.FINANCE_OPS),
    RECEIVABLE_AMOUNT_MISMATCH(RECEIVABLES, OwnerTeam.FINANCE_OPS),
    RECEIVABLE_BALANCE_MISMATCH(RECEIVABLES, OwnerTeam.FINANCE_OPS),
    RECEIVABLE_STATUS_MISMATCH(RECEIVABLES, OwnerTeam.FINANCE_OPS),

    PAYMENT_NOT_APPLIED(PAYMENTS, OwnerTeam.FINANCE_OPS),
    PAYMENT_APPLIED_TWICE(PAYMENTS, OwnerTeam.FINANCE_OPS),
    PAYMENT_APPLIED_LATE(PAYMENTS, OwnerTeam.FINANCE_OPS),
    PAYMENT_AMOUNT_MISMATCH(PAYMENTS, OwnerTeam.FINANCE_OPS),
    PAYMENT_UNKNOWN(PAYMENTS, OwnerTeam.FINANCE_OPS);

    private final ReconciliationCheck check;
    private final OwnerTeam owner;

    DiscrepancyKind(ReconciliationCheck check, OwnerTeam owner) {
        this.check = check;
        this.owner = owner;
    }

    public ReconciliationCheck check() {
        return check;
    }

    public OwnerTeam owner() {
        return owner;
    }
}
