package dev.o2c.workflows.billing;

import dev.o2c.workflows.model.Contract;

/**
 * Answer of the {@code amend} and {@code amendFromCrm} updates.
 *
 * @param number the amendment number
 * @param status {@code APPLIED}, or {@code REFUSED} for a CRM amendment whose change o2c cannot apply (its number is
 *     consumed so later ones are not blocked; the reason is in {@code detail} and the audit trail)
 * @param contractVersion the contract version after it (1 is the contract as won; +1 per applied amendment)
 * @param contract the contract now in force
 * @param propagationWorkflowId the process that writes the change to PSA, invoicing, ERP (and CRM for API
 *     amendments), {@code project-billing-{psaProjectId}-amendment-{number}}; null when refused
 * @param detail short text
 */
public record AmendmentAccepted(int number, String status, int contractVersion, Contract contract,
        String propagationWorkflowId, String detail) {

    public static final String APPLIED = "APPLIED";
    public static final String REFUSED = "REFUSED";
}
