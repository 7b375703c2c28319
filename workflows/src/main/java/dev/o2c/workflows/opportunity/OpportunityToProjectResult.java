package dev.o2c.workflows.opportunity;

import dev.o2c.workflows.common.ProcessStatus;
import java.util.Map;

/**
 * Outcome of {@link OpportunityToProjectWorkflow}.
 *
 * @param status COMPLETED, COMPENSATED or ABORTED (FAILED only on a bug)
 * @param createdIds ids created in each system and still in force (empty after compensation)
 * @param detail short human-readable summary
 */
public record OpportunityToProjectResult(ProcessStatus status, Map<String, String> createdIds, String detail) {
    public OpportunityToProjectResult {
        createdIds = createdIds == null ? Map.of() : Map.copyOf(createdIds);
    }
}
