package dev.o2c.workflows.saga;

import dev.o2c.workflows.common.FailureTypes;
import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;

/**
 * Activity options of o2c's saga workflows: one stub per system on the system's own task queue, so each system gets
 * its own worker concurrency and rate limit.
 *
 * <ul>
 *   <li>forward calls: 30 s per attempt, retried (1 s, doubling, at most 30 s apart) for at most 10 minutes; then the
 *       step parks as {@link FailureTypes#UNAVAILABLE} for IT;</li>
 *   <li>compensations: same, for at most an hour (undoing must try harder than doing); then the compensation parks
 *       as {@link FailureTypes#COMPENSATION_FAILED};</li>
 *   <li>ledger: a local activity, 10 s per attempt, retried for at most 5 minutes.</li>
 * </ul>
 * The connectors mark validation, not-found, conflict and rejection failures non-retryable themselves; the
 * do-not-retry list repeats it, belt and braces.
 */
public final class SystemActivityOptions {

    public static final Duration START_TO_CLOSE = Duration.ofSeconds(30);
    public static final Duration RETRY_BUDGET = Duration.ofMinutes(10);
    public static final Duration COMPENSATION_RETRY_BUDGET = Duration.ofHours(1);
    public static final Duration LEDGER_START_TO_CLOSE = Duration.ofSeconds(10);
    public static final Duration LEDGER_RETRY_BUDGET = Duration.ofMinutes(5);

    /** Failure types Temporal must not retry: the same request would get the same answer. */
    public static final String[] NON_RETRYABLE = {
        FailureTypes.VALIDATION, FailureTypes.NOT_FOUND, FailureTypes.CONFLICT, FailureTypes.REJECTED
    };

    private SystemActivityOptions() {}

    /** Options of forward calls to the system polling {@code taskQueue}. */
    public static ActivityOptions forward(String taskQueue) {
        return ActivityOptions.newBuilder()
                .setTaskQueue(taskQueue)
                .setStartToCloseTimeout(START_TO_CLOSE)
                .setScheduleToCloseTimeout(RETRY_BUDGET)
                .setRetryOptions(retry(Duration.ofSeconds(30)))
                .build();
    }

    /** Options of compensation calls to the system polling {@code taskQueue}. */
    public static ActivityOptions compensation(String taskQueue) {
        return ActivityOptions.newBuilder()
                .setTaskQueue(taskQueue)
                .setStartToCloseTimeout(START_TO_CLOSE)
                .setScheduleToCloseTimeout(COMPENSATION_RETRY_BUDGET)
                .setRetryOptions(retry(Duration.ofSeconds(30)))
                .build();
    }

    /** Options of the ledger's local activities. */
    public static LocalActivityOptions ledger() {
        return LocalActivityOptions.newBuilder()
                .setStartToCloseTimeout(LEDGER_START_TO_CLOSE)
                .setScheduleToCloseTimeout(LEDGER_RETRY_BUDGET)
                .setRetryOptions(retry(Duration.ofSeconds(10)))
                .build();
    }

    private static RetryOptions retry(Duration maximumInterval) {
        return RetryOptions.newBuilder()
                .setInitialInterval(Duration.ofSeconds(1))
                .setBackoffCoefficient(2)
                .setMaximumInterval(maximumInterval)
                .setDoNotRetry(NON_RETRYABLE)
                .build();
    }
}
