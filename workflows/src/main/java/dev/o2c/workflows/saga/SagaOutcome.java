package dev.o2c.workflows.saga;

import dev.o2c.workflows.common.ProcessStatus;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a saga ended.
 *
 * @param status COMPLETED, COMPENSATED or ABORTED
 * @param createdIdsInForce ids created by the saga and still in force (all of them when completed; after
 *     compensation only those whose compensation was abandoned), in creation order
 * @param detail one line for people
 */
public record SagaOutcome(ProcessStatus status, Map<String, String> createdIdsInForce, String detail) {
    public SagaOutcome {
        createdIdsInForce = Collections.unmodifiableMap(new LinkedHashMap<>(createdIdsInForce)); // creation order
    }
}
