package dev.o2c.activities.crm;

import static dev.o2c.activities.http.JsonFields.list;
import static dev.o2c.activities.http.JsonFields.object;
import static dev.o2c.activities.http.JsonFields.text;

import dev.o2c.workflows.model.AddressDraft;
import dev.o2c.workflows.model.ContractDraft;
import dev.o2c.workflows.model.CustomerDraft;
import dev.o2c.workflows.model.EngagementDraft;
import dev.o2c.workflows.model.LegalEntityDraft;
import dev.o2c.workflows.model.MilestoneDraft;
import dev.o2c.workflows.model.PhaseDraft;
import dev.o2c.workflows.model.RateCardVersionDraft;
import dev.o2c.workflows.model.RateDraft;
import dev.o2c.workflows.model.WbsTaskDraft;
import tools.jackson.databind.JsonNode;

/**
 * CRM opportunity + account JSON → {@link EngagementDraft}. Lenient by design: whatever is missing or malformed stays
 * {@code null} (or as the raw text) for {@code EngagementValidation} to report, field by field; nothing here throws.
 */
final class OpportunityMapper {

    private OpportunityMapper() {}

    /**
     * @param opportunity the CRM opportunity
     * @param account its account, null when the opportunity names none
     */
    static EngagementDraft toDraft(JsonNode opportunity, JsonNode account) {
        return new EngagementDraft(
                text(opportunity, "id"),
                text(opportunity, "accountId"),
                text(opportunity, "name"),
                text(account, "ownerEmail"),
                account == null ? null : customer(account),
                contract(opportunity),
                list(object(opportunity, "workBreakdown"), "phases", OpportunityMapper::phase));
    }

    private static CustomerDraft customer(JsonNode account) {
        String legalEntity = text(account, "legalEntity");
        JsonNode address = object(account, "billingAddress");
        return new CustomerDraft(
                text(account, "id"),
                text(account, "name"),
                // CRM knows only the entity's code; its name and functional currency are ERP reference data, read
                // by the workflow's erp.readLegalEntity step
                legalEntity == null ? null : new LegalEntityDraft(legalEntity, null, null),
                text(account, "taxId"),
                address == null ? null : new AddressDraft(
                        text(address, "line1"),
                        text(address, "line2"),
                        text(address, "city"),
                        text(address, "postalCode"),
                        text(address, "region"),
                        text(address, "country")),
                text(account, "currency"),
                text(account, "paymentTermsDays"));
    }

    private static ContractDraft contract(JsonNode opportunity) {
        return new ContractDraft(
                text(opportunity, "billingModel"),
                text(opportunity, "currency"),
                text(opportunity, "amount"),
                text(opportunity, "startDate"),
                text(opportunity, "endDate"),
                text(opportunity, "capAmount"),
                text(opportunity, "retainerMonthlyAmount"),
                list(object(opportunity, "rateCard"), "versions", OpportunityMapper::rateCardVersion),
                list(opportunity, "milestones", OpportunityMapper::milestone));
    }

    private static RateCardVersionDraft rateCardVersion(JsonNode version) {
        return new RateCardVersionDraft(
                text(version, "effectiveFrom"),
                list(version, "rates", rate -> new RateDraft(text(rate, "role"), text(rate, "hourlyRate"))));
    }

    private static MilestoneDraft milestone(JsonNode milestone) {
        return new MilestoneDraft(
                text(milestone, "id"), text(milestone, "name"), text(milestone, "amount"), text(milestone, "dueDate"));
    }

    private static PhaseDraft phase(JsonNode phase) {
        return new PhaseDraft(
                text(phase, "name"),
                list(phase, "tasks", task -> new WbsTaskDraft(text(task, "name"), text(task, "estimateHours"))));
    }
}
