package dev.o2c.workflows.cash;

/** How finance resolved a dispute. */
public enum DisputeOutcome {
    /** The customer is right: a credit memo for the disputed amount, and a credit on the ERP receivable. */
    UPHELD,
    /** The customer owes the amount: dunning resumes where it stopped. */
    REJECTED
}
