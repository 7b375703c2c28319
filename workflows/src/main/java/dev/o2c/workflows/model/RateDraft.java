package dev.o2c.workflows.model;

/**
 * A role's hourly rate as read from CRM, before validation; see {@link Rate}. {@code hourlyRate} is a
 * decimal string in the contract currency.
 *
 * <p>Invariants: none; every component may be {@code null} or blank.
 */
public record RateDraft(
        String role,
        String hourlyRate) {
}
