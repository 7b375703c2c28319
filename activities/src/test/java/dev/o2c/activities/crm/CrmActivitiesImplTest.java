package dev.o2c.activities.crm;

import static dev.o2c.activities.Fixtures.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.o2c.activities.ConnectorTestSupport;
import dev.o2c.workflows.billing.AmendmentRequest;
import dev.o2c.workflows.common.FailureTypes;
import dev.o2c.workflows.model.BillingModel;
import dev.o2c.workflows.model.CustomerDraft;
import dev.o2c.workflows.model.Engagement;
import dev.o2c.workflows.model.EngagementDraft;
import dev.o2c.workflows.model.EngagementValidation;
import dev.o2c.workflows.model.EngagementValidationResult;
import dev.o2c.workflows.model.LegalEntityDraft;
import dev.o2c.workflows.model.Milestone;
import dev.o2c.workflows.model.Money;
import dev.o2c.workflows.model.Rate;
import dev.o2c.workflows.model.RateCard;
import dev.o2c.workflows.model.RateCardVersion;
import dev.o2c.workflows.systems.Ack;
import dev.o2c.workflows.systems.CrmActivities;
import dev.o2c.workflows.systems.CrmTask;
import dev.o2c.workflows.systems.DeliveryLinks;
import dev.o2c.workflows.systems.InvoiceStatusSync;
import dev.o2c.workflows.systems.OpportunityRead;
import io.temporal.failure.ApplicationFailure;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class CrmActivitiesImplTest extends ConnectorTestSupport {

    private static final String COMPLETE_ACCOUNT = """
            {"name":"Globex AG","ownerEmail":"owner@globex.example","legalEntity":"O2C-DE","currency":"EUR",
             "taxId":"DE811111111","paymentTermsDays":45,
             "billingAddress":{"line1":"Friedrichstraße 10","city":"Berlin","postalCode":"10117","country":"DE"}}""";

    private CrmActivities crm;

    @BeforeEach
    void register() {
        env.registerActivitiesImplementations(new CrmActivitiesImpl(clients));
        crm = stub(CrmActivities.class);
    }

    @Test
    void readsAWonOpportunityIntoADraftThatValidatesOnceTheErpFilledTheLegalEntity() {
        String account = sandbox.post("/crm/v1/accounts", COMPLETE_ACCOUNT).path("id").asString();
        String opportunity = wonOpportunity(account, """
                "billingModel":"TIME_AND_MATERIALS","amount":"90000.00","capAmount":"100000.00",
                "startDate":"2025-02-01","endDate":"2025-07-31",
                "rateCard":{"versions":[
                    {"effectiveFrom":"2025-05-01","rates":[{"role":"Consultant","hourlyRate":"130.00"}]},
                    {"effectiveFrom":"2025-01-01","rates":[{"role":"Consultant","hourlyRate":"120.00"},
                                                           {"role":"Architect","hourlyRate":"175.50"}]}]},
                "workBreakdown":{"phases":[{"name":"Discovery","tasks":[{"name":"Interviews","estimateHours":"16"},
                                                                        {"name":"Report","estimateHours":"8.50"}]},
                                           {"name":"Build","tasks":[{"name":"Pipelines"}]}]}""");

        OpportunityRead read = crm.readWonOpportunity(opportunity);

        EngagementDraft draft = read.draft();
        assertThat(read.attempt()).isEqualTo(1);
        assertThat(draft.opportunityId()).isEqualTo(opportunity);
        assertThat(draft.accountId()).isEqualTo(account);
        assertThat(draft.ownerEmail()).isEqualTo("owner@globex.example");
        // CRM knows the legal entity by its code only: name and functional currency are the ERP's (its own step)
        assertThat(draft.customer().legalEntity()).isEqualTo(new LegalEntityDraft("O2C-DE", null, null));
        assertThat(draft.customer().paymentTerms()).isEqualTo("45");
        assertThat(draft.contract().notToExceed()).isEqualTo("100000.00");
        assertThat(EngagementValidation.validate(draft).violations()).extracting(v -> v.field())
                .containsExactly("customer.legalEntity.functionalCurrency");

        // what the workflow's erp.readLegalEntity step fills in
        EngagementDraft filled = withLegalEntity(draft, new LegalEntityDraft("O2C-DE", "O2C Services GmbH", "EUR"));
        EngagementValidationResult result = EngagementValidation.validate(filled);
        assertThat(result.violations()).isEmpty();
        Engagement engagement = result.engagement();
        assertThat(engagement.customer().taxId()).isEqualTo("DE811111111");
        assertThat(engagement.customer().billingAddress().city()).isEqualTo("Berlin");
        assertThat(engagement.contract().billingModel()).isEqualTo(BillingModel.TIME_AND_MATERIALS);
        assertThat(engagement.contract().notToExceed()).isEqualTo(Money.of("100000.00", "EUR"));
        assertThat(engagement.contract().rateCard().rateFor("Architect", LocalDate.of(2025, 3, 1)))
                .contains(Money.of("175.50", "EUR"));
        assertThat(engagement.contract().rateCard().rateFor("Consultant", LocalDate.of(2025, 6, 1)))
                .contains(Money.of("130.00", "EUR"));
        assertThat(engagement.workBreakdown().totalEstimateHours()).isEqualByComparingTo(new BigDecimal("24.5"));
        assertThat(audit(opportunity)).extracting(row -> row.get("operation"))
                .containsExactly("GET /opportunities/{id}");
        // two CRM calls, and no call to the ERP (the CRM connector used to read GET /legal-entities)
        assertThat(auditOfThisTest()).extracting(row -> row.get("system") + " " + row.get("operation"))
                .containsExactly("crm GET /opportunities/{id}", "crm GET /accounts/{id}");
    }

    @Test
    void missingFinanceAttributesAreLeftForValidationToReport() {
        String account = sandbox.post("/crm/v1/accounts", """
                {"name":"Initech"}""").path("id").asString();
        String opportunity = wonOpportunity(account, """
                "billingModel":"MILESTONE",
                "milestones":[{"name":"Kick-off","amount":"5000.00","dueDate":"2025-03-01"},{"name":"Go-live","amount":"15000"}]""");

        EngagementDraft draft = crm.readWonOpportunity(opportunity).draft();

        assertThat(draft.customer().taxId()).isNull();
        assertThat(draft.customer().legalEntity()).isNull();
        assertThat(draft.customer().billingAddress()).isNull();
        assertThat(draft.contract().milestones()).hasSize(2);
        assertThat(draft.contract().milestones().get(1).dueDate()).isNull();
        EngagementValidationResult result = EngagementValidation.validate(draft);
        assertThat(result.isValid()).isFalse();
        assertThat(result.violations()).extracting(v -> v.field())
                .contains("customer.taxId", "customer.legalEntity", "customer.billingAddress");
    }

    @Test
    void anOpportunityThatIsNotWonIsAValidationFailure() {
        String account = sandbox.post("/crm/v1/accounts", COMPLETE_ACCOUNT).path("id").asString();
        String opportunity = sandbox.post("/crm/v1/opportunities", opportunityJson(account, """
                "billingModel":"FIXED_FEE","amount":"10000.00\"""")).path("id").asString();

        ApplicationFailure failure = failureOf(() -> crm.readWonOpportunity(opportunity));

        assertThat(failure.getType()).isEqualTo(FailureTypes.VALIDATION);
        assertThat(failure.isNonRetryable()).isTrue();
        assertThat(failure.getOriginalMessage()).isEqualTo("Opportunity " + opportunity + " is OPEN, not WON");
    }

    @Test
    void anUnknownOpportunityIsNotFound() {
        ApplicationFailure failure = failureOf(() -> crm.readWonOpportunity("opp_does_not_exist"));

        assertThat(failure.getType()).isEqualTo(FailureTypes.NOT_FOUND);
        assertThat(failure.isNonRetryable()).isTrue();
        assertThat(failure.getDetails().get(String.class)).contains("\"status\":404");
        assertThat(audit("opp_does_not_exist")).singleElement().satisfies(row -> assertThat(row)
                .containsEntry("system", "crm")
                .containsEntry("outcome", "FAILED")
                .containsEntry("http_status", 404));
    }

    @Test
    void writesDeliveryBackOnceAndRefusesALostOpportunity() {
        String account = sandbox.post("/crm/v1/accounts", COMPLETE_ACCOUNT).path("id").asString();
        String opportunity = wonOpportunity(account, "\"billingModel\":\"RETAINER\",\"retainerMonthlyAmount\":\"8000\"");
        String key = unique("wf") + "/crm.writeBack";
        DeliveryLinks links = new DeliveryLinks("prj_1", "cus_1", "eprj_1", "bp_1", "READY_FOR_BILLING");

        crm.writeBackDelivery(key, opportunity, links);
        crm.writeBackDelivery(key, opportunity, links);

        JsonNode delivery = sandbox.get("/crm/v1/opportunities/" + opportunity).path("delivery");
        assertThat(delivery.path("psaProjectId").asString()).isEqualTo("prj_1");
        assertThat(delivery.path("deliveryStatus").asString()).isEqualTo("READY_FOR_BILLING");
        assertThat(audit(key)).hasSize(2).allSatisfy(row -> assertThat(row).containsEntry("outcome", "SUCCEEDED"));

        String lost = sandbox.post("/crm/v1/opportunities", opportunityJson(account, "\"billingModel\":\"FIXED_FEE\""))
                .path("id").asString();
        sandbox.post("/crm/v1/opportunities/" + lost + "/lost", "{}");
        ApplicationFailure failure = failureOf(() -> crm.writeBackDelivery(unique("wf"), lost, links));
        assertThat(failure.getType()).isEqualTo(FailureTypes.CONFLICT);
        assertThat(failure.isNonRetryable()).isTrue();
    }

    @Test
    void createsOneTaskPerKey() {
        String account = sandbox.post("/crm/v1/accounts", COMPLETE_ACCOUNT).path("id").asString();
        String key = unique("wf") + "/crm.task";
        CrmTask task = new CrmTask(account, null, "Process aborted", "Nobody resolved the exception", "owner@globex.example");

        crm.createTask(key, task);
        crm.createTask(key, task);

        assertThat(sandbox.snapshot("crm", "tasks", "accountId", account)).singleElement()
                .satisfies(t -> assertThat(t.path("correlationId").asString()).isEqualTo(correlationId));
    }

    // ---- contract amendments

    private String wonTimeAndMaterials() {
        String account = sandbox.post("/crm/v1/accounts", COMPLETE_ACCOUNT).path("id").asString();
        return wonOpportunity(account, """
                "billingModel":"TIME_AND_MATERIALS","capAmount":"100000.00",
                "rateCard":{"versions":[{"effectiveFrom":"2025-01-01","rates":[{"role":"Consultant","hourlyRate":"120.00"}]}]}""");
    }

    @Test
    void readsACrmAmendmentAsAnAmendmentRequestInTheOpportunitysCurrency() {
        String opportunity = wonTimeAndMaterials();
        String amendmentId = sandbox.post("/crm/v1/opportunities/" + opportunity + "/amendments", """
                {"number":1,"effectiveFrom":"2025-06-01","reason":"Scope extension","capAmount":"150000",
                 "endDate":"2026-03-31","retainerMonthlyAmount":"2500.5",
                 "rateCard":{"versions":[
                    {"effectiveFrom":"2025-06-01","rates":[{"role":"Consultant","hourlyRate":"130"}]},
                    {"effectiveFrom":"2025-01-01","rates":[{"role":"Consultant","hourlyRate":"120.00"}]}]},
                 "milestones":[{"name":"Go-live","amount":"20000","dueDate":"2026-01-15"}]}""")
                .path("id").asString();

        AmendmentRequest read = crm.readAmendment(opportunity, 1);

        assertThat(read).isEqualTo(new AmendmentRequest(1, LocalDate.of(2025, 6, 1),
                RateCard.of(
                        RateCardVersion.of(LocalDate.of(2025, 1, 1), Rate.of("Consultant", "120.00", "EUR")),
                        RateCardVersion.of(LocalDate.of(2025, 6, 1), Rate.of("Consultant", "130.00", "EUR"))),
                Money.of("150000.00", "EUR"), LocalDate.of(2026, 3, 31),
                List.of(new Milestone(null, "Go-live", Money.of("20000.00", "EUR"), LocalDate.of(2026, 1, 15))),
                Money.of("2500.50", "EUR"), "Scope extension", "crm", AmendmentRequest.SOURCE_CRM, amendmentId));
        assertThat(read.crmAmendmentId()).startsWith("amd_");
    }

    @Test
    void aCrmAmendmentWithOneTermLeavesTheOthersAbsent() {
        String opportunity = wonTimeAndMaterials();
        sandbox.post("/crm/v1/opportunities/" + opportunity + "/amendments",
                "{\"number\":1,\"effectiveFrom\":\"2025-09-01\",\"endDate\":\"2026-06-30\"}");

        AmendmentRequest read = crm.readAmendment(opportunity, 1);

        assertThat(read.endDate()).isEqualTo(LocalDate.of(2026, 6, 30));
        assertThat(read.rateCard()).isNull();
        assertThat(read.capAmount()).isNull();
        assertThat(read.milestones()).isNull();
        assertThat(read.retainerMonthlyAmount()).isNull();
        assertThat(read.reason()).isNull();
        assertThat(read.changesNothing()).isFalse();
    }

    @Test
    void anUnknownAmendmentIsANonRetryableNotFound() {
        String opportunity = wonTimeAndMaterials();

        ApplicationFailure failure = failureOf(() -> crm.readAmendment(opportunity, 1));

        assertThat(failure.getType()).isEqualTo(FailureTypes.NOT_FOUND);
        assertThat(failure.isNonRetryable()).isTrue();
    }

    @Test
    void writesAnApiAmendmentOnceAndCountsTheNumberTheCrmHoldsAsDone() {
        String opportunity = wonTimeAndMaterials();
        AmendmentRequest amendment = new AmendmentRequest(1, LocalDate.of(2025, 7, 1),
                RateCard.of(
                        RateCardVersion.of(LocalDate.of(2025, 1, 1), Rate.of("Consultant", "120.00", "EUR")),
                        RateCardVersion.of(LocalDate.of(2025, 7, 1), Rate.of("Consultant", "135.00", "EUR"))),
                Money.of("120000", "EUR"), null,
                List.of(new Milestone(null, "Phase 2", Money.of("15000", "EUR"), LocalDate.of(2025, 12, 1))), null,
                "Rate increase", "ops@o2c.dev", AmendmentRequest.SOURCE_API, null);
        String key = unique("wf") + ":crm.writeAmendment";

        Ack first = crm.writeAmendment(key, opportunity, amendment);
        Ack replayed = crm.writeAmendment(key, opportunity, amendment);
        Ack otherKey = crm.writeAmendment(unique("wf"), opportunity, amendment);

        assertThat(first.attempt()).isEqualTo(1);
        assertThat(replayed).isEqualTo(first);
        assertThat(otherKey.attempt()).isEqualTo(1);
        JsonNode stored = sandbox.get("/crm/v1/opportunities/" + opportunity + "/amendments");
        assertThat(stored.size()).isEqualTo(1);
        JsonNode written = stored.get(0);
        assertThat(written.path("number").asInt()).isEqualTo(1);
        assertThat(written.path("effectiveFrom").asString()).isEqualTo("2025-07-01");
        assertThat(written.path("capAmount").asString()).isEqualTo("120000.00");
        assertThat(written.path("endDate").isNull() || written.path("endDate").isMissingNode()).isTrue();
        assertThat(written.path("reason").asString()).isEqualTo("Rate increase");
        assertThat(written.path("rateCard").path("versions").get(1).path("rates").get(0).path("hourlyRate")
                .asString()).isEqualTo("135.00");
        assertThat(written.path("milestones").get(0).path("name").asString()).isEqualTo("Phase 2");
        // what o2c wrote reads back as the same terms
        AmendmentRequest readBack = crm.readAmendment(opportunity, 1);
        assertThat(readBack.rateCard()).isEqualTo(amendment.rateCard());
        assertThat(readBack.milestones()).isEqualTo(amendment.milestones());
        assertThat(readBack.capAmount()).isEqualTo(amendment.capAmount());
    }

    @Test
    void anAmendmentOutOfSequenceOrOnAnOpenOpportunityIsAConflict() {
        String opportunity = wonTimeAndMaterials();
        AmendmentRequest third = new AmendmentRequest(3, LocalDate.of(2025, 7, 1), null, null,
                LocalDate.of(2026, 1, 31), null, null, "skip", null, null, null);

        ApplicationFailure skipped = failureOf(() -> crm.writeAmendment(unique("wf"), opportunity, third));
        String account = sandbox.post("/crm/v1/accounts", COMPLETE_ACCOUNT).path("id").asString();
        String open = sandbox.post("/crm/v1/opportunities", opportunityJson(account, "\"billingModel\":\"FIXED_FEE\""))
                .path("id").asString();
        AmendmentRequest first = new AmendmentRequest(1, LocalDate.of(2025, 7, 1), null, null,
                LocalDate.of(2026, 1, 31), null, null, "open", null, null, null);
        ApplicationFailure notWon = failureOf(() -> crm.writeAmendment(unique("wf"), open, first));

        assertThat(skipped.getType()).isEqualTo(FailureTypes.CONFLICT);
        assertThat(skipped.isNonRetryable()).isTrue();
        assertThat(skipped.getOriginalMessage()).contains("out of sequence");
        assertThat(notWon.getType()).isEqualTo(FailureTypes.CONFLICT);
    }

    private static EngagementDraft withLegalEntity(EngagementDraft d, LegalEntityDraft entity) {
        CustomerDraft c = d.customer();
        return new EngagementDraft(d.opportunityId(), d.accountId(), d.name(), d.ownerEmail(),
                new CustomerDraft(c.externalId(), c.name(), entity, c.taxId(), c.billingAddress(), c.currency(),
                        c.paymentTerms()),
                d.contract(), d.workBreakdown());
    }

    private String wonOpportunity(String account, String terms) {
        String id = sandbox.post("/crm/v1/opportunities", opportunityJson(account, terms)).path("id").asString();
        sandbox.post("/crm/v1/opportunities/" + id + "/won", "{}");
        return id;
    }

    private static String opportunityJson(String account, String terms) {
        return """
                {"accountId":"%s","name":"Data platform","currency":"EUR",
                 "startDate":"2025-02-01","endDate":"2025-12-31",%s}""".formatted(account, terms);
    }

    // ---- invoice-to-cash

    @Test
    void aTaskWithoutAssigneeGoesToTheAccountOwner() {
        String account = sandbox.post("/crm/v1/accounts", COMPLETE_ACCOUNT).path("id").asString();

        crm.createTask(unique("wf"), new CrmTask(account, null, "Invoice INV-1 overdue", "Stage 3", null));
        crm.createTask(unique("wf"), new CrmTask(account, null, "Invoice INV-2 overdue", "Stage 3", " "));
        crm.createTask(unique("wf"), new CrmTask(account, null, "Explicit", null, "finance@o2c.example"));

        assertThat(sandbox.snapshot("crm", "tasks", "accountId", account))
                .extracting(t -> t.path("subject").asString() + " → " + t.path("assignee").asString())
                .containsExactlyInAnyOrder("Invoice INV-1 overdue → owner@globex.example",
                        "Invoice INV-2 overdue → owner@globex.example", "Explicit → finance@o2c.example");
        assertThat(auditOfThisTest()).extracting(row -> row.get("operation"))
                .containsExactly("GET /accounts/{id}", "POST /tasks", "GET /accounts/{id}", "POST /tasks",
                        "POST /tasks");
    }

    @Test
    void aTaskForAnAccountWithoutOwnerStaysUnassignedAndAnUnknownAccountIsInvalidAsBefore() {
        String account = sandbox.post("/crm/v1/accounts", """
                {"name":"Initech"}""").path("id").asString();

        crm.createTask(unique("wf"), new CrmTask(account, null, "Invoice overdue", null, null));
        ApplicationFailure unknown = failureOf(
                () -> crm.createTask(unique("wf"), new CrmTask("acc_missing", null, "Invoice overdue", null, null)));

        assertThat(sandbox.snapshot("crm", "tasks", "accountId", account)).singleElement()
                .satisfies(t -> assertThat(t.path("assignee").isNull() || t.path("assignee").isMissingNode())
                        .isTrue());
        assertThat(unknown.getType()).isEqualTo(FailureTypes.VALIDATION);
        assertThat(unknown.isNonRetryable()).isTrue();
    }

    @Test
    void syncsTheInvoiceStatusOntoTheOpportunityByInvoiceRef() {
        String opportunity = wonTimeAndMaterials();
        String invoiceRef = unique("INV");
        String key = unique("wf") + ":crm.syncInvoiceStatus";
        InvoiceStatusSync sent = new InvoiceStatusSync(invoiceRef, "SENT", Money.of("1658.40", "EUR"),
                Money.of("1658.40", "EUR"), LocalDate.of(2026, 3, 30));

        Ack first = crm.syncInvoiceStatus(key, opportunity, sent);
        Ack replayed = crm.syncInvoiceStatus(key, opportunity, sent);
        crm.syncInvoiceStatus(unique("wf"), opportunity, new InvoiceStatusSync(invoiceRef, "PARTIALLY_PAID",
                Money.of("1658.40", "EUR"), Money.of("658.4", "EUR"), LocalDate.of(2026, 3, 30)));

        assertThat(first.attempt()).isEqualTo(1);
        assertThat(replayed).isEqualTo(first);
        assertThat(sandbox.snapshot("crm", "opportunityInvoices", "opportunityId", opportunity)).singleElement()
                .satisfies(i -> {
                    assertThat(i.path("invoiceRef").asString()).isEqualTo(invoiceRef);
                    assertThat(i.path("status").asString()).isEqualTo("PARTIALLY_PAID");
                    assertThat(i.path("total").asString()).isEqualTo("1658.40");
                    assertThat(i.path("balance").asString()).isEqualTo("658.40");
                    assertThat(i.path("currency").asString()).isEqualTo("EUR");
                    assertThat(i.path("dueDate").asString()).isEqualTo("2026-03-30");
                });
        assertThat(audit(key)).extracting(row -> row.get("http_status")).containsExactly(201, 201);
    }

    @Test
    void anInvoiceStatusOnAnOpportunityNotWonIsAConflict() {
        String account = sandbox.post("/crm/v1/accounts", COMPLETE_ACCOUNT).path("id").asString();
        String open = sandbox.post("/crm/v1/opportunities", opportunityJson(account, "\"billingModel\":\"FIXED_FEE\""))
                .path("id").asString();
        InvoiceStatusSync status = new InvoiceStatusSync(unique("INV"), "SENT", Money.of("100.00", "EUR"),
                Money.of("100.00", "EUR"), null);

        ApplicationFailure notWon = failureOf(() -> crm.syncInvoiceStatus(unique("wf"), open, status));
        ApplicationFailure unknown = failureOf(() -> crm.syncInvoiceStatus(unique("wf"), "opp_missing", status));

        assertThat(notWon.getType()).isEqualTo(FailureTypes.CONFLICT);
        assertThat(notWon.isNonRetryable()).isTrue();
        assertThat(unknown.getType()).isEqualTo(FailureTypes.NOT_FOUND);
        assertThat(sandbox.snapshot("crm", "opportunityInvoices", "opportunityId", open)).isEmpty();
    }

    @Test
    void aBalanceInAnotherCurrencyThanTheTotalIsInvalidWithoutACall() {
        String opportunity = wonTimeAndMaterials();
        String key = unique("wf");

        ApplicationFailure failure = failureOf(() -> crm.syncInvoiceStatus(key, opportunity, new InvoiceStatusSync(
                unique("INV"), "SENT", Money.of("100.00", "EUR"), Money.of("100.00", "USD"), null)));

        assertThat(failure.getType()).isEqualTo(FailureTypes.VALIDATION);
        assertThat(failure.isNonRetryable()).isTrue();
        assertThat(audit(key)).isEmpty();
    }
}
