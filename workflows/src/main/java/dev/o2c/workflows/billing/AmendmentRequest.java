package dev.o2c.workflows.billing;

import dev.o2c.workflows.model.Milestone;
import dev.o2c.workflows.model.Money;
import dev.o2c.workflows.model.RateCard;
import java.time.LocalDate;
import java.util.List;

/**
 * A numbered change to a project's contract terms, the input of the {@code amend} update. Absent terms stay as they
 * are; present ones replace the contract's: {@code rateCard} is the complete card (versions in force before
 * {@code effectiveFrom} must be unchanged), {@code milestones} the complete list (milestones already billed must stay
 * as they were).
 *
 * @param number the last accepted amendment's number + 1 (the first is 1)
 * @param effectiveFrom the first day the change applies to; must lie after the last billed period
 * @param rateCard the complete effective-dated rate card, or null
 * @param capAmount the new not-to-exceed amount, or null
 * @param endDate the new contract end date, or null
 * @param milestones the complete milestone list, or null
 * @param retainerMonthlyAmount the new monthly retainer, or null
 * @param reason why (audit trail)
 * @param actor who asked for it (audit trail)
 * @param source {@code api} (then o2c writes it back to the CRM) or {@code crm} (it came from there)
 * @param crmAmendmentId the CRM's amendment id when it came from the CRM, else null
 */
public record AmendmentRequest(
        int number,
        LocalDate effectiveFrom,
        RateCard rateCard,
        Money capAmount,
        LocalDate endDate,
        List<Milestone> milestones,
        Money retainerMonthlyAmount,
        String reason,
        String actor,
        String source,
        String crmAmendmentId) {

    public static final String SOURCE_API = "api";
    public static final String SOURCE_CRM = "crm";

    public AmendmentRequest {
        milestones = milestones == null ? null : List.copyOf(milestones);
        actor = actor == null || actor.isBlank() ? "operator" : actor;
        source = source == null || source.isBlank() ? SOURCE_API : source;
    }

    /** True when no term is given. */
    public boolean changesNothing() {
        return rateCard == null && capAmount == null && endDate == null && milestones == null
                && retainerMonthlyAmount == null;
    }
}
