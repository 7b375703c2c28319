package dev.o2c.workflows.billing;

import dev.o2c.workflows.saga.ParkableProcess;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * An event that reached o2c but no process, {@code inbound-event-{eventId}} (the event id makes redeliveries one
 * process). The starter answers the sender 200 (so it is not redelivered forever) and starts this workflow, which
 * records the event in the ledger and parks it for {@code pmo} as an exception an operator sees in the queue: RETRY
 * routes it again (to {@code target}, if that workflow runs now), SKIP or ABORT dismisses it.
 */
@WorkflowInterface
public interface InboundEventWorkflow extends ParkableProcess {

    String PROCESS_TYPE = "inbound-event";

    static String workflowId(String eventId) {
        return PROCESS_TYPE + "-" + eventId;
    }

    @WorkflowMethod
    dev.o2c.workflows.common.ProcessStatus run(InboundEvent event);



}
