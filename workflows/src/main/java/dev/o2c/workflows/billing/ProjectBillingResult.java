package dev.o2c.workflows.billing;

import dev.o2c.workflows.common.ProcessStatus;

/** Outcome of {@link ProjectBillingWorkflow}: why it ended, and the state it ended with. */
public record ProjectBillingResult(ProcessStatus status, String detail, BillingState state) {}
