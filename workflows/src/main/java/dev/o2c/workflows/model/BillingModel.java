package dev.o2c.workflows.model;

/**
 * How an engagement is billed; decides which {@link Contract} components are required.
 * Serialised in JSON by name ({@code "TIME_AND_MATERIALS"}).
 */
public enum BillingModel {
    /** Hours times the rate in force on the day worked; needs a {@link RateCard}; optionally capped. */
    TIME_AND_MATERIALS,
    /** One agreed price; needs the contract value. */
    FIXED_FEE,
    /** Billed as milestones complete; needs at least one {@link Milestone}. */
    MILESTONE,
    /** A fixed amount each month; needs the monthly amount. */
    RETAINER
}
