package dev.o2c.workflows.model;

import java.util.List;

/**
 * A work-breakdown phase as read from CRM, before validation; see {@link Phase}.
 *
 * <p>Invariants: none beyond immutability (lists are copied; {@code null} lists and elements are kept, to be
 * reported by validation).
 */
public record PhaseDraft(
        String name,
        List<WbsTaskDraft> tasks) {

    public PhaseDraft {
        tasks = Checks.copyLenient(tasks);
    }
}
