package dev.o2c.workflows.model;

/**
 * A milestone as read from CRM, before validation; see {@link Milestone}. {@code amount} is a decimal
 * string in the contract currency, {@code dueDate} is {@code yyyy-MM-dd}.
 *
 * <p>Invariants: none; every component may be {@code null} or blank.
 */
public record MilestoneDraft(
        String id,
        String name,
        String amount,
        String dueDate) {
}
