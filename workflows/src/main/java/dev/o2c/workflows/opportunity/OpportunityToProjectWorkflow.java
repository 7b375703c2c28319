package dev.o2c.workflows.opportunity;

import dev.o2c.workflows.common.ProcessState;
import dev.o2c.workflows.common.Resolution;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Opportunity-to-project: turns a won opportunity into an ERP customer, a PSA project, a billing plan and an ERP
 * project, all or nothing (a saga). Workflow id: {@code opportunity-to-project-{opportunityId}}.
 */
@WorkflowInterface
public interface OpportunityToProjectWorkflow {

    String PROCESS_TYPE = "opportunity-to-project";

    static String workflowId(String opportunityId) {
        return PROCESS_TYPE + "-" + opportunityId;
    }

    @WorkflowMethod
    OpportunityToProjectResult run(OpportunityToProjectRequest request);

    /** Live state: status, each step, ids created, open exception. */
    @QueryMethod
    ProcessState state();

    /** An operator's decision on the open exception (retry, skip, abort). Stale or duplicate decisions are ignored. */
    @SignalMethod
    void resolve(Resolution resolution);
}
