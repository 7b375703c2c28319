package dev.o2c.workflows.billing;

import java.util.Objects;

/**
 * What a project's billing needs to know about its set-up, fixed when opportunity-to-project hands the project over:
 * the ids in each system and the customer's billing attributes.
 *
 * @param psaProjectId the PSA project (the business key of project-to-billing)
 * @param opportunityId the won CRM opportunity (owner of the contract terms)
 * @param accountId the CRM account = the customer's external id
 * @param erpCustomerId the ERP customer (receivables)
 * @param erpProjectId the ERP project (revenue)
 * @param billingPlanId the invoicing platform's billing plan (invoices)
 * @param legalEntity the contract's legal entity code (tax)
 * @param customerCountry the customer's billing country, ISO 3166 (tax)
 * @param paymentTermsDays net days: due date = issue date + this
 * @param billingPeriod WEEKLY, MONTHLY, QUARTERLY or MILESTONE (billed only when milestones complete)
 * @param revenueMethod AS_INVOICED, STRAIGHT_LINE, PERCENT_COMPLETE or MILESTONE
 */
public record ProjectSetup(
        String psaProjectId,
        String opportunityId,
        String accountId,
        String erpCustomerId,
        String erpProjectId,
        String billingPlanId,
        String legalEntity,
        String customerCountry,
        int paymentTermsDays,
        String billingPeriod,
        String revenueMethod) {

    public ProjectSetup {
        Objects.requireNonNull(psaProjectId, "psaProjectId");
        Objects.requireNonNull(billingPeriod, "billingPeriod");
        Objects.requireNonNull(revenueMethod, "revenueMethod");
    }
}
