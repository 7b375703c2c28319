package dev.o2c.workflows.opportunity;

import dev.o2c.workflows.common.DecisionAccepted;
import dev.o2c.workflows.common.Decisions;
import dev.o2c.workflows.common.Resolution;
import dev.o2c.workflows.saga.ParkableProcess;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Opportunity-to-project: turns a won opportunity into an ERP customer, a PSA project, a billing plan and an ERP
 * project, all or nothing (a saga). Workflow id: {@code opportunity-to-project-{opportunityId}}.
 */
@WorkflowInterface
public interface OpportunityToProjectWorkflow extends ParkableProcess {

    String PROCESS_TYPE = "opportunity-to-project";

    static String workflowId(String opportunityId) {
        return PROCESS_TYPE + "-" + opportunityId;
    }

    @WorkflowMethod
    OpportunityToProjectResult run(OpportunityToProjectRequest request);

    /** Live state: status, each step, ids created, open exception. */

    /**
     * An operator's decision on the open exception (retry, skip, abort), as an Update: answered once the workflow has
     * taken it. Refused by {@link #validateDecide} when stale, duplicate, not open (yet) or not allowed. Callers
     * address it untyped ({@code update(Decisions.UPDATE, DecisionAccepted.class, resolution)}) and read a refusal
     * with {@link Decisions#refusal(Throwable)}.
     */

    /**
     * Refuses a decision the workflow will not take: {@code ApplicationFailure} {@code o2c.decision-refused}, detail
     * and message prefix the {@link dev.o2c.workflows.common.DecisionRefusal} (see {@link Decisions}).
     */

    /**
     * The decision as a signal, as it was sent before {@link #decide} existed. Kept so that histories recorded then
     * still replay; the starter no longer sends it. Stale or duplicate decisions are ignored.
     *
     * @deprecated use {@link #decide}
     */
    @Deprecated
    @SignalMethod
    void resolve(Resolution resolution);
}
