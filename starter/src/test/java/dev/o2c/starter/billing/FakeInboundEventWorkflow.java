package dev.o2c.starter.billing;

import dev.o2c.workflows.billing.InboundEvent;
import dev.o2c.workflows.billing.InboundEventWorkflow;
import dev.o2c.workflows.common.DecisionAccepted;
import dev.o2c.workflows.common.OpenException;
import dev.o2c.workflows.common.OwnerTeam;
import dev.o2c.workflows.common.ProcessState;
import dev.o2c.workflows.common.ProcessStatus;
import dev.o2c.workflows.common.Resolution;
import io.temporal.workflow.Workflow;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Test double of the inbound-event process: records each start and parks for pmo until a decision. */
public class FakeInboundEventWorkflow implements InboundEventWorkflow {

    /** The events each workflow id was started with, one entry per run. */
    public static final Map<String, List<InboundEvent>> STARTS = new ConcurrentHashMap<>();

    private ProcessState state;
    private Resolution resolution;

    @Override
    public ProcessStatus run(InboundEvent event) {
        String workflowId = Workflow.getInfo().getWorkflowId();
        STARTS.computeIfAbsent(workflowId, id -> new CopyOnWriteArrayList<>()).add(event);
        long now = Workflow.currentTimeMillis();
        state = new ProcessState(workflowId, PROCESS_TYPE, event.businessKey(), ProcessStatus.NEEDS_ATTENTION,
                event.correlationId(), List.of(), Map.of(),
                new OpenException("ex-" + event.eventId(), "route", OwnerTeam.PMO, "o2c.event-unmanaged",
                        "no process for " + event.target(), true, now, now + 86_400_000L),
                now, now);
        Workflow.await(() -> resolution != null);
        return ProcessStatus.COMPLETED;
    }

    @Override
    public ProcessState state() {
        return state;
    }

    @Override
    public DecisionAccepted decide(Resolution resolution) {
        this.resolution = resolution;
        return new DecisionAccepted(resolution.exceptionId(), "route", resolution.action(), resolution.actor(),
                Workflow.currentTimeMillis());
    }

    @Override
    public void validateDecide(Resolution resolution) {}
}
