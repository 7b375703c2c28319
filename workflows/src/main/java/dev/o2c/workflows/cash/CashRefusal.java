package dev.o2c.workflows.cash;

import dev.o2c.workflows.common.NamedRefusals;
import io.temporal.failure.ApplicationFailure;
import java.util.Optional;

/**
 * Why {@link InvoiceToCashWorkflow} refused a finance decision in its update validator, and the HTTP status the API
 * answers with. The failure's message starts with the name and {@code ": "}; read it back with {@link #of(Throwable)}.
 */
public enum CashRefusal {
    /** The request itself is invalid (no reason, amount not positive, other currency, ...). */
    INVALID(422),
    /** No dispute with that id on this invoice. */
    UNKNOWN_DISPUTE(404),
    /** The dispute was resolved before. */
    ALREADY_RESOLVED(409),
    /** The invoice is settled (paid, credited, written off or void): nothing is owed any more. */
    SETTLED(409),
    /** A void of an invoice with payments applied or received: credit or write off instead. */
    HAS_PAYMENTS(409),
    /** The amount is more than what is open (balance less what open disputes and pending decisions hold). */
    EXCEEDS_BALANCE(409),
    /** A void was accepted and is being carried out. */
    VOID_IN_PROGRESS(409);

    /** Failure type of a refusal (when the SDK keeps it). */
    public static final String FAILURE_TYPE = "o2c.cash.refused";

    private final int httpStatus;

    CashRefusal(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** The failure a validator throws: non-retryable, message {@code NAME: text}. */
    public ApplicationFailure failure(String text) {
        return NamedRefusals.failure(this, FAILURE_TYPE, text);
    }

    /** The refusal carried by an update failure or any of its causes, from its message. */
    public static Optional<CashRefusal> of(Throwable updateFailure) {
        return NamedRefusals.find(updateFailure, values()).map(NamedRefusals.Found::refusal);
    }

    /** The text after {@code NAME: }, or the whole message. */
    public static String text(Throwable updateFailure) {
        return NamedRefusals.find(updateFailure, values()).map(NamedRefusals.Found::text)
                .orElseGet(updateFailure::getMessage);
    }
}
