package dev.o2c.workflows.saga;

import dev.o2c.workflows.common.ProcessStatus;

/**
 * Thrown by {@link TrackedSaga#run} when the saga cannot go on: a step was refused for good (the outcome is
 * {@link ProcessStatus#COMPENSATED}) or a parked step was aborted by an operator or by the park timeout
 * ({@link ProcessStatus#ABORTED}). The workflow catches it and calls {@link TrackedSaga#compensate}. It never
 * escapes the workflow method (that would fail the workflow task).
 */
public final class SagaStopped extends RuntimeException {

    private final ProcessStatus outcome;
    private final SagaStep step;
    private final boolean parkTimedOut;

    public SagaStopped(ProcessStatus outcome, SagaStep step, String reason, boolean parkTimedOut) {
        super(reason, null, false, false);
        this.outcome = outcome;
        this.step = step;
        this.parkTimedOut = parkTimedOut;
    }

    /** {@link ProcessStatus#COMPENSATED} or {@link ProcessStatus#ABORTED}. */
    public ProcessStatus outcome() {
        return outcome;
    }

    /** The step where the saga stopped. */
    public SagaStep step() {
        return step;
    }

    /** Why, one line. */
    public String reason() {
        return getMessage();
    }

    /** True when nobody decided within the park timeout (the process aborted by itself). */
    public boolean parkTimedOut() {
        return parkTimedOut;
    }
}
