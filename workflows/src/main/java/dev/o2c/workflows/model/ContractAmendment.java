package dev.o2c.workflows.model;

import java.time.LocalDate;
import java.util.List;

/**
 * A numbered change to a project's contract (arrives as a signal; applied with {@link Contract#amendedBy}).
 *
 * <p>Invariants: {@code projectId} and {@code reason} are not blank; {@code number > 0} (amendments are applied in
 * number order, stale and duplicate numbers are rejected by the workflow); {@code effectiveFrom} is required; at
 * least one change is present: {@code newRates}, {@code newNotToExceed} (positive), {@code addedMilestones}
 * (non-empty; {@code null} becomes empty) or {@code newEndDate} (not before {@code effectiveFrom}). All money in
 * the amendment is in one currency. New rates apply from their own {@link RateCardVersion#effectiveFrom()}.
 */
public record ContractAmendment(
        String projectId,
        int number,
        LocalDate effectiveFrom,
        RateCardVersion newRates,
        Money newNotToExceed,
        List<Milestone> addedMilestones,
        LocalDate newEndDate,
        String reason) {

    public ContractAmendment {
        Checks.requireNonBlank(projectId, "ContractAmendment.projectId");
        if (number <= 0) {
            throw new IllegalArgumentException("ContractAmendment.number must be positive, was " + number);
        }
        Checks.requireNonNull(effectiveFrom, "ContractAmendment.effectiveFrom");
        addedMilestones = Checks.copy(addedMilestones, "ContractAmendment.addedMilestones");
        Checks.requireNonBlank(reason, "ContractAmendment.reason");
        if (newRates == null && newNotToExceed == null && addedMilestones.isEmpty() && newEndDate == null) {
            throw new IllegalArgumentException("ContractAmendment " + number + " changes nothing: it needs newRates,"
                    + " newNotToExceed, addedMilestones or newEndDate");
        }
        if (newNotToExceed != null) {
            Checks.requirePositive(newNotToExceed, "ContractAmendment.newNotToExceed");
        }
        if (newEndDate != null && newEndDate.isBefore(effectiveFrom)) {
            throw new IllegalArgumentException("ContractAmendment.newEndDate " + newEndDate
                    + " must not be before effectiveFrom " + effectiveFrom);
        }
        String currency = newRates != null ? newRates.currency()
                : newNotToExceed != null ? newNotToExceed.currency()
                : addedMilestones.isEmpty() ? null : addedMilestones.get(0).amount().currency();
        if (currency != null) {
            Checks.requireCurrencyOf(newNotToExceed, currency, "ContractAmendment.newNotToExceed");
            for (int i = 0; i < addedMilestones.size(); i++) {
                Checks.requireCurrencyOf(addedMilestones.get(i).amount(), currency,
                        "ContractAmendment.addedMilestones[" + i + "].amount");
            }
        }
    }
}
