package dev.o2c.activities.crm;

import static dev.o2c.activities.Fixtures.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.o2c.activities.ConnectorTestSupport;
import dev.o2c.workflows.common.FailureTypes;
import dev.o2c.workflows.model.BillingModel;
import dev.o2c.workflows.model.CustomerDraft;
import dev.o2c.workflows.model.Engagement;
import dev.o2c.workflows.model.EngagementDraft;
import dev.o2c.workflows.model.EngagementValidation;
import dev.o2c.workflows.model.EngagementValidationResult;
import dev.o2c.workflows.model.LegalEntityDraft;
import dev.o2c.workflows.model.Money;
import dev.o2c.workflows.systems.CrmActivities;
import dev.o2c.workflows.systems.CrmTask;
import dev.o2c.workflows.systems.DeliveryLinks;
import dev.o2c.workflows.systems.OpportunityRead;
import io.temporal.failure.ApplicationFailure;
import java.math.BigDecimal;
import java.time.LocalDate;
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
}
