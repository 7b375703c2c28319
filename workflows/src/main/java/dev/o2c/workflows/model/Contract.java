package dev.o2c.workflows.model;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The commercial terms of an engagement: how it is billed, for how much, over which period.
 *
 * <p>Invariants:
 * <ul>
 *   <li>{@code billingModel}, {@code startDate} and {@code endDate} are required, {@code startDate <= endDate}
 *       (both inclusive).</li>
 *   <li>{@link BillingModel#TIME_AND_MATERIALS} needs a {@code rateCard} with a version in force on
 *       {@code startDate}; {@link BillingModel#FIXED_FEE} needs a positive {@code value};
 *       {@link BillingModel#MILESTONE} needs at least one milestone; {@link BillingModel#RETAINER} needs a
 *       positive {@code retainerMonthlyAmount}. Components a model does not need are optional and kept (e.g. a
 *       retainer may carry a rate card for overage).</li>
 *   <li>{@code value} and {@code notToExceed}, when present, are positive; milestones may be empty ({@code null}
 *       becomes empty) and their non-null ids are unique.</li>
 *   <li>All money (value, cap, rates, milestones, retainer) is in one currency, the {@link #currency()}; otherwise
 *       {@link CurrencyMismatchException}.</li>
 * </ul>
 */
public record Contract(
        BillingModel billingModel,
        Money value,
        LocalDate startDate,
        LocalDate endDate,
        Money notToExceed,
        RateCard rateCard,
        List<Milestone> milestones,
        Money retainerMonthlyAmount) {

    public Contract {
        Checks.requireNonNull(billingModel, "Contract.billingModel");
        Checks.requireNonNull(startDate, "Contract.startDate");
        Checks.requireNonNull(endDate, "Contract.endDate");
        if (endDate.isBefore(startDate)) {
            throw new IllegalArgumentException(
                    "Contract.endDate " + endDate + " must not be before Contract.startDate " + startDate);
        }
        milestones = Checks.copy(milestones, "Contract.milestones");
        Checks.requireUnique(milestones.stream().map(Milestone::id).toList(), "Contract.milestones id");
        if (value != null) {
            Checks.requirePositive(value, "Contract.value");
        }
        if (notToExceed != null) {
            Checks.requirePositive(notToExceed, "Contract.notToExceed");
        }
        if (retainerMonthlyAmount != null) {
            Checks.requirePositive(retainerMonthlyAmount, "Contract.retainerMonthlyAmount");
        }
        switch (billingModel) {
            case TIME_AND_MATERIALS -> {
                Checks.requireNonNull(rateCard, "Contract.rateCard (for TIME_AND_MATERIALS)");
                if (rateCard.versionInForceOn(startDate).isEmpty()) {
                    throw new IllegalArgumentException("Contract.rateCard has no version in force on startDate "
                            + startDate + " (first is effective from " + rateCard.versions().get(0).effectiveFrom()
                            + ")");
                }
            }
            case FIXED_FEE -> Checks.requireNonNull(value, "Contract.value (for FIXED_FEE)");
            case MILESTONE -> {
                if (milestones.isEmpty()) {
                    throw new IllegalArgumentException("Contract.milestones must not be empty for MILESTONE");
                }
            }
            case RETAINER -> Checks.requireNonNull(retainerMonthlyAmount, "Contract.retainerMonthlyAmount (for RETAINER)");
        }
        String currency = currencyOf(value, notToExceed, rateCard, milestones, retainerMonthlyAmount);
        Checks.requireCurrencyOf(value, currency, "Contract.value");
        Checks.requireCurrencyOf(notToExceed, currency, "Contract.notToExceed");
        Checks.requireCurrencyOf(retainerMonthlyAmount, currency, "Contract.retainerMonthlyAmount");
        if (rateCard != null && !rateCard.currency().equals(currency)) {
            throw new CurrencyMismatchException("Contract.rateCard must be in " + currency + ", was "
                    + rateCard.currency(), currency, rateCard.currency());
        }
        for (int i = 0; i < milestones.size(); i++) {
            Checks.requireCurrencyOf(milestones.get(i).amount(), currency, "Contract.milestones[" + i + "].amount");
        }
    }

    private static String currencyOf(Money value, Money notToExceed, RateCard rateCard, List<Milestone> milestones,
            Money retainerMonthlyAmount) {
        if (value != null) {
            return value.currency();
        }
        if (notToExceed != null) {
            return notToExceed.currency();
        }
        if (rateCard != null) {
            return rateCard.currency();
        }
        if (!milestones.isEmpty()) {
            return milestones.get(0).amount().currency();
        }
        return retainerMonthlyAmount.currency(); // the billing-model rules guarantee one of them
    }

    /** The currency every amount of this contract is in. */
    public String currency() {
        return currencyOf(value, notToExceed, rateCard, milestones, retainerMonthlyAmount);
    }

    /** True when {@code date} lies within {@code [startDate, endDate]}. */
    public boolean covers(LocalDate date) {
        Checks.requireNonNull(date, "date");
        return !date.isBefore(startDate) && !date.isAfter(endDate);
    }

    /**
     * This contract with {@code amendment} applied: new rates become a rate-card version (replacing one with the
     * same date; creating the card if there was none), a new cap replaces the cap, added milestones are appended,
     * a new end date replaces the end date. The result is validated like any contract, so an amendment in another
     * currency throws {@link CurrencyMismatchException}. Ordering and duplicate detection of amendment numbers are
     * the caller's job.
     */
    public Contract amendedBy(ContractAmendment amendment) {
        Checks.requireNonNull(amendment, "amendment");
        RateCard rates = rateCard;
        if (amendment.newRates() != null) {
            rates = rates == null ? RateCard.of(amendment.newRates()) : rates.withVersion(amendment.newRates());
        }
        List<Milestone> allMilestones = new ArrayList<>(milestones);
        allMilestones.addAll(amendment.addedMilestones());
        return new Contract(
                billingModel,
                value,
                startDate,
                amendment.newEndDate() != null ? amendment.newEndDate() : endDate,
                amendment.newNotToExceed() != null ? amendment.newNotToExceed() : notToExceed,
                rates,
                allMilestones,
                retainerMonthlyAmount);
    }
}
