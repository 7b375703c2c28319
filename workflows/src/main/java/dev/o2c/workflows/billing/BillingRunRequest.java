package dev.o2c.workflows.billing;

import dev.o2c.workflows.model.Contract;
import dev.o2c.workflows.model.Money;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

/**
 * Input of one {@link BillingRunWorkflow}.
 *
 * @param runNumber n of {@code project-billing-{psaProjectId}-run-{n}}
 * @param trigger PERIOD, BILL_NOW, MILESTONE or FINAL
 * @param periodStart the first day of the billed period (the day after the last billed period; the contract start
 *     for the first run): fee and retainer instalments of the months in {@code [periodStart, through]} are billed
 * @param through the last day billed (inclusive): approved, unbilled work dated up to it
 * @param contract the contract in force when the run started (the project workflow signals later amendments)
 * @param capConsumed net amount invoiced before this run
 * @param billedMilestoneIds milestones invoiced before (never billed twice)
 * @param milestonesOnly true for a MILESTONE-triggered run: bill completed milestones only
 * @param replacesInvoiceIds voided invoices whose released entries this run bills again (its invoice links to them)
 */
public record BillingRunRequest(
        ProjectSetup setup,
        int runNumber,
        String trigger,
        LocalDate periodStart,
        LocalDate through,
        Contract contract,
        int contractVersion,
        Money capConsumed,
        List<String> billedMilestoneIds,
        boolean milestonesOnly,
        String correlationId,
        Duration parkTimeout,
        List<String> replacesInvoiceIds) {

    public BillingRunRequest {
        billedMilestoneIds = billedMilestoneIds == null ? List.of() : List.copyOf(billedMilestoneIds);
        replacesInvoiceIds = replacesInvoiceIds == null ? List.of() : List.copyOf(replacesInvoiceIds);
    }
}
