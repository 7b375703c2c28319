package dev.o2c.workflows.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/**
 * The outcome of {@link EngagementValidation#validate}: either a valid {@link Engagement} (and no violations) or
 * no engagement and a non-empty list of {@link Violation}s.
 *
 * <p>Invariants: exactly one of the two is present; {@code violations} is never {@code null} ({@code null}
 * becomes empty).
 */
public record EngagementValidationResult(Engagement engagement, List<Violation> violations) {

    public EngagementValidationResult {
        violations = Checks.copy(violations, "EngagementValidationResult.violations");
        if ((engagement == null) == violations.isEmpty()) {
            throw new IllegalArgumentException(
                    "EngagementValidationResult needs either an engagement or violations, not both or neither");
        }
    }

    public static EngagementValidationResult valid(Engagement engagement) {
        return new EngagementValidationResult(Checks.requireNonNull(engagement, "engagement"), List.of());
    }

    public static EngagementValidationResult invalid(List<Violation> violations) {
        return new EngagementValidationResult(null, violations);
    }

    @JsonIgnore
    public boolean isValid() {
        return engagement != null;
    }

    /** The violations as one line, {@code "customer.taxId: missing; customer.currency: ..."}; empty when valid. */
    public String summary() {
        return String.join("; ", violations.stream().map(Violation::toString).toList());
    }
}
