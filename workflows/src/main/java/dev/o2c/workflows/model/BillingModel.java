package dev.o2c.workflows.model;

/**
 * How an engagement is billed; decides which {@link Contract} components are required, how the ERP recognises its
 * revenue and how often the invoicing platform bills it. Serialised in JSON by name ({@code "TIME_AND_MATERIALS"}).
 */
public enum BillingModel {
    /** Hours times the rate in force on the day worked; needs a {@link RateCard}; optionally capped. */
    TIME_AND_MATERIALS("AS_INVOICED", "MONTHLY"),
    /** One agreed price; needs the contract value. */
    FIXED_FEE("PERCENT_COMPLETE", "MONTHLY"),
    /** Billed as milestones complete; needs at least one {@link Milestone}. */
    MILESTONE("MILESTONE", "MILESTONE"),
    /** A fixed amount each month; needs the monthly amount. */
    RETAINER("STRAIGHT_LINE", "MONTHLY");

    private final String revenueMethod;
    private final String billingPeriod;

    BillingModel(String revenueMethod, String billingPeriod) {
        this.revenueMethod = revenueMethod;
        this.billingPeriod = billingPeriod;
    }

    /**
     * How the ERP recognises revenue of an engagement billed this way: time and materials as invoiced, a fixed fee by
     * percent complete, milestones as they complete, a retainer straight line over its months.
     */
    public String revenueMethod() {
        return revenueMethod;
    }

    /** The billing plan's period: milestones bill as they complete ({@code MILESTONE}), all else {@code MONTHLY}. */
    public String billingPeriod() {
        return billingPeriod;
    }
}
