package dev.o2c.workflows.systems;

import java.time.Instant;
import java.util.List;

/**
 * A reconciliation run as its ledger row ({@code reconciliation_run}) begins: written once, when the run's first
 * workflow execution starts (not again after continue-as-new).
 *
 * @param runId {@code rec-{yyyyMMdd'T'HHmmss'Z'}}
 * @param workflowId the workflow's id ({@code reconciliation})
 * @param trigger {@code SCHEDULE} or {@code ON_DEMAND}
 * @param requestedBy who asked for an on-demand run; null for a scheduled one
 * @param checks the checks' codes, in the order they run ({@code provisioning}, {@code work}, …)
 * @param startedAt the workflow's start time (the run id is derived from it)
 */
public record ReconciliationRunStarted(String runId, String workflowId, String trigger, String requestedBy,
        List<String> checks, Instant startedAt) {

    public ReconciliationRunStarted {
        checks = List.copyOf(checks);
    }
}
