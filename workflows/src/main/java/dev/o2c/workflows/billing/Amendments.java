package dev.o2c.workflows.billing;

import dev.o2c.workflows.model.Contract;
import dev.o2c.workflows.model.Money;
import dev.o2c.workflows.model.RateCard;
import dev.o2c.workflows.model.RateCardVersion;
import io.temporal.failure.ApplicationFailure;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules of contract amendments, pure and deterministic (used by the validators and handlers of
 * {@link ProjectBillingWorkflow}):
 * <ul>
 *   <li>numbers: the last accepted + 1 (the first is 1); a number taken already is {@link BillingRefusal#DUPLICATE},
 *       a later one {@link BillingRefusal#OUT_OF_ORDER};</li>
 *   <li>{@code effectiveFrom} after the last billed period, else {@link BillingRefusal#INSIDE_BILLED_PERIOD} (that
 *       needs a credit, not a re-rate); so must be a new end date;</li>
 *   <li>the rate card is the complete card: the versions in force before {@code effectiveFrom} must be unchanged,
 *       else {@link BillingRefusal#REWRITES_HISTORY};</li>
 *   <li>a cap below what is already invoiced, a change of nothing, or a contract the model refuses (currency, end
 *       before start, a T&amp;M card without a rate on the start date, ...) is {@link BillingRefusal#INVALID}.</li>
 * </ul>
 */
public final class Amendments {

    private Amendments() {}

    /** Checks the number against the last accepted one (reserved numbers count as taken). */
    public static void checkNumber(int number, int lastTaken) {
        if (number <= lastTaken) {
            throw BillingRefusal.DUPLICATE.failure("amendment " + number + " was accepted already (last is "
                    + lastTaken + ")");
        }
        if (number != lastTaken + 1) {
            throw BillingRefusal.OUT_OF_ORDER.failure("amendment " + number + " is out of order: the next is "
                    + (lastTaken + 1));
        }
    }

    /**
     * The contract with {@code amendment} applied.
     *
     * @param lastBilledThrough the end of the last billed period, null when nothing was billed
     * @param capConsumed what has been invoiced against the cap
     * @throws ApplicationFailure a {@link BillingRefusal} failure when the amendment cannot apply
     */
    public static Contract apply(Contract contract, AmendmentRequest amendment, LocalDate lastBilledThrough,
            Money capConsumed) {
        if (amendment.effectiveFrom() == null) {
            throw BillingRefusal.INVALID.failure("effectiveFrom is required");
        }
        if (amendment.reason() == null || amendment.reason().isBlank()) {
            throw BillingRefusal.INVALID.failure("reason is required");
        }
        if (amendment.changesNothing()) {
            throw BillingRefusal.INVALID.failure("amendment " + amendment.number() + " changes nothing: give at least"
                    + " one of rateCard, capAmount, endDate, milestones, retainerMonthlyAmount");
        }
        LocalDate from = amendment.effectiveFrom();
        if (lastBilledThrough != null && !from.isAfter(lastBilledThrough)) {
            throw BillingRefusal.INSIDE_BILLED_PERIOD.failure("effectiveFrom " + from + " lies in a period already"
                    + " billed (through " + lastBilledThrough + "): that needs a credit, not a re-rate");
        }
        if (amendment.endDate() != null && lastBilledThrough != null
                && amendment.endDate().isBefore(lastBilledThrough)) {
            throw BillingRefusal.INSIDE_BILLED_PERIOD.failure("endDate " + amendment.endDate() + " lies before the"
                    + " end of the last billed period " + lastBilledThrough);
        }
        if (amendment.rateCard() != null) {
            checkHistoryKept(contract.rateCard(), amendment.rateCard(), from);
        }
        if (amendment.capAmount() != null && capConsumed != null
                && amendment.capAmount().currency().equals(capConsumed.currency())
                && amendment.capAmount().isLessThan(capConsumed)) {
            throw BillingRefusal.INVALID.failure("capAmount " + amendment.capAmount() + " is below what is already"
                    + " invoiced against the cap (" + capConsumed + ")");
        }
        try {
            return new Contract(contract.billingModel(), contract.value(), contract.startDate(),
                    amendment.endDate() != null ? amendment.endDate() : contract.endDate(),
                    amendment.capAmount() != null ? amendment.capAmount() : contract.notToExceed(),
                    amendment.rateCard() != null ? amendment.rateCard() : contract.rateCard(),
                    amendment.milestones() != null ? amendment.milestones() : contract.milestones(),
                    amendment.retainerMonthlyAmount() != null ? amendment.retainerMonthlyAmount()
                            : contract.retainerMonthlyAmount());
        } catch (RuntimeException invalid) { // the model's own checks (currency, dates, required parts)
            throw BillingRefusal.INVALID.failure(invalid.getMessage());
        }
    }

    /** The terms an amendment changes, by their API names. */
    public static List<String> changed(AmendmentRequest amendment) {
        List<String> changed = new ArrayList<>();
        if (amendment.rateCard() != null) {
            changed.add("rateCard");
        }
        if (amendment.capAmount() != null) {
            changed.add("capAmount");
        }
        if (amendment.endDate() != null) {
            changed.add("endDate");
        }
        if (amendment.milestones() != null) {
            changed.add("milestones");
        }
        if (amendment.retainerMonthlyAmount() != null) {
            changed.add("retainerMonthlyAmount");
        }
        return changed;
    }

    private static void checkHistoryKept(RateCard current, RateCard proposed, LocalDate from) {
        List<RateCardVersion> before = current == null ? List.of() : versionsBefore(current, from);
        List<RateCardVersion> proposedBefore = versionsBefore(proposed, from);
        if (!before.equals(proposedBefore)) {
            throw BillingRefusal.REWRITES_HISTORY.failure("the rate card changes versions in force before "
                    + "effectiveFrom " + from + ": keep " + before.size() + " earlier version(s) as they are and add"
                    + " the new rates from " + from);
        }
    }

    private static List<RateCardVersion> versionsBefore(RateCard card, LocalDate from) {
        return card.versions().stream().filter(v -> v.effectiveFrom().isBefore(from)).toList();
    }
}
