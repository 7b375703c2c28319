package dev.o2c.ledger.query;

import java.time.Instant;

/**
 * One run of a process (a row of the ledger's {@code process_run}): a workflow id runs again after it ended ABORTED or
 * COMPENSATED (next incarnation) or LOST (same incarnation).
 *
 * @param workflowId workflow id
 * @param runId Temporal run id
 * @param incarnation which provisioning of the business key the run was
 * @param status the run's status name
 * @param currentStep the step of the run's last transition, may be null
 * @param detail short text of the run's last transition, may be null
 * @param startedAt when the run started
 * @param updatedAt when the run's row last changed (its end, once it ended)
 */
public record RunView(
        String workflowId,
        String runId,
        int incarnation,
        String status,
        String currentStep,
        String detail,
        Instant startedAt,
        Instant updatedAt) {}
