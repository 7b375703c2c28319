package dev.o2c.workflows.common;

import io.temporal.failure.ApplicationFailure;
import java.util.Optional;

/**
 * Names shared by every o2c workflow that takes operator decisions, so the starter can address any of them through an
 * untyped stub.
 *
 * <p>A decision is a Temporal <b>Update</b> named {@value #UPDATE} taking a {@link Resolution} and answering a
 * {@link DecisionAccepted}. Its validator refuses (with an {@code ApplicationFailure} of type
 * {@link FailureTypes#DECISION_REFUSED}, first detail a {@link DecisionRefusal} name) a decision the workflow will not
 * take; a refused update leaves no trace in the workflow's history. The API answers {@code 202} only for an accepted
 * one and {@code 409} otherwise.
 *
 * <p>Read the reason with {@link #refusal(Throwable)}, not from the failure's type: Temporal Java SDK 1.38.0 loses the
 * type and details of an {@code ApplicationFailure} thrown by an update validator (the client sees type
 * {@value #SDK_WRAPPED_TYPE} with the original message; sdk-java issue 2875, fixed upstream by pull request 3001).
 * So the refusal's message also starts with the {@link DecisionRefusal} name and {@code ": "}, and
 * {@link #refusal(Throwable)} reads the type and detail when they arrive, the message otherwise.
 */
public final class Decisions {

    /** The update every parkable o2c workflow takes a {@link Resolution} on. */
    public static final String UPDATE = "decide";

    /** Type of a validator's failure as Temporal Java SDK 1.38.0 delivers it (see the class comment). */
    public static final String SDK_WRAPPED_TYPE = "io.temporal.internal.worker.WorkflowExecutionException";

    private Decisions() {}

    /** Message of a refusal: the reason's name, {@code ": "}, the text. */
    public static String refusalMessage(DecisionRefusal reason, String text) {
        return reason.name() + ": " + text;
    }

    /**
     * Why the workflow refused a decision, read from the failure of a {@value #UPDATE} update (e.g. a
     * {@code WorkflowUpdateException}) or any of its causes.
     *
     * @return the reason, or empty when the update failed for another reason
     */
    public static Optional<DecisionRefusal> refusal(Throwable updateFailure) {
        for (Throwable t = updateFailure; t != null; t = t.getCause()) {
            if (!(t instanceof ApplicationFailure failure)) {
                continue;
            }
            if (FailureTypes.DECISION_REFUSED.equals(failure.getType())) {
                Optional<DecisionRefusal> fromDetail = fromDetail(failure);
                if (fromDetail.isPresent()) {
                    return fromDetail;
                }
                return fromMessage(failure.getOriginalMessage());
            }
            if (SDK_WRAPPED_TYPE.equals(failure.getType())) {
                Optional<DecisionRefusal> fromMessage = fromMessage(failure.getOriginalMessage());
                if (fromMessage.isPresent()) {
                    return fromMessage;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<DecisionRefusal> fromDetail(ApplicationFailure failure) {
        try {
            if (failure.getDetails() != null && failure.getDetails().getSize() > 0) {
                return Optional.of(DecisionRefusal.valueOf(failure.getDetails().get(0, String.class)));
            }
        } catch (RuntimeException notAReason) { // another shape of detail: fall back to the message
        }
        return Optional.empty();
    }

    private static Optional<DecisionRefusal> fromMessage(String message) {
        if (message == null) {
            return Optional.empty();
        }
        for (DecisionRefusal reason : DecisionRefusal.values()) {
            if (message.startsWith(reason.name() + ": ")) {
                return Optional.of(reason);
            }
        }
        return Optional.empty();
    }
}
