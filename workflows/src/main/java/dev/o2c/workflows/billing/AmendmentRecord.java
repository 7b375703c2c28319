package dev.o2c.workflows.billing;

import java.time.LocalDate;
import java.util.List;

/**
 * An amendment in the project's history (the {@code billing} query and continue-as-new state).
 *
 * @param changed the terms it changed, e.g. {@code rateCard}, {@code capAmount}
 * @param acceptedAt epoch millis (workflow time)
 */
public record AmendmentRecord(int number, LocalDate effectiveFrom, String status, int contractVersion,
        List<String> changed, String reason, String actor, String source, String propagationWorkflowId,
        long acceptedAt) {

    public AmendmentRecord {
        changed = changed == null ? List.of() : List.copyOf(changed);
    }
}
