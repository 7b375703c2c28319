package dev.o2c.activities.http;

/** Outcome of one outbound call, as the audit trail records it. */
public enum Outcome {
    SUCCEEDED,
    /** Failed in a way Temporal retries (5xx, 429, transport error, timeout). */
    RETRYABLE_FAILURE,
    /** Failed for good (4xx): the activity fails with a non-retryable {@code ApplicationFailure}. */
    FAILED
}
