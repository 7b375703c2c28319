package dev.o2c.workflows.saga;

import dev.o2c.workflows.common.FailureTypes;
import dev.o2c.workflows.common.OwnerTeam;
import io.temporal.api.enums.v1.RetryState;
import io.temporal.common.converter.Values;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.failure.TimeoutFailure;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a failed step means for the process, decided from the failure's type alone.
 *
 * <p>{@link #classify} of an {@link ActivityFailure} (Temporal already retried what was retryable):
 * <table>
 *   <caption>classification</caption>
 *   <tr><th>cause</th><th>kind</th><th>owner</th></tr>
 *   <tr><td>{@code ApplicationFailure} of a {@link FailureTypes#parks parking} type (validation, not-found,
 *       finance attributes)</td><td>PARK</td><td>the step's owner</td></tr>
 *   <tr><td>{@code ApplicationFailure} {@link FailureTypes#UNAVAILABLE}</td><td>PARK</td><td>IT</td></tr>
 *   <tr><td>{@code ApplicationFailure} {@link FailureTypes#INTEGRATION} (401/403/413/415, reused idempotency key:
 *       o2c's or IT's problem, classified by the connector)</td><td>PARK, also for a step that would otherwise
 *       compensate, never compensates</td><td>IT, never the step's owner</td></tr>
 *   <tr><td>{@code ApplicationFailure} {@link FailureTypes#CONFLICT} or {@link FailureTypes#REJECTED}</td>
 *       <td>COMPENSATE</td><td>the step's owner</td></tr>
 *   <tr><td>the retry budget (schedule-to-close) is spent: a {@code TimeoutFailure} cause, or any other
 *       {@code ApplicationFailure} with retry state TIMEOUT (or MAXIMUM_ATTEMPTS_REACHED)</td><td>PARK as
 *       {@link FailureTypes#UNAVAILABLE}</td><td>IT</td></tr>
 *   <tr><td>anything else (an unknown type, a bug in a connector)</td><td>PARK with its own type</td><td>IT</td></tr>
 *   <tr><td>{@code CanceledFailure}</td><td colspan="2">not a step failure: the {@link CanceledFailure} is rethrown
 *       so the workflow's cancellation handling compensates</td></tr>
 * </table>
 * Unknown failures park rather than compensate: undoing a customer's whole setup on a guess is worse than asking.
 *
 * @param kind park or compensate
 * @param failureType the {@link FailureTypes} name (or, for an unclassified failure, its own type)
 * @param owner the team that must act if it parks
 * @param message human-readable cause
 * @param payloadJson details as a JSON object, for the exception record
 */
public record StepFailure(Kind kind, String failureType, OwnerTeam owner, String message, String payloadJson) {

    public enum Kind {
        /** Fixable by someone: open an exception and wait for a decision. */
        PARK,
        /** Refused for good: undo what the saga did. */
        COMPENSATE
    }

    public StepFailure {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(failureType, "failureType");
        Objects.requireNonNull(owner, "owner");
        message = message == null || message.isBlank() ? failureType : message;
    }

    /** A failure detected by the workflow itself (e.g. invalid finance attributes) that parks the process. */
    public static StepFailure park(String failureType, OwnerTeam owner, String message, String payloadJson) {
        return new StepFailure(Kind.PARK, failureType, owner, message, payloadJson);
    }

    public boolean parks() {
        return kind == Kind.PARK;
    }

    /**
     * Classifies a failed activity call of {@code step}.
     *
     * @throws CanceledFailure when the call failed because the workflow was cancelled
     */
    public static StepFailure classify(ActivityFailure failure, SagaStep step) {
        Throwable cause = failure.getCause();
        if (cause instanceof CanceledFailure cancelled) {
            throw cancelled;
        }
        if (cause instanceof TimeoutFailure timeout) {
            String message = step.system() + " unavailable: " + describeTimeout(timeout);
            return new StepFailure(Kind.PARK, FailureTypes.UNAVAILABLE, OwnerTeam.IT, message,
                    payload(FailureTypes.UNAVAILABLE, message, failure, null));
        }
        if (cause instanceof ApplicationFailure app) {
            String type = app.getType() == null ? "unknown" : app.getType();
            String message = app.getOriginalMessage();
            String payload = payload(type, message, failure, detailsOf(app));
            if (FailureTypes.UNAVAILABLE.equals(type) || FailureTypes.INTEGRATION.equals(type)) {
                return new StepFailure(Kind.PARK, type, OwnerTeam.IT, message, payload);
            }
            if (FailureTypes.parks(type)) {
                return new StepFailure(Kind.PARK, type, step.owner(), message, payload);
            }
            if (FailureTypes.CONFLICT.equals(type) || FailureTypes.REJECTED.equals(type)) {
                return new StepFailure(Kind.COMPENSATE, type, step.owner(), message, payload);
            }
            if (budgetSpent(failure.getRetryState())) { // retryable failures until the budget ran out
                String unavailable = step.system() + " unavailable: retry budget spent (" + failure.getRetryState()
                        + "), last error: " + type + ": " + message;
                return new StepFailure(Kind.PARK, FailureTypes.UNAVAILABLE, OwnerTeam.IT, unavailable,
                        payload(FailureTypes.UNAVAILABLE, unavailable, failure, detailsOf(app)));
            }
            return new StepFailure(Kind.PARK, type, OwnerTeam.IT, "unexpected failure " + type + ": " + message,
                    payload);
        }
        String type = cause == null ? "unknown" : cause.getClass().getSimpleName();
        String message = cause == null ? failure.getMessage() : messageOf(cause);
        return new StepFailure(Kind.PARK, type, OwnerTeam.IT, "unexpected failure: " + message,
                payload(type, message, failure, null));
    }

    /**
     * True when Temporal gave up retrying because the retry budget ran out: between attempts the server fails the
     * activity with the <em>last</em> failure and this retry state, not with a {@link TimeoutFailure}.
     */
    private static boolean budgetSpent(RetryState state) {
        return state == RetryState.RETRY_STATE_TIMEOUT || state == RetryState.RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED;
    }

    /** One line describing any failure of a call (for compensations, which do not classify: they all park). */
    public static String describe(ActivityFailure failure) {
        Throwable cause = failure.getCause();
        if (cause instanceof TimeoutFailure timeout) {
            return describeTimeout(timeout);
        }
        if (cause instanceof ApplicationFailure app) {
            return (app.getType() == null ? "" : app.getType() + ": ") + app.getOriginalMessage();
        }
        return cause == null ? failure.getMessage() : messageOf(cause);
    }

    private static String describeTimeout(TimeoutFailure timeout) {
        String text = "retry budget spent (" + timeout.getTimeoutType() + " timeout)";
        Throwable last = timeout.getCause();
        return last == null ? text : text + ", last error: " + messageOf(last);
    }

    private static String messageOf(Throwable failure) {
        if (failure instanceof ApplicationFailure app) {
            return (app.getType() == null ? "" : app.getType() + ": ") + app.getOriginalMessage();
        }
        if (failure instanceof TemporalFailure temporal) {
            return temporal.getOriginalMessage();
        }
        return String.valueOf(failure.getMessage());
    }

    private static String detailsOf(ApplicationFailure app) {
        Values details = app.getDetails();
        if (details == null || details.getSize() == 0) {
            return null;
        }
        try {
            return details.get(0, String.class);
        } catch (RuntimeException notAString) { // details of another shape: the message says enough
            return null;
        }
    }

    private static String payload(String type, String message, ActivityFailure failure, String details) {
        Map<String, String> members = new LinkedHashMap<>();
        members.put("failureType", type);
        members.put("message", message);
        members.put("activityType", failure.getActivityType());
        if (details != null) {
            members.put("details", details);
        }
        return Json.object(members);
    }
}
