package dev.o2c.workflows.model;

import java.time.LocalDate;

/**
 * A billable milestone of a contract: {@code amount} is invoiced when the milestone is completed.
 *
 * <p>Invariants: {@code id} is optional (assigned by PSA; blank becomes {@code null}) and, when present, unique
 * within a contract; {@code name} is not blank; {@code amount} is not negative; {@code dueDate} is required.
 */
public record Milestone(String id, String name, Money amount, LocalDate dueDate) {

    public Milestone {
        id = Checks.optional(id);
        Checks.requireNonBlank(name, "Milestone.name");
        Checks.requireNonNegative(amount, "Milestone.amount");
        Checks.requireNonNull(dueDate, "Milestone.dueDate");
    }
}
