package dev.o2c.starter.events;

import dev.o2c.starter.web.ProblemTypes;
import java.util.Optional;

/**
 * What the webhook check said of a recorded delivery. Only what can be keyed is recorded (a body with an event id);
 * an unknown system, a body over the size limit (never read) or one without a usable id is counted and logged.
 */
public enum SignatureVerdict {
    VALID,
    /** Missing or wrong signature: the body is not kept. */
    INVALID,
    /** Missing or stale timestamp: the body is not kept. */
    STALE,
    /** Signed for the path's system, but the body speaks for another (or none). */
    SYSTEM_MISMATCH;

    /** The verdict of a rejected webhook's problem type, if it is one of the verifier's. */
    public static Optional<SignatureVerdict> ofProblem(String problemType) {
        return switch (problemType) {
            case ProblemTypes.INVALID_SIGNATURE -> Optional.of(INVALID);
            case ProblemTypes.STALE_TIMESTAMP -> Optional.of(STALE);
            case ProblemTypes.SYSTEM_MISMATCH -> Optional.of(SYSTEM_MISMATCH);
            default -> Optional.empty();
        };
    }
}
