package dev.o2c.starter.billing;

import java.net.URI;
import java.time.LocalDate;
import java.util.Map;

/**
 * {@code 202}: the project took the bill-now and queued a billing run (it starts as soon as the run before it, if any,
 * ended).
 *
 * @param processId the run's workflow id, {@code project-billing-{psaProjectId}-run-{n}}
 * @param links {@code process} (the run, {@code /api/v1/processes/{processId}}), {@code projectBilling},
 *     {@code temporalUi} when the Temporal server has a UI
 */
public record BillingRunAccepted(int runNumber, String processId, LocalDate through, Map<String, URI> links) {}
