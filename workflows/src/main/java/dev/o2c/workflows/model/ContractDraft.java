package dev.o2c.workflows.model;

import java.util.List;

/**
 * Contract terms as read from CRM, before validation; see {@link Contract}. {@code billingModel} is a
 * {@link BillingModel} name (case-insensitive; spaces or hyphens for underscores; {@code "T&M"} also accepted);
 * amounts are decimal strings in {@code currency}, which defaults to the customer's currency when {@code null};
 * dates are ISO-8601 ({@code yyyy-MM-dd}). Rate-card versions may come in any order.
 *
 * <p>Invariants: none beyond immutability (lists are copied; {@code null} lists and elements are kept, to be
 * reported by validation).
 */
public record ContractDraft(
        String billingModel,
        String currency,
        String value,
        String startDate,
        String endDate,
        String notToExceed,
        String retainerMonthlyAmount,
        List<RateCardVersionDraft> rateCard,
        List<MilestoneDraft> milestones) {

    public ContractDraft {
        rateCard = Checks.copyLenient(rateCard);
        milestones = Checks.copyLenient(milestones);
    }
}
