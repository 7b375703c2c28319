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

/** A won opportunity as CRM returns it, valid or lacking finance attributes. */
final class OpportunityFixtures {

    static final String OPPORTUNITY_ID = "OPP-1";
    static final String ACCOUNT_ID = "ACC-1";
    static final String OWNER_EMAIL = "owner@example.com";

    private OpportunityFixtures() {}

    static EngagementDraft validDraft() {
        return draft("DE123456789");
    }

    /** The same opportunity without the customer's tax id: finance attributes invalid. */
    static EngagementDraft draftWithoutTaxId() {
        return draft(null);
    }

    static Engagement engagement() {
        return EngagementValidation.validate(validDraft()).engagement();
    }

    private static EngagementDraft draft(String taxId) {
        return new EngagementDraft(OPPORTUNITY_ID, ACCOUNT_ID, "ACME ERP rollout", OWNER_EMAIL,
                new CustomerDraft(ACCOUNT_ID, "ACME GmbH", new LegalEntityDraft("DE01", "o2c Consulting GmbH", "EUR"),
                        taxId,
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
