package dev.o2c.workflows.saga;

import dev.o2c.workflows.common.FailureTypes;
import io.temporal.activity.ActivityCancellationType;
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
 *   <li>both: {@link ActivityCancellationType#WAIT_CANCELLATION_COMPLETED}, so when the workflow is cancelled while
 *       a call is in flight, the call's promise completes only once the activity has finished (completed, failed or
 *       confirmed its cancellation). The saga's compensation therefore starts after an in-flight create committed,
 *       and undoes it, instead of racing it and leaving an orphan. {@link #tryCancel} gives the options of runs
 *       recorded before (default {@code TRY_CANCEL}), whose histories schedule the compensations right after the
 *       cancel request;</li>
 *   <li>ledger: a local activity, 10 s per attempt, retried until it succeeds (1 s, doubling, at most 1 minute apart;
 *       no schedule-to-close limit, {@link #LEDGER_MAXIMUM_ATTEMPTS}, no do-not-retry list): the process waits for
 *       the writes it depends on (see {@link ProcessLedger}) rather than run on past a ledger that is down.
 *       Cancellation still propagates.</li>
 * </ul>
 * The connectors mark validation, not-found, conflict, rejection and integration failures non-retryable themselves;
 * the do-not-retry list repeats it, belt and braces.
 */
public final class SystemActivityOptions {

    public static final Duration START_TO_CLOSE = Duration.ofSeconds(30);
    public static final Duration RETRY_BUDGET = Duration.ofMinutes(10);
    public static final Duration COMPENSATION_RETRY_BUDGET = Duration.ofHours(1);
    public static final Duration LEDGER_START_TO_CLOSE = Duration.ofSeconds(10);
    /**
     * Attempts of a ledger write: in effect unlimited (at one a minute, thousands of years). Not 0: the Java SDK does
     * not retry a local activity at all when it has neither a schedule-to-close timeout nor a positive maximum.
     */
    public static final int LEDGER_MAXIMUM_ATTEMPTS = Integer.MAX_VALUE;
    /** Longest wait between two attempts of a ledger write. */
    public static final Duration LEDGER_MAXIMUM_INTERVAL = Duration.ofMinutes(1);

    /** Failure types Temporal must not retry: the same request would get the same answer. */
    public static final String[] NON_RETRYABLE = {
        FailureTypes.VALIDATION, FailureTypes.NOT_FOUND, FailureTypes.CONFLICT, FailureTypes.REJECTED,
        FailureTypes.INTEGRATION
    };

    private SystemActivityOptions() {}

    /** Options of forward calls to the system polling {@code taskQueue}. */
    public static ActivityOptions forward(String taskQueue) {
        return ActivityOptions.newBuilder()
                .setTaskQueue(taskQueue)
                .setStartToCloseTimeout(START_TO_CLOSE)
                .setScheduleToCloseTimeout(RETRY_BUDGET)
                .setRetryOptions(retry(Duration.ofSeconds(30)))
                .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
                .build();
    }

    /** Longest attempt of a bulk call (a billing run's paging over 100,000+ entries). */
    public static final Duration BULK_START_TO_CLOSE = Duration.ofMinutes(10);
    /** A bulk call heartbeats at least this often (after every page); a dead worker's call is retried after it. */
    public static final Duration BULK_HEARTBEAT = Duration.ofSeconds(30);

    /**
     * Options of bulk calls (the billing run's row movers on {@code taskQueue}): 10 minutes per attempt with a
     * 30-second heartbeat, retried like forward calls for at most 30 minutes.
     */
    public static ActivityOptions bulk(String taskQueue) {
        return ActivityOptions.newBuilder()
                .setTaskQueue(taskQueue)
                .setStartToCloseTimeout(BULK_START_TO_CLOSE)
                .setHeartbeatTimeout(BULK_HEARTBEAT)
                .setScheduleToCloseTimeout(Duration.ofMinutes(30))
                .setRetryOptions(retry(Duration.ofSeconds(30)))
                .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
                .build();
    }

    /** Longest attempt of one reconciliation page (a page of 500 and its key ranges in three systems, compared). */
    public static final Duration PAGE_START_TO_CLOSE = Duration.ofMinutes(2);
    /** How long one reconciliation page is retried before the run fails (it never writes to a system). */
    public static final Duration PAGE_RETRY_BUDGET = Duration.ofMinutes(30);

    /**
     * Options of reconciliation pages ({@code ReconciliationActivities} on {@code taskQueue}): 2 minutes per attempt,
     * retried like forward calls (1 s, doubling, at most 30 s apart) for at most 30 minutes. A page is idempotent for
     * its run and cursor, so a retry never counts twice.
     */
    public static ActivityOptions page(String taskQueue) {
        return ActivityOptions.newBuilder()
                .setTaskQueue(taskQueue)
                .setStartToCloseTimeout(PAGE_START_TO_CLOSE)
                .setScheduleToCloseTimeout(PAGE_RETRY_BUDGET)
                .setRetryOptions(retry(Duration.ofSeconds(30)))
                .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
                .build();
    }

    /**
     * Options of reads made as local activities (on the workflow worker, inside the workflow task): the forward calls'
     * timeouts and retries (30 s per attempt, retried from 1 s, doubling, at most 30 s apart, for at most 10 minutes;
     * the same do-not-retry list). For calls that change nothing and answer fast: a read then costs no activity task,
     * no workflow task round trip and one marker event instead of six events. They do not pass the system's task
     * queue, so its worker's rate limit does not hold them; the connector bounds how many run at once per system
     * ({@code SystemClient}) and the system's 429 with {@code Retry-After} paces them.
     */
    public static LocalActivityOptions localRead() {
        return LocalActivityOptions.newBuilder()
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
                .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
                .build();
    }

    /**
     * {@code options} with the default cancellation type {@code TRY_CANCEL}: for runs recorded before
     * {@code WAIT_CANCELLATION_COMPLETED}, which must replay the compensations scheduled right after the cancel
     * request.
     */
    public static ActivityOptions tryCancel(ActivityOptions options) {
        return ActivityOptions.newBuilder(options).setCancellationType(ActivityCancellationType.TRY_CANCEL).build();
    }

    /** Options of the ledger's local activities: retried until they succeed (no schedule-to-close limit). */
    public static LocalActivityOptions ledger() {
        return LocalActivityOptions.newBuilder()
                .setStartToCloseTimeout(LEDGER_START_TO_CLOSE)
                .setRetryOptions(RetryOptions.newBuilder()
                        .setInitialInterval(Duration.ofSeconds(1))
                        .setBackoffCoefficient(2)
                        .setMaximumInterval(LEDGER_MAXIMUM_INTERVAL)
                        // "unlimited": the SDK does not retry a local activity at all when it has neither a
                        // schedule-to-close timeout nor a positive maximum of attempts
                        .setMaximumAttempts(LEDGER_MAXIMUM_ATTEMPTS)
                        .build())
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
