package dev.o2c.workflows.model;

/**
 * The hourly rate billed for one role (e.g. {@code "Senior Consultant"}).
 *
 * <p>Invariants: {@code role} is not blank (roles are matched exactly, case-sensitive); {@code hourlyRate} is
 * non-null and not negative (zero is allowed for non-billable roles).
 */
public record Rate(String role, Money hourlyRate) {

    public Rate {
        Checks.requireNonBlank(role, "Rate.role");
        Checks.requireNonNegative(hourlyRate, "Rate.hourlyRate");
    }

    public static Rate of(String role, String hourlyRate, String currency) {
        return new Rate(role, Money.of(hourlyRate, currency));
    }
}
