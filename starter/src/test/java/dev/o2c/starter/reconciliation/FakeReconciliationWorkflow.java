package dev.o2c.starter.reconciliation;

import dev.o2c.workflows.common.ProcessStatus;
import dev.o2c.workflows.reconciliation.CheckProgress;
import dev.o2c.workflows.reconciliation.ReconciliationReport;
import dev.o2c.workflows.reconciliation.ReconciliationRequest;
import dev.o2c.workflows.reconciliation.ReconciliationWorkflow;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Test double of the reconciliation workflow: records the request it was started with, answers {@code report} with
 * one page read of its first check (one {@code RECEIVABLE_MISSING}), and runs until the test terminates it.
 */
public class FakeReconciliationWorkflow implements ReconciliationWorkflow {

    /** Every request a run was started with, in order. */
    static final List<ReconciliationRequest> STARTED = new CopyOnWriteArrayList<>();

    private final ReconciliationRequest request;

    @WorkflowInit
    public FakeReconciliationWorkflow(ReconciliationRequest request) {
        this.request = request;
    }

    @Override
    public ReconciliationReport run(ReconciliationRequest ignored) {
        STARTED.add(request);
        Workflow.await(() -> false);
        return report();
    }

    @Override
    public ReconciliationReport report() {
        List<CheckProgress> checks = request.checks().stream().map(CheckProgress::start).toList();
        checks = new java.util.ArrayList<>(checks);
        CheckProgress first = checks.getFirst();
        checks.set(0, new CheckProgress(first.check(), 1, 500, 2, Map.of("RECEIVABLE_MISSING", 1), "inv_500", false));
        return new ReconciliationReport(request.runId(), ProcessStatus.RUNNING, first.check(), 1, checks, Map.of(),
                null);
    }
}
