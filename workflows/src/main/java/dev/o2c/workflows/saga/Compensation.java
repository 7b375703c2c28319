package dev.o2c.workflows.saga;

/** The compensation of a step: one idempotent activity call, given its idempotency key. */
@FunctionalInterface
public interface Compensation {

    /**
     * Undoes the step.
     *
     * @return the activity attempt that succeeded (for the logs)
     * @throws io.temporal.failure.ActivityFailure when it fails for good (retry budget spent or non-retryable)
     */
    int run(String idempotencyKey);
}
