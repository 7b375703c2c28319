package dev.o2c.workflows.opportunity;

import dev.o2c.workflows.model.AddressDraft;
import dev.o2c.workflows.model.ContractDraft;
import dev.o2c.workflows.model.CustomerDraft;
import dev.o2c.workflows.model.Engagement;
import dev.o2c.workflows.model.EngagementDraft;
import dev.o2c.workflows.model.EngagementValidation;
import dev.o2c.workflows.model.LegalEntityDraft;
import dev.o2c.workflows.model.PhaseDraft;
import dev.o2c.workflows.model.RateCardVersionDraft;
import dev.o2c.workflows.model.RateDraft;
import dev.o2c.workflows.model.WbsTaskDraft;
import java.util.List;

/**
 * A won opportunity, valid or lacking finance attributes: as the workflow validates it ({@code validDraft}, legal
 * entity complete) and as CRM returns it ({@code crm...}: the legal entity by its code only, the ERP knows the rest).
 */
final class OpportunityFixtures {

    static final String OPPORTUNITY_ID = "OPP-1";
    static final String ACCOUNT_ID = "ACC-1";
    static final String OWNER_EMAIL = "owner@example.com";
    static final String LEGAL_ENTITY_CODE = "DE01";
    /** The legal entity as the ERP returns it. */
    static final LegalEntityDraft LEGAL_ENTITY = new LegalEntityDraft(LEGAL_ENTITY_CODE, "o2c Consulting GmbH", "EUR");

    private OpportunityFixtures() {}

    static EngagementDraft validDraft() {
        return draft("DE123456789", LEGAL_ENTITY);
    }

    /** {@link #validDraft} as CRM returns it. */
    static EngagementDraft crmDraft() {
        return draft("DE123456789", codeOnly());
    }

    /** The same opportunity as CRM returns it, without the customer's tax id: finance attributes invalid. */
    static EngagementDraft crmDraftWithoutTaxId() {
        return draft(null, codeOnly());
    }

    private static LegalEntityDraft codeOnly() {
        return new LegalEntityDraft(LEGAL_ENTITY_CODE, null, null);
    }

    static Engagement engagement() {
        return EngagementValidation.validate(validDraft()).engagement();
    }

    private static EngagementDraft draft(String taxId, LegalEntityDraft legalEntity) {
        return new EngagementDraft(OPPORTUNITY_ID, ACCOUNT_ID, "ACME ERP rollout", OWNER_EMAIL,
                new CustomerDraft(ACCOUNT_ID, "ACME GmbH", legalEntity, taxId,
                        new AddressDraft("Friedrichstrasse 1", "3rd floor", "Berlin", "10117", null, "DE"),
                        "EUR", "Net 30"),
                new ContractDraft("T&M", null, null, "2025-01-01", "2025-12-31", "250000", null,
                        List.of(new RateCardVersionDraft("2025-01-01", List.of(new RateDraft("Consultant", "100"),
                                new RateDraft("Manager", "150")))),
                        null),
                List.of(new PhaseDraft("Discovery", List.of(new WbsTaskDraft("Workshops", "40"))),
                        new PhaseDraft("Delivery", List.of(new WbsTaskDraft("Build", "320.50")))));
    }
}
