package dev.o2c.workflows.billing;

/**
 * A nudge from the PSA ({@code time.approved}, {@code expense.approved}, {@code milestone.completed}), sent as a
 * signal: a fact that cannot be refused. The PSA stays the system of record (runs read it), so the nudge only
 * refreshes what the project shows; a completed milestone also starts a run.
 *
 * @param kind {@code TIME}, {@code EXPENSE} or {@code MILESTONE}
 * @param entityId the PSA id of the entry or milestone
 * @param eventId the webhook event id
 */
public record WorkApproved(String kind, String entityId, String eventId) {

    public static final String TIME = "TIME";
    public static final String EXPENSE = "EXPENSE";
    public static final String MILESTONE = "MILESTONE";
}
