package dev.o2c.starter.customer;

import dev.o2c.workflows.common.DecisionAccepted;
import dev.o2c.workflows.common.ProcessState;
import dev.o2c.workflows.common.Resolution;
import dev.o2c.workflows.customer.AccountUpdated;
import dev.o2c.workflows.customer.CustomerSyncRequest;
import dev.o2c.workflows.customer.CustomerSyncResult;
import dev.o2c.workflows.customer.CustomerSyncWorkflow;
import io.temporal.workflow.Workflow;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Test double of customer sync: records each start and each signal by run, and runs until the test ends. */
public class FakeCustomerSyncWorkflow implements CustomerSyncWorkflow {

    /** The requests each workflow id was started with, one per run. */
    public static final Map<String, List<CustomerSyncRequest>> STARTS = new ConcurrentHashMap<>();
    /** The signals each run got, by run id. */
    public static final Map<String, List<AccountUpdated>> SIGNALS = new ConcurrentHashMap<>();

    @Override
    public CustomerSyncResult run(CustomerSyncRequest request) {
        STARTS.computeIfAbsent(Workflow.getInfo().getWorkflowId(), id -> new CopyOnWriteArrayList<>()).add(request);
        Workflow.await(() -> false);
        return null;
    }

    @Override
    public void accountUpdated(AccountUpdated event) {
        SIGNALS.computeIfAbsent(Workflow.getInfo().getRunId(), id -> new CopyOnWriteArrayList<>()).add(event);
    }

    @Override
    public ProcessState state() {
        return null;
    }

    @Override
    public DecisionAccepted decide(Resolution resolution) {
        return null;
    }

    @Override
    public void validateDecide(Resolution resolution) {}
}
