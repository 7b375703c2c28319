package dev.o2c.workflows.model;

import java.time.LocalDate;

/**
 * An approved expense from PSA (travel, lodging, ...); re-billed at cost when {@code billable}.
 *
 * <p>Invariants: {@code id}, {@code projectId} and {@code category} are not blank; {@code date} is required;
 * {@code amount} is not negative; {@code description} is optional.
 */
public record Expense(
        String id,
        String projectId,
        LocalDate date,
        String category,
        Money amount,
        String description,
        boolean billable) {

    public Expense {
        Checks.requireNonBlank(id, "Expense.id");
        Checks.requireNonBlank(projectId, "Expense.projectId");
        Checks.requireNonNull(date, "Expense.date");
        Checks.requireNonBlank(category, "Expense.category");
        Checks.requireNonNegative(amount, "Expense.amount");
        description = Checks.optional(description);
    }
}
