package dev.o2c.starter.billing;

import dev.o2c.workflows.model.Contract;
import dev.o2c.workflows.model.Milestone;
import dev.o2c.workflows.model.Money;
import dev.o2c.workflows.model.Rate;
import dev.o2c.workflows.model.RateCard;
import dev.o2c.workflows.model.RateCardVersion;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.LocalDate;
import java.util.List;

/**
 * A project's contract terms as the API shows them. Money is {@code {"amount": "12.30", "currency": "EUR"}} (the
 * amount a decimal string), all in the contract's {@code currency}.
 *
 * @param capAmount the not-to-exceed, null when uncapped
 * @param value the contract value (fixed fee), null when none
 */
public record ContractTerms(
        @Schema(allowableValues = {"TIME_AND_MATERIALS", "FIXED_FEE", "MILESTONE", "RETAINER"}) String billingModel,
        @Schema(example = "EUR") String currency,
        LocalDate startDate,
        LocalDate endDate,
        Money value,
        Money capAmount,
        RateCardTerms rateCard,
        List<MilestoneTerms> milestones,
        Money retainerMonthlyAmount) {

    /** The effective-dated rate card; null when the contract has none. */
    public record RateCardTerms(List<Version> versions) {}

    /** Rates in force from {@code effectiveFrom} until the next version. */
    public record Version(LocalDate effectiveFrom, List<RoleRate> rates) {}

    public record RoleRate(@Schema(example = "Senior Consultant") String role, Money hourlyRate) {}

    /** A milestone; {@code id} is the PSA's (null until assigned). */
    public record MilestoneTerms(String id, String name, Money amount, LocalDate dueDate) {}

    static ContractTerms of(Contract contract) {
        if (contract == null) {
            return null;
        }
        return new ContractTerms(
                contract.billingModel() == null ? null : contract.billingModel().name(),
                contract.currency(),
                contract.startDate(),
                contract.endDate(),
                contract.value(),
                contract.notToExceed(),
                rateCard(contract.rateCard()),
                contract.milestones().stream().map(ContractTerms::milestone).toList(),
                contract.retainerMonthlyAmount());
    }

    private static RateCardTerms rateCard(RateCard card) {
        if (card == null) {
            return null;
        }
        return new RateCardTerms(card.versions().stream().map(ContractTerms::version).toList());
    }

    private static Version version(RateCardVersion version) {
        return new Version(version.effectiveFrom(), version.rates().stream().map(ContractTerms::rate).toList());
    }

    private static RoleRate rate(Rate rate) {
        return new RoleRate(rate.role(), rate.hourlyRate());
    }

    private static MilestoneTerms milestone(Milestone milestone) {
        return new MilestoneTerms(milestone.id(), milestone.name(), milestone.amount(), milestone.dueDate());
    }
}
