package dev.o2c.workflows.model;

/**
 * A won opportunity ready to become a project: who the customer is, what was sold and how it is billed, and the
 * work to deliver. It is the input of the opportunity-to-project saga, built from CRM data by
 * {@link EngagementValidation}.
 *
 * <p>Invariants: {@code opportunityId}, {@code accountId} and {@code name} are not blank; {@code customer} and
 * {@code contract} are required; {@code customer.externalId} equals {@code accountId}; the contract is in the
 * customer's currency ({@link CurrencyMismatchException} otherwise); {@code workBreakdown} may be omitted
 * ({@code null} becomes {@link WorkBreakdown#empty()}); {@code ownerEmail} is optional and, when present, looks
 * like an e-mail address ({@code local@domain}).
 */
public record Engagement(
        String opportunityId,
        String accountId,
        String name,
        Customer customer,
        Contract contract,
        WorkBreakdown workBreakdown,
        String ownerEmail) {

    public Engagement {
        Checks.requireNonBlank(opportunityId, "Engagement.opportunityId");
        Checks.requireNonBlank(accountId, "Engagement.accountId");
        Checks.requireNonBlank(name, "Engagement.name");
        Checks.requireNonNull(customer, "Engagement.customer");
        Checks.requireNonNull(contract, "Engagement.contract");
        if (!customer.externalId().equals(accountId)) {
            throw new IllegalArgumentException("Engagement.customer.externalId '" + customer.externalId()
                    + "' must equal Engagement.accountId '" + accountId + "'");
        }
        if (!contract.currency().equals(customer.currency())) {
            throw new CurrencyMismatchException("Engagement.contract must be in the customer's currency "
                    + customer.currency() + ", was " + contract.currency(), customer.currency(), contract.currency());
        }
        if (workBreakdown == null) {
            workBreakdown = WorkBreakdown.empty();
        }
        ownerEmail = Checks.optional(ownerEmail);
        if (ownerEmail != null && !isEmail(ownerEmail)) {
            throw new IllegalArgumentException("Engagement.ownerEmail '" + ownerEmail + "' is not an e-mail address");
        }
    }

    static boolean isEmail(String value) {
        int at = value.indexOf('@');
        return at > 0 && at == value.lastIndexOf('@') && at < value.length() - 1
                && value.chars().noneMatch(Character::isWhitespace);
    }
}
