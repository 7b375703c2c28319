package dev.o2c.workflows.reconciliation;

import java.time.Duration;

/**
 * How {@link ReconciliationSchedulerWorkflow} runs: every {@code period} (sleeping it on a timer, continuing as new
 * after each tick), or, without a period, {@link #once()}: one tick at once, then done (the action of the Temporal
 * Schedule {@value ReconciliationSchedulerWorkflow#SCHEDULE_ID}, which keeps the time itself).
 *
 * @param period time between two runs (positive); null: once
 */
public record ReconciliationSchedule(Duration period) {

    public ReconciliationSchedule {
        if (period != null && (period.isZero() || period.isNegative())) {
            throw new IllegalArgumentException("a reconciliation period must be positive, not " + period);
        }
    }

    /** A run every {@code period}. */
    public static ReconciliationSchedule every(Duration period) {
        return new ReconciliationSchedule(period);
    }

    /** One run now, no loop. */
    public static ReconciliationSchedule once() {
        return new ReconciliationSchedule(null);
    }

    /** True when the scheduler loops, false for one tick. */
    public boolean repeats() {
        return period != null;
    }
}
