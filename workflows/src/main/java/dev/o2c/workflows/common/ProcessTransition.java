package dev.o2c.workflows.common;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A change of process state that only the workflow knows (started, parked, compensating, ended), recorded in the
 * ledger's process projection by a local activity.
 *
 * @param workflowId workflow id
 * @param runId run id
 * @param processType e.g. {@code opportunity-to-project}
 * @param businessKey e.g. the opportunity id
 * @param status the new status
 * @param correlationId the process's correlation id
 * @param step the step concerned, null when none
 * @param detail short human-readable text
 * @param createdIds ids created so far
 * @param at epoch millis (workflow time)
 * @param incarnation the run's incarnation (1 for the first run of the workflow id)
 */
public record ProcessTransition(
        String workflowId,
        String runId,
        String processType,
        String businessKey,
        ProcessStatus status,
        String correlationId,
        String step,
        String detail,
        Map<String, String> createdIds,
        long at,
        int incarnation) {

    public ProcessTransition {
        createdIds = createdIds == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(createdIds));
        incarnation = incarnation == 0 ? 1 : incarnation;
    }

    public ProcessTransition(String workflowId, String runId, String processType, String businessKey,
            ProcessStatus status, String correlationId, String step, String detail, Map<String, String> createdIds,
            long at) {
        this(workflowId, runId, processType, businessKey, status, correlationId, step, detail, createdIds, at, 1);
    }
}
