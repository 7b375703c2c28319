package dev.o2c.workflows.billing;

import dev.o2c.workflows.common.ProcessStatus;

/** Outcome of an {@link AmendmentPropagationWorkflow}. */
public record AmendmentPropagated(ProcessStatus status, int number, String detail) {}
