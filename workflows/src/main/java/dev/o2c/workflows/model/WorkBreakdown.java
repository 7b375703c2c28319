package dev.o2c.workflows.model;

import java.math.BigDecimal;
import java.util.List;

/**
 * The work breakdown structure of an engagement: ordered phases of tasks, created as the PSA project plan.
 *
 * <p>Invariants: {@code phases} may be empty ({@code null} becomes empty) and phase names are unique.
 */
public record WorkBreakdown(List<Phase> phases) {

    public WorkBreakdown {
        phases = Checks.copy(phases, "WorkBreakdown.phases");
        Checks.requireUnique(phases.stream().map(Phase::name).toList(), "WorkBreakdown.phases name");
    }

    public static WorkBreakdown empty() {
        return new WorkBreakdown(List.of());
    }

    public static WorkBreakdown of(Phase... phases) {
        return new WorkBreakdown(List.of(phases));
    }

    /** Sum of all task estimates. */
    public BigDecimal totalEstimateHours() {
        return phases.stream().map(Phase::totalEstimateHours).reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
