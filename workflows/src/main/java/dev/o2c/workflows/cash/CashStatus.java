package dev.o2c.workflows.cash;

/** The invoice's status as invoice-to-cash follows it (the CRM shows it after each change). */
public enum CashStatus {
    /** Finalized, not sent yet. */
    ISSUED,
    SENT,
    PARTIALLY_PAID,
    /** Settled by payments (and credits). */
    PAID,
    /** The customer refused it; finance voids and re-issues it, or decides otherwise. */
    REJECTED,
    /** Settled by credit memos (with any payments). */
    CREDITED,
    /** Settled by a write-off of the rest. */
    WRITTEN_OFF,
    VOID;

    /** True once nothing is owed any more: the process ends. */
    public boolean isSettled() {
        return this == PAID || this == CREDITED || this == WRITTEN_OFF || this == VOID;
    }
}
