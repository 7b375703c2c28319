package dev.o2c.starter;

import dev.o2c.workflows.common.CorrelationContextPropagator;
import dev.o2c.workflows.common.DecisionAccepted;
import dev.o2c.workflows.common.DecisionRefusal;
import dev.o2c.workflows.common.FailureTypes;
import dev.o2c.workflows.common.OpenException;
import dev.o2c.workflows.common.OwnerTeam;
import dev.o2c.workflows.common.ProcessState;
import dev.o2c.workflows.common.ProcessStatus;
import dev.o2c.workflows.common.Resolution;
import dev.o2c.workflows.common.StepState;
import dev.o2c.workflows.common.StepStatus;
import dev.o2c.workflows.opportunity.OpportunityToProjectRequest;
import dev.o2c.workflows.opportunity.OpportunityToProjectResult;
import dev.o2c.workflows.opportunity.OpportunityToProjectWorkflow;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.MDC;

/**
 * Test double of the real workflow (which lives in the workflows module and is not the starter's business): parks at
 * once on exception {@code ex-<opportunityId>}, answers {@code state}, and completes when {@code resolve} arrives.
 */
public class FakeOpportunityToProjectWorkflow implements OpportunityToProjectWorkflow {

    /** What each run received: its request, and the correlation id its thread's MDC had (via the propagator). */
    static final Map<String, OpportunityToProjectRequest> REQUESTS = new ConcurrentHashMap<>();
    static final Map<String, String> MDC_CORRELATION = new ConcurrentHashMap<>();

    private ProcessState state;
    private Resolution resolution;

    @Override
    public OpportunityToProjectResult run(OpportunityToProjectRequest request) {
        String workflowId = Workflow.getInfo().getWorkflowId();
        REQUESTS.put(workflowId, request);
        String mdc = MDC.get(CorrelationContextPropagator.KEY);
        if (mdc != null) {
            MDC_CORRELATION.put(workflowId, mdc);
        }
        long now = Workflow.currentTimeMillis();
        String exceptionId = "ex-" + request.opportunityId();
        state = new ProcessState(workflowId, PROCESS_TYPE, request.opportunityId(), ProcessStatus.NEEDS_ATTENTION,
                request.correlationId(),
                List.of(new StepState("crm.readOpportunity", "crm", StepStatus.COMPLETED, 1, null, now, now),
                        new StepState("finance.validate", "o2c", StepStatus.FAILED, 1, "tax id missing", now, null)),
                Map.of("crmAccountId", "acc-" + request.opportunityId()),
                new OpenException(exceptionId, "finance.validate", OwnerTeam.FINANCE_OPS,
                        "o2c.finance-attributes-invalid", "tax id missing", false, now,
                        now + request.parkTimeout().toMillis()),
                now, now);
        Workflow.await(() -> resolution != null && resolution.exceptionId().equals(exceptionId));
        String detail = resolution.action() + " by " + resolution.actor() + ": " + resolution.note();
        state = new ProcessState(workflowId, PROCESS_TYPE, request.opportunityId(), ProcessStatus.COMPLETED,
                request.correlationId(), state.steps(), state.createdIds(), null, state.startedAt(),
                Workflow.currentTimeMillis());
        return new OpportunityToProjectResult(ProcessStatus.COMPLETED, state.createdIds(), detail);
    }

    @Override
    public ProcessState state() {
        return state;
    }

    @Override
    public DecisionAccepted decide(Resolution resolution) {
        this.resolution = resolution;
        return new DecisionAccepted(resolution.exceptionId(), "finance.validate", resolution.action(),
                resolution.actor(), Workflow.currentTimeMillis());
    }

    @Override
    public void validateDecide(Resolution resolution) {
        if (this.resolution != null) {
            throw ApplicationFailure.newNonRetryableFailure("already decided", FailureTypes.DECISION_REFUSED,
                    DecisionRefusal.DUPLICATE.name());
        }
    }

    @Override
    public void resolve(Resolution resolution) {
        this.resolution = resolution;
    }
}
