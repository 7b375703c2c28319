package dev.o2c.starter.billing;

import dev.o2c.workflows.model.Money;
import io.swagger.v3.oas.annotations.media.Schema;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * A project's contract and billing as {@code GET /api/v1/projects/{psaProjectId}/billing} answers it, live from the
 * project-to-billing workflow's {@code billing} query. Money is {@code {"amount": "12.30", "currency": "EUR"}}.
 *
 * @param processId the project-to-billing workflow id, {@code project-billing-{psaProjectId}}
 * @param status {@code RUNNING} while the project is billed, {@code COMPLETED} once its billing ended
 * @param contractVersion 1 as won, +1 per applied amendment
 * @param lastAmendmentNumber the last accepted amendment number (0 for none): the next amendment is this + 1
 * @param lastBilledThrough the end of the last billed period (inclusive), null before the first run completed
 * @param cap the not-to-exceed and how much of it is invoiced; null when uncapped
 * @param unbilledApproved approved, unbilled work as last previewed; null before the first preview
 * @param nextPeriodEnd the end of the next billing period (its run starts the day after); null for milestone billing
 * @param activeRun the billing run in progress, null when none
 * @param runs the billing runs so far (each a process of its own), oldest first
 * @param amendments the amendments so far, oldest first
 * @param links {@code self}, {@code process} (the project-to-billing process), {@code billingRuns} and
 *     {@code amendments} (POST there), {@code temporalUi} when the Temporal server has a UI
 */
public record ProjectBilling(
        String psaProjectId,
        String processId,
        @Schema(allowableValues = {"RUNNING", "NEEDS_ATTENTION", "COMPLETED", "ABORTED", "FAILED"}) String status,
        String opportunityId,
        @Schema(allowableValues = {"WEEKLY", "MONTHLY", "QUARTERLY", "MILESTONE"}) String billingPeriod,
        int contractVersion,
        int lastAmendmentNumber,
        ContractTerms contract,
        LocalDate lastBilledThrough,
        Cap cap,
        Unbilled unbilledApproved,
        LocalDate nextPeriodEnd,
        ActiveRun activeRun,
        List<Run> runs,
        List<Amendment> amendments,
        Map<String, URI> links) {

    /** The contract's not-to-exceed: {@code remaining = amount - consumed} (net amounts invoiced). */
    public record Cap(Money amount, Money consumed, Money remaining) {}

    /**
     * Approved work not billed yet, rated at the contract in force.
     *
     * @param asOf when the workflow last previewed it
     */
    public record Unbilled(Money amount, int entries, Instant asOf) {}

    /** The billing run in progress. */
    public record ActiveRun(String processId, Map<String, URI> links) {}

    /**
     * One billing run.
     *
     * @param processId the run's workflow id, {@code project-billing-{psaProjectId}-run-{n}}
     * @param status null while it is queued, then RUNNING, NEEDS_ATTENTION, ... and its outcome
     * @param invoiceId null when the run found nothing to bill or did not complete
     * @param heldBack net amount left unbilled because of the cap
     */
    public record Run(
            int runNumber,
            String processId,
            @Schema(allowableValues = {"PERIOD", "BILL_NOW", "MILESTONE", "FINAL"}) String trigger,
            LocalDate through,
            String status,
            String invoiceId,
            String invoiceNumber,
            Money subtotal,
            Money taxTotal,
            Money total,
            int entriesBilled,
            Money heldBack,
            String detail,
            Map<String, URI> links) {}

    /**
     * One accepted amendment.
     *
     * @param status {@code APPLIED}, or {@code REFUSED} (a CRM amendment o2c could not apply; its number is used up)
     * @param changed the terms it changed, e.g. {@code rateCard}, {@code capAmount}
     * @param source {@code api} or {@code crm}
     * @param propagationProcessId the process writing it to the systems, null when refused
     */
    public record Amendment(
            int number,
            LocalDate effectiveFrom,
            @Schema(allowableValues = {"APPLIED", "REFUSED"}) String status,
            int contractVersion,
            List<String> changed,
            String reason,
            String actor,
            @Schema(allowableValues = {"api", "crm"}) String source,
            String propagationProcessId,
            Instant acceptedAt) {}
}
