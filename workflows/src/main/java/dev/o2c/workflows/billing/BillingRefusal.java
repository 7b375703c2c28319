package dev.o2c.workflows.billing;

import dev.o2c.workflows.common.NamedRefusals;
import io.temporal.failure.ApplicationFailure;
import java.util.Optional;

/**
 * Why {@link ProjectBillingWorkflow} refused an amendment or a bill-now in its update validator, and the HTTP status
 * the API answers with. As with operator decisions (see {@code Decisions}), the failure's message starts with the
 * name and {@code ": "} because SDK 1.38.0 drops the type and details of a validator's failure; read it back with
 * {@link #of(Throwable)}.
 */
public enum BillingRefusal {
    /** The amendment number was accepted before. */
    DUPLICATE(409),
    /** The amendment number is not the last accepted one + 1. */
    OUT_OF_ORDER(409),
    /** The project's billing has ended (closed, cancelled, contract over and billed). */
    PROJECT_ENDED(409),
    /** The change itself is invalid (nothing changed, other currency, end before start, ...). */
    INVALID(422),
    /** {@code effectiveFrom} lies in a period already billed: that needs a credit, not a re-rate. */
    INSIDE_BILLED_PERIOD(422),
    /** The rate card given changes versions in force before {@code effectiveFrom}. */
    REWRITES_HISTORY(422),
    /** A bill-now date in the future or before the contract starts. */
    INVALID_DATE(422);

    /** Failure type of a refusal (when the SDK keeps it). */
    public static final String FAILURE_TYPE = "o2c.billing.refused";

    private final int httpStatus;

    BillingRefusal(int httpStatus) {
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
    public static Optional<BillingRefusal> of(Throwable updateFailure) {
        return NamedRefusals.find(updateFailure, values()).map(NamedRefusals.Found::refusal);
    }

    /** The text after {@code NAME: }, or the whole message. */
    public static String text(Throwable updateFailure) {
        return NamedRefusals.find(updateFailure, values()).map(NamedRefusals.Found::text)
                .orElseGet(updateFailure::getMessage);
    }
}
