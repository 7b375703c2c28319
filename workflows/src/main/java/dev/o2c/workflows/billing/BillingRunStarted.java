package dev.o2c.workflows.billing;

import java.time.LocalDate;

/**
 * Answer of the {@code billNow} update: the run it queued (it starts as soon as the run before it, if any, ended).
 *
 * @param runWorkflowId {@code project-billing-{psaProjectId}-run-{n}}
 */
public record BillingRunStarted(int runNumber, String runWorkflowId, LocalDate through) {}
