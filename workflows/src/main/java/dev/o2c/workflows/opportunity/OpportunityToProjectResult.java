package dev.o2c.workflows.opportunity;

import dev.o2c.workflows.common.ProcessStatus;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Outcome of {@link OpportunityToProjectWorkflow}.
 *
 * @param status COMPLETED, COMPENSATED or ABORTED (FAILED only on a bug)
 * @param createdIds ids created in each system and still in force (empty after compensation)
 * @param detail short human-readable summary
 * @param incarnation the run's incarnation (see {@link OpportunityToProjectRequest#incarnation()}); 0 in results
 *     recorded before it existed, which were all the first
 */
public record OpportunityToProjectResult(ProcessStatus status, Map<String, String> createdIds, String detail,
        int incarnation) {
    public OpportunityToProjectResult {
        createdIds = createdIds == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(createdIds));
        incarnation = incarnation == 0 ? 1 : incarnation;
    }

    public OpportunityToProjectResult(ProcessStatus status, Map<String, String> createdIds, String detail) {
        this(status, createdIds, detail, 1);
    }
}
