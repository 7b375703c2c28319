package dev.o2c.workflows.model;

/**
 * A work-breakdown task as read from CRM, before validation; see {@link WbsTask}. {@code estimateHours}
 * is an optional decimal string.
 *
 * <p>Invariants: none; every component may be {@code null} or blank.
 */
public record WbsTaskDraft(
        String name,
        String estimateHours) {
}
