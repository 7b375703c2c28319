package dev.o2c.workflows.model;

import java.time.LocalDate;

/**
 * Money received against an invoice (possibly a partial payment).
 *
 * <p>Invariants: {@code id} and {@code invoiceId} are not blank; {@code amount} is positive; {@code receivedOn} is
 * required; {@code reference} (bank or remittance reference) is optional.
 */
public record Payment(String id, String invoiceId, Money amount, LocalDate receivedOn, String reference) {

    public Payment {
        Checks.requireNonBlank(id, "Payment.id");
        Checks.requireNonBlank(invoiceId, "Payment.invoiceId");
        Checks.requirePositive(amount, "Payment.amount");
        Checks.requireNonNull(receivedOn, "Payment.receivedOn");
        reference = Checks.optional(reference);
    }
}
