package dev.o2c.workflows.common;

import io.temporal.failure.ApplicationFailure;
import java.util.Optional;

/**
 * Reads an update validator's refusal back from the failure the client sees. SDK 1.38.0 drops the type and details
 * of a validator's failure, so refusals put their enum constant's name and {@code ": "} in front of the message.
 */
public final class NamedRefusals {

    /** A refusal found in a failure: the enum constant and the text after {@code NAME: }. */
    public record Found<E extends Enum<E>>(E refusal, String text) {}

    private NamedRefusals() {}

    /** The first failure in the cause chain whose message starts with one of {@code values}' {@code NAME: }. */
    public static <E extends Enum<E>> Optional<Found<E>> find(Throwable failure, E[] values) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = t instanceof ApplicationFailure app ? app.getOriginalMessage() : t.getMessage();
            if (message == null) {
                continue;
            }
            for (E value : values) {
                if (message.startsWith(value.name() + ": ")) {
                    return Optional.of(new Found<>(value, message.substring(value.name().length() + 2)));
                }
            }
        }
        return Optional.empty();
    }

    /** The non-retryable failure a validator throws: message {@code NAME: text}, type {@code failureType}. */
    public static ApplicationFailure failure(Enum<?> refusal, String failureType, String text) {
        return ApplicationFailure.newNonRetryableFailure(refusal.name() + ": " + text, failureType, refusal.name());
    }
}
