package dev.o2c.workflows.model;

import java.time.LocalDate;

/**
 * A credit memo reducing what is owed on an invoice (issued when an invoice is voided or partly credited).
 *
 * <p>Invariants: {@code id} is optional (assigned by the invoicing platform; blank becomes {@code null});
 * {@code invoiceId} and {@code reason} are not blank; {@code amount} is positive (the credited amount, not
 * negated); {@code issuedOn} is required.
 */
public record CreditMemo(String id, String invoiceId, Money amount, String reason, LocalDate issuedOn) {

    public CreditMemo {
        id = Checks.optional(id);
        Checks.requireNonBlank(invoiceId, "CreditMemo.invoiceId");
        Checks.requirePositive(amount, "CreditMemo.amount");
        Checks.requireNonBlank(reason, "CreditMemo.reason");
        Checks.requireNonNull(issuedOn, "CreditMemo.issuedOn");
    }
}
