package dev.o2c.sandbox.platform.data;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import java.util.List;

/** A work-breakdown phase with its tasks (CRM work breakdown, PSA project phases). */
public record Phase(@NotBlank String name, List<@Valid PhaseTask> tasks) {

    public Phase {
        tasks = tasks == null ? List.of() : List.copyOf(tasks);
    }
}
