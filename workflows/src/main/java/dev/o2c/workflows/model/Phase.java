package dev.o2c.workflows.model;

import java.math.BigDecimal;
import java.util.List;

/**
 * A phase of the {@link WorkBreakdown} (e.g. "Discovery") and its tasks.
 *
 * <p>Invariants: {@code name} is not blank; {@code tasks} may be empty ({@code null} becomes empty) and task names
 * are unique within the phase.
 */
public record Phase(String name, List<WbsTask> tasks) {

    public Phase {
        Checks.requireNonBlank(name, "Phase.name");
        tasks = Checks.copy(tasks, "Phase.tasks");
        Checks.requireUnique(tasks.stream().map(WbsTask::name).toList(), "Phase.tasks name");
    }

    public static Phase of(String name, WbsTask... tasks) {
        return new Phase(name, List.of(tasks));
    }

    /** Sum of the tasks' estimates (tasks without an estimate count as zero). */
    public BigDecimal totalEstimateHours() {
        return tasks.stream()
                .map(WbsTask::estimateHours)
                .filter(h -> h != null)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
