package dev.o2c.devstack.bench;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;

/**
 * The benchmark's floor: a bare saga that makes the same activity calls, on the same systems, as an
 * opportunity-to-project run on its happy path, each one HTTP call to a trivial local endpoint. No ledger, no audit,
 * no compensation registry, no child workflow: what Temporal and one HTTP round trip per step cost at the least.
 */
@WorkflowInterface
public interface FloorWorkflow {

    /** Calls {@code steps} in order ({@code system.activityType}, as o2c's history lists them); returns the count. */
    @WorkflowMethod
    int run(List<String> steps);
}
