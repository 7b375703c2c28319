package dev.o2c.workflows.model;

/**
 * Lifecycle of an {@link Invoice}. Serialised in JSON by name. Terminal statuses end invoice-to-cash.
 */
public enum InvoiceStatus {
    /** Created, still editable, not yet in AR. */
    DRAFT,
    /** Numbered and locked; posted as a receivable. */
    FINALIZED,
    /** Delivered to the customer; payment is awaited. */
    SENT,
    /** Some but not all of the total has been received. */
    PARTIALLY_PAID,
    /** Fully paid (terminal). */
    PAID,
    /** Cancelled, offset by a credit memo (terminal). */
    VOID,
    /** Deemed uncollectable (terminal). */
    WRITTEN_OFF,
    /** The customer disputes it; dunning is on hold. */
    DISPUTED;

    /** True for {@link #PAID}, {@link #VOID} and {@link #WRITTEN_OFF}. */
    public boolean isTerminal() {
        return this == PAID || this == VOID || this == WRITTEN_OFF;
    }
}
