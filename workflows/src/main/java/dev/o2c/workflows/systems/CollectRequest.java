package dev.o2c.workflows.systems;

import dev.o2c.workflows.model.Contract;
import java.time.LocalDate;
import java.util.List;

/**
 * What a billing run collects.
 *
 * <ul>
 *   <li>time (TIME_AND_MATERIALS contracts): approved, unbilled entries dated up to {@code through}, each rated at
 *       the rate in force on its date for its role ({@code Contract.rateCard().rateFor}); no rate = unrated;</li>
 *   <li>expenses (every model): approved, unbilled, billable expenses up to {@code through}, at cost in their own
 *       currency (converted by {@code convertCurrencies});</li>
 *   <li>milestones (any contract with milestones): completed PSA milestones not in {@code billedMilestoneIds}, at the
 *       contract milestone's amount with the same name (the PSA's amount when the contract has none);</li>
 *   <li>FIXED_FEE: the contract value in equal monthly instalments over the contract's months (the last takes the
 *       rounding remainder), RETAINER: {@code retainerMonthlyAmount} per month, each for the months whose last day
 *       (or the contract end) lies in {@code [periodStart, through]}.</li>
 * </ul>
 * {@code milestonesOnly}: milestones only (a run triggered by a completed milestone).
 *
 * @param runId the run's workflow id (the ledger key of its rows)
 */
public record CollectRequest(String runId, String psaProjectId, LocalDate periodStart, LocalDate through,
        Contract contract, List<String> billedMilestoneIds, boolean milestonesOnly) {

    public CollectRequest {
        billedMilestoneIds = billedMilestoneIds == null ? List.of() : List.copyOf(billedMilestoneIds);
    }
}
