package dev.o2c.workflows.reconciliation;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Reconciliation (docs/processes.md, "Reconciliation"): walks each requested check page by page through
 * {@code ReconciliationActivities} (queue {@code reconciliation}), holding only cursors and counts, continues as new
 * every {@link ReconciliationRequest#pageBudget()} pages carrying them, and once every page is read closes the
 * discrepancies the run no longer found ({@code closeResolved}). One at a time: workflow id {@link #WORKFLOW_ID}.
 */
@WorkflowInterface
public interface ReconciliationWorkflow {

    String WORKFLOW_ID = "reconciliation";
    String PROCESS_TYPE = "reconciliation";
    /** The failure type of a run whose page (or {@code closeResolved}) failed for good. */
    String FAILURE_TYPE = "o2c.reconciliation.failed";

    DateTimeFormatter RUN_ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /** The run id of a reconciliation started at {@code startedAt}: {@code rec-20261201T020000Z}. */
    static String runId(Instant startedAt) {
        return "rec-" + RUN_ID_TIME.format(startedAt);
    }

    /** The final report (status COMPLETED); a run whose page failed for good fails the workflow. */
    @WorkflowMethod
    ReconciliationReport run(ReconciliationRequest request);

    /** The live report: status, the current check, pages read, each check's counts. */
    @QueryMethod
    ReconciliationReport report();
}
