package dev.o2c.workflows.model;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * Approved time from PSA: hours one person worked in one role on one day of a project. Billed (for
 * time-and-materials) at the rate in force for {@code role} on {@code date}.
 *
 * <p>Invariants: {@code id}, {@code projectId}, {@code person} and {@code role} are not blank; {@code date} is
 * required; {@code hours} is greater than 0 and at most 24, kept in canonical form (trailing zeros stripped:
 * {@code 7.50} becomes {@code 7.5}, no precision is lost); {@code taskName} and {@code description} are optional.
 */
public record TimeEntry(
        String id,
        String projectId,
        String person,
        String role,
        LocalDate date,
        BigDecimal hours,
        String taskName,
        String description) {

    private static final BigDecimal MAX_HOURS = BigDecimal.valueOf(24);

    public TimeEntry {
        Checks.requireNonBlank(id, "TimeEntry.id");
        Checks.requireNonBlank(projectId, "TimeEntry.projectId");
        Checks.requireNonBlank(person, "TimeEntry.person");
        Checks.requireNonBlank(role, "TimeEntry.role");
        Checks.requireNonNull(date, "TimeEntry.date");
        hours = Checks.canonicalQuantity(hours, "TimeEntry.hours");
        if (hours.signum() == 0 || hours.compareTo(MAX_HOURS) > 0) {
            throw new IllegalArgumentException(
                    "TimeEntry.hours must be greater than 0 and at most 24, was " + hours.toPlainString());
        }
        taskName = Checks.optional(taskName);
        description = Checks.optional(description);
    }
}
