package dev.o2c.ledger.query;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One row of the ledger's process projection.
 *
 * @param workflowId workflow id (primary key)
 * @param runId run id of the last transition recorded, may be null
 * @param processType e.g. {@code opportunity-to-project}
 * @param businessKey the object the process is about (opportunity id, project id, invoice id)
 * @param status the process status name ({@code RUNNING}, {@code NEEDS_ATTENTION}, ...)
 * @param correlationId correlation id that entered at the API, may be null
 * @param currentStep the step of the last transition, may be null
 * @param detail short human-readable text of the last transition, may be null
 * @param createdIds ids created in each system, keyed like {@code erpCustomerId}, in the order read (kept: never a
 *     hash order that changes from one JVM to the next)
 * @param startedAt when the process started
 * @param updatedAt when the row last changed
 * @param incarnation the newest run's incarnation (1 for the first provisioning of the business key)
 */
public record ProcessView(
        String workflowId,
        String runId,
        String processType,
        String businessKey,
        String status,
        String correlationId,
        String currentStep,
        String detail,
        Map<String, String> createdIds,
        Instant startedAt,
        Instant updatedAt,
        int incarnation) {

    public ProcessView {
        createdIds = createdIds == null
                ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(createdIds)); // Map.copyOf would lose the order
        incarnation = incarnation <= 0 ? 1 : incarnation;
    }

    /** A row of the first incarnation. */
    public ProcessView(String workflowId, String runId, String processType, String businessKey, String status,
            String correlationId, String currentStep, String detail, Map<String, String> createdIds,
            Instant startedAt, Instant updatedAt) {
        this(workflowId, runId, processType, businessKey, status, correlationId, currentStep, detail, createdIds,
                startedAt, updatedAt, 1);
    }
}
