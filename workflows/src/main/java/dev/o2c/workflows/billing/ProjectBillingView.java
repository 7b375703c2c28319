package dev.o2c.workflows.billing;

import dev.o2c.workflows.common.ProcessStatus;
import dev.o2c.workflows.model.Contract;
import dev.o2c.workflows.model.Money;
import java.time.LocalDate;
import java.util.List;

/**
 * Answer of the {@code billing} query: the project's contract and billing as of now.
 *
 * @param status RUNNING while the project is billed, COMPLETED once billing ended
 * @param capAmount the not-to-exceed, null when uncapped
 * @param capRemaining cap minus consumed, null when uncapped
 * @param unbilledApproved approved, unbilled work as last previewed (rated at today's contract), null before the first
 *     preview
 * @param unbilledEntries the number of entries in it
 * @param unbilledAsOf epoch millis (workflow time) of that preview, 0 before the first
 * @param nextPeriodEnd the end of the next billing period (its run fires the day after), null for milestone billing
 * @param activeRun the run in progress, null when none
 */
public record ProjectBillingView(
        String psaProjectId,
        String workflowId,
        ProcessStatus status,
        ProjectSetup setup,
        int contractVersion,
        int lastAmendmentNumber,
        Contract contract,
        LocalDate lastBilledThrough,
        Money capAmount,
        Money capConsumed,
        Money capRemaining,
        Money unbilledApproved,
        int unbilledEntries,
        long unbilledAsOf,
        LocalDate nextPeriodEnd,
        String activeRun,
        List<BillingRunSummary> runs,
        List<AmendmentRecord> amendments) {}
