package dev.o2c.workflows.common;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Live state of a process, answered by every o2c workflow's {@code state} query.
 *
 * @param workflowId the workflow id
 * @param processType e.g. {@code opportunity-to-project}
 * @param businessKey the object the process is about (opportunity id, project id, invoice id)
 * @param status process status
 * @param correlationId the correlation id that entered at the API
 * @param steps every step in saga order
 * @param createdIds ids created in each system, keyed like {@code erpCustomerId}, {@code psaProjectId}
 * @param openException the exception the process is parked on, null unless {@link ProcessStatus#NEEDS_ATTENTION}
 * @param startedAt epoch millis (workflow time)
 * @param updatedAt epoch millis (workflow time) of the last change
 * @param incarnation the run's incarnation (1 for the first provisioning of the business key; see
 *     {@code OpportunityToProjectRequest#incarnation})
 */
public record ProcessState(
        String workflowId,
        String processType,
        String businessKey,
        ProcessStatus status,
        String correlationId,
        List<StepState> steps,
        Map<String, String> createdIds,
        OpenException openException,
        long startedAt,
        long updatedAt,
        int incarnation) {

    public ProcessState {
        steps = List.copyOf(steps);
        createdIds = Collections.unmodifiableMap(new LinkedHashMap<>(createdIds)); // keeps creation order
        incarnation = incarnation == 0 ? 1 : incarnation;
    }

    public ProcessState(String workflowId, String processType, String businessKey, ProcessStatus status,
            String correlationId, List<StepState> steps, Map<String, String> createdIds, OpenException openException,
            long startedAt, long updatedAt) {
        this(workflowId, processType, businessKey, status, correlationId, steps, createdIds, openException, startedAt,
                updatedAt, 1);
    }
}
