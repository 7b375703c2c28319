package dev.o2c.workflows.cash;

/**
 * Void an unpaid invoice: the invoice is voided, the receivable reversed and its entries released for billing again.
 *
 * @param reissue true to have the project bill the released entries again at once (a corrected invoice, linked to
 *     this one); false leaves them for the next billing run
 */
public record VoidRequest(String reason, String actor, boolean reissue) {

    /** A void without an immediate re-issue. */
    public VoidRequest(String reason, String actor) {
        this(reason, actor, false);
    }
}
