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
import dev.o2c.workflows.common.ResolutionAction;
import dev.o2c.workflows.common.StepState;
import dev.o2c.workflows.common.StepStatus;
import dev.o2c.workflows.opportunity.OpportunityToProjectRequest;
import dev.o2c.workflows.opportunity.OpportunityToProjectResult;
import dev.o2c.workflows.opportunity.OpportunityToProjectWorkflow;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.MDC;

/**
 * Test double of the real workflow (which lives in the workflows module and is not the starter's business): parks at
 * once on exception {@code ex-<opportunityId>}, answers {@code state}, and once the {@code decide} Update arrives works
 * on for five minutes of workflow time (skipped while a test waits for the result), then ends {@code ABORTED} on abort,
 * {@code COMPLETED} otherwise. Its validator refuses like the real one: a decision before it
 * parked ({@code NOT_PARKED}; an opportunity whose id contains {@code unparked} never parks), a second decision
 * ({@code DUPLICATE}), one for another exception ({@code STALE}), a skip of its unskippable step.
 */
public class FakeOpportunityToProjectWorkflow implements OpportunityToProjectWorkflow {

    /** What each run received: its request, and the correlation id its thread's MDC had (via the propagator). */
    static final Map<String, OpportunityToProjectRequest> REQUESTS = new ConcurrentHashMap<>();
    static final Map<String, OpportunityToProjectRequest> RUN_REQUESTS = new ConcurrentHashMap<>();
    static final Map<String, String> MDC_CORRELATION = new ConcurrentHashMap<>();

    private ProcessState state;
    private Resolution resolution;
    private final Set<String> decided = new HashSet<>();

    @Override
    public OpportunityToProjectResult run(OpportunityToProjectRequest request) {
        String workflowId = Workflow.getInfo().getWorkflowId();
        REQUESTS.put(workflowId, request);
        RUN_REQUESTS.put(Workflow.getInfo().getRunId(), request);
        String mdc = MDC.get(CorrelationContextPropagator.KEY);
        if (mdc != null) {
            MDC_CORRELATION.put(workflowId, mdc);
        }
        long now = Workflow.currentTimeMillis();
        Map<String, String> ids = new LinkedHashMap<>(); // creation order, not alphabetical
        ids.put("crmAccountId", "acc-" + request.opportunityId());
        ids.put("erpCustomerId", "C-" + request.opportunityId());
        ids.put("billingPlanId", "B-" + request.opportunityId());
        List<StepState> steps = List.of(
                new StepState("crm.readOpportunity", "crm", StepStatus.COMPLETED, 1, null, now, now),
                new StepState("finance.validate", "o2c", StepStatus.FAILED, 1, "tax id missing", now, null));
        if (request.opportunityId().contains("unparked")) {
            state = new ProcessState(workflowId, PROCESS_TYPE, request.opportunityId(), ProcessStatus.RUNNING,
                    request.correlationId(), steps, ids, null, now, now, request.incarnation());
            Workflow.await(() -> false);
        }
        String exceptionId = "ex-" + request.opportunityId();
        state = new ProcessState(workflowId, PROCESS_TYPE, request.opportunityId(), ProcessStatus.NEEDS_ATTENTION,
                request.correlationId(), steps, ids,
                new OpenException(exceptionId, "finance.validate", OwnerTeam.FINANCE_OPS,
                        "o2c.finance-attributes-invalid", "tax id missing", false, now,
                        now + request.parkTimeout().toMillis()),
                now, now, request.incarnation());
        Workflow.await(() -> resolution != null && resolution.exceptionId().equals(exceptionId));
        String detail = resolution.action() + " by " + resolution.actor() + ": " + resolution.note();
        // resumed: it works on (retrying, compensating) for a while, which a test blocked on the result skips
        state = new ProcessState(workflowId, PROCESS_TYPE, request.opportunityId(), ProcessStatus.RUNNING,
                request.correlationId(), state.steps(), state.createdIds(), null, state.startedAt(),
                Workflow.currentTimeMillis(), request.incarnation());
        Workflow.sleep(Duration.ofMinutes(5));
        ProcessStatus outcome = resolution.action() == ResolutionAction.ABORT
                ? ProcessStatus.ABORTED
                : ProcessStatus.COMPLETED;
        state = new ProcessState(workflowId, PROCESS_TYPE, request.opportunityId(), outcome,
                request.correlationId(), state.steps(), state.createdIds(), null, state.startedAt(),
                Workflow.currentTimeMillis(), request.incarnation());
        // an abort undoes the set-up, unless the deal's id asks for an abandoned undo (ids left in force)
        Map<String, String> inForce = outcome == ProcessStatus.ABORTED && !request.opportunityId().contains("abandoned")
                ? Map.of() : state.createdIds();
        return new OpportunityToProjectResult(outcome, inForce, detail, request.incarnation());
    }

    @Override
    public ProcessState state() {
        return state;
    }

    @Override
    public DecisionAccepted decide(Resolution resolution) {
        this.resolution = resolution;
        decided.add(resolution.exceptionId());
        return new DecisionAccepted(resolution.exceptionId(), "finance.validate", resolution.action(),
                resolution.actor(), Workflow.currentTimeMillis());
    }

    @Override
    public void validateDecide(Resolution resolution) {
        if (decided.contains(resolution.exceptionId())) {
            throw refused(DecisionRefusal.DUPLICATE, "exception " + resolution.exceptionId() + " was already decided");
        }
        OpenException open = state == null ? null : state.openException();
        if (open == null || this.resolution != null) {
            throw refused(DecisionRefusal.NOT_PARKED, "not parked: nothing waits for a decision");
        }
        if (!open.exceptionId().equals(resolution.exceptionId())) {
            throw refused(DecisionRefusal.STALE, "parked on " + open.exceptionId() + ", not " + resolution.exceptionId());
        }
        if (!resolution.mayDecideFor(open.owner())) { // the real processes' rule (ExceptionDesk)
            throw refused(DecisionRefusal.OTHER_TEAM, "exception " + open.exceptionId() + " belongs to team "
                    + open.owner().code());
        }
        if (resolution.action() == ResolutionAction.SKIP && !open.skippable()) {
            throw refused(DecisionRefusal.SKIP_NOT_ALLOWED, open.step() + " cannot be skipped");
        }
    }

    /**
     * The refusal of the contract ({@code o2c.decision-refused}, reason as first detail), thrown as the cause of a plain
     * exception: an {@code ApplicationFailure} thrown by a validator itself loses its type and details in SDK 1.38
     * (the client sees a {@code WorkflowExecutionException} failure with the message only), a cause survives.
     */
    private static RuntimeException refused(DecisionRefusal reason, String message) {
        return new IllegalStateException(message,
                ApplicationFailure.newNonRetryableFailure(message, FailureTypes.DECISION_REFUSED, reason.name()));
    }

    @Override
    public void resolve(Resolution resolution) {
        this.resolution = resolution;
    }
}
