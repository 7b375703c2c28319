package dev.o2c.workflows.model;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/** Valid sample instances shared by the model tests. */
final class Samples {

    private Samples() {
    }

    static final LocalDate JAN_1 = LocalDate.of(2025, 1, 1);
    static final LocalDate JUL_1 = LocalDate.of(2025, 7, 1);
    static final LocalDate DEC_31 = LocalDate.of(2025, 12, 31);

    static Money eur(String amount) {
        return Money.of(amount, "EUR");
    }

    static Address address() {
        return new Address("Friedrichstrasse 1", "3rd floor", "Berlin", "10117", null, "DE");
    }

    static LegalEntity legalEntity() {
        return new LegalEntity("DE01", "o2c Consulting GmbH", "EUR");
    }

    static Customer customer() {
        return new Customer("ACC-1", "ACME GmbH", legalEntity(), "DE123456789", address(), "EUR", PaymentTerms.net(30));
    }

    static RateCard rateCard() {
        return RateCard.of(
                RateCardVersion.of(JAN_1, Rate.of("Consultant", "100", "EUR"), Rate.of("Manager", "150", "EUR")),
                RateCardVersion.of(JUL_1, Rate.of("Consultant", "110", "EUR"), Rate.of("Manager", "165", "EUR")));
    }

    static Milestone milestone() {
        return new Milestone("M1", "Blueprint signed off", eur("20000"), LocalDate.of(2025, 3, 31));
    }

    static Contract timeAndMaterials() {
        return new Contract(BillingModel.TIME_AND_MATERIALS, null, JAN_1, DEC_31, eur("250000"), rateCard(),
                List.of(), null);
    }

    static Contract fixedFee() {
        return new Contract(BillingModel.FIXED_FEE, eur("90000"), JAN_1, DEC_31, null, null, null, null);
    }

    static Contract milestoneContract() {
        return new Contract(BillingModel.MILESTONE, eur("50000"), JAN_1, DEC_31, null, null,
                List.of(milestone(), new Milestone(null, "Go-live", eur("30000"), LocalDate.of(2025, 9, 30))), null);
    }

    static Contract retainer() {
        return new Contract(BillingModel.RETAINER, null, JAN_1, DEC_31, null, null, null, eur("8000"));
    }

    static WorkBreakdown workBreakdown() {
        return WorkBreakdown.of(
                Phase.of("Discovery", new WbsTask("Workshops", new BigDecimal("40")), new WbsTask("Report", null)),
                Phase.of("Delivery", WbsTask.of("Build", "320.5")));
    }

    static Engagement engagement() {
        return new Engagement("OPP-1", "ACC-1", "ACME ERP rollout", customer(), timeAndMaterials(), workBreakdown(),
                "owner@example.com");
    }

    static TimeEntry timeEntry() {
        return new TimeEntry("T-1", "P-1", "alice", "Consultant", LocalDate.of(2025, 7, 2), new BigDecimal("7.50"),
                "Build", "Data migration");
    }

    static Expense expense() {
        return new Expense("E-1", "P-1", LocalDate.of(2025, 7, 3), "travel", eur("412.80"), "Train", true);
    }

    static InvoiceLine invoiceLine() {
        return InvoiceLine.of("Consultant, 7.5 h", new BigDecimal("7.5"), eur("110"));
    }

    static Invoice invoice() {
        return Invoice.draft("P-1", "ACC-1", LocalDate.of(2025, 7, 31), PaymentTerms.net(30),
                List.of(invoiceLine(), InvoiceLine.of("Travel", BigDecimal.ONE, eur("412.80"))));
    }

    static Payment payment() {
        return new Payment("PAY-1", "INV-1", eur("500"), LocalDate.of(2025, 8, 15), "SEPA 123");
    }

    static CreditMemo creditMemo() {
        return new CreditMemo(null, "INV-1", eur("412.80"), "Travel not billable", LocalDate.of(2025, 8, 20));
    }

    static ContractAmendment amendment() {
        return new ContractAmendment("P-1", 1, LocalDate.of(2025, 10, 1),
                RateCardVersion.of(LocalDate.of(2025, 10, 1), Rate.of("Consultant", "120", "EUR")),
                eur("300000"), List.of(new Milestone(null, "Hypercare", eur("5000"), LocalDate.of(2026, 1, 31))),
                LocalDate.of(2026, 3, 31), "Scope extension");
    }

    /** A complete, valid draft matching {@link #engagement()}. */
    static EngagementDraft draft() {
        return new EngagementDraft("OPP-1", "ACC-1", "ACME ERP rollout", "owner@example.com",
                new CustomerDraft("ACC-1", "ACME GmbH", new LegalEntityDraft("DE01", "o2c Consulting GmbH", "EUR"),
                        "DE123456789",
                        new AddressDraft("Friedrichstrasse 1", "3rd floor", "Berlin", "10117", null, "DE"),
                        "EUR", "30"),
                new ContractDraft("TIME_AND_MATERIALS", null, null, "2025-01-01", "2025-12-31", "250000", null,
                        List.of(
                                new RateCardVersionDraft("2025-07-01", List.of(new RateDraft("Consultant", "110"),
                                        new RateDraft("Manager", "165"))),
                                new RateCardVersionDraft("2025-01-01", List.of(new RateDraft("Consultant", "100"),
                                        new RateDraft("Manager", "150")))),
                        null),
                List.of(new PhaseDraft("Discovery", List.of(new WbsTaskDraft("Workshops", "40"),
                                new WbsTaskDraft("Report", null))),
                        new PhaseDraft("Delivery", List.of(new WbsTaskDraft("Build", "320.50")))));
    }
}
