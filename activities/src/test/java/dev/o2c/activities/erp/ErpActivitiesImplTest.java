package dev.o2c.activities.erp;

import static dev.o2c.activities.Fixtures.customer;
import static dev.o2c.activities.Fixtures.customerWithLegalEntity;
import static dev.o2c.activities.Fixtures.engagement;
import static dev.o2c.activities.Fixtures.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.o2c.activities.ConnectorTestSupport;
import dev.o2c.workflows.common.FailureTypes;
import dev.o2c.workflows.model.Customer;
import dev.o2c.workflows.model.LegalEntityDraft;
import dev.o2c.workflows.model.Money;
import dev.o2c.workflows.systems.Ack;
import dev.o2c.workflows.systems.Created;
import dev.o2c.workflows.systems.CustomerUpserted;
import dev.o2c.workflows.systems.ErpActivities;
import dev.o2c.workflows.systems.LegalEntityRead;
import dev.o2c.workflows.systems.ReceivableRead;
import dev.o2c.workflows.systems.TaxRateRead;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ErpActivitiesImplTest extends ConnectorTestSupport {

    private ErpActivities erp;

    @BeforeEach
    void register() {
        env.registerActivitiesImplementations(new ErpActivitiesImpl(clients));
        erp = stub(ErpActivities.class);
    }

    @Test
    void readsALegalEntityByCode() {
        LegalEntityRead read = erp.readLegalEntity("O2C-DE");

        assertThat(read.legalEntity()).isEqualTo(new LegalEntityDraft("O2C-DE", "O2C Services GmbH", "EUR"));
        assertThat(read.attempt()).isEqualTo(1);
        assertThat(auditOfThisTest()).singleElement().satisfies(row -> assertThat(row)
                .containsEntry("system", "erp")
                .containsEntry("operation", "GET /legal-entities")
                .containsEntry("step", "Erp.ReadLegalEntity")
                .containsEntry("object_ref", "O2C-DE")
                .containsEntry("outcome", "SUCCEEDED"));
    }

    @Test
    void aLegalEntityUnknownToTheErpIsNoEntityNotAFailure() {
        LegalEntityRead read = erp.readLegalEntity("O2C-XX");

        assertThat(read.legalEntity()).isNull();
        assertThat(read.attempt()).isEqualTo(1);
        assertThat(auditOfThisTest()).singleElement()
                .satisfies(row -> assertThat(row).containsEntry("object_ref", "O2C-XX"));
    }

    @Test
    void aBlankLegalEntityCodeAsksTheErpNothing() {
        assertThat(erp.readLegalEntity(null).legalEntity()).isNull();
        assertThat(erp.readLegalEntity(" ").legalEntity()).isNull();
        assertThat(auditOfThisTest()).isEmpty();
    }

    @Test
    void upsertCreatesTheCustomerOnceForTheSameKey() {
        String account = unique("acc");
        String key = unique("wf") + "/erp.upsertCustomer";

        CustomerUpserted first = erp.upsertCustomer(key, customer(account));
        CustomerUpserted again = erp.upsertCustomer(key, customer(account));

        assertThat(first.erpCustomerId()).startsWith("cus_");
        assertThat(first.created()).isTrue();
        assertThat(first.attempt()).isEqualTo(1);
        assertThat(again).isEqualTo(first);
        List<JsonNode> customers = sandbox.snapshot("erp", "customers", "externalId", account);
        assertThat(customers).hasSize(1);
        assertThat(customers.getFirst().path("correlationId").asString()).isEqualTo(correlationId);
        assertThat(customers.getFirst().path("taxId").asString()).isEqualTo("DE123456789");
        assertThat(customers.getFirst().path("billingAddress").path("city").asString()).isEqualTo("Berlin");

        List<Map<String, Object>> audit = audit(key);
        assertThat(audit).hasSize(2).allSatisfy(row -> assertThat(row)
                .containsEntry("system", "erp")
                .containsEntry("operation", "POST /customers")
                .containsEntry("step", "Erp.UpsertCustomer")
                .containsEntry("object_ref", account)
                .containsEntry("outcome", "SUCCEEDED")
                .containsEntry("http_status", 201)
                .containsEntry("attempt", 1)
                .containsEntry("correlation_id", correlationId));
    }

    @Test
    void upsertOfAnExistingCustomerReportsNotCreated() {
        String account = unique("acc");
        CustomerUpserted existing = erp.upsertCustomer(unique("other"), customer(account));

        CustomerUpserted upserted = erp.upsertCustomer(unique("wf"), customer(account));

        assertThat(upserted.created()).isFalse();
        assertThat(upserted.erpCustomerId()).isEqualTo(existing.erpCustomerId());
    }

    @Test
    void badRequestIsANonRetryableValidationFailure() {
        String account = unique("acc");
        String key = unique("wf");

        ApplicationFailure failure = failureOf(() -> erp.upsertCustomer(key, customerWithLegalEntity(account, "O2C-XX")));

        assertThat(failure.getType()).isEqualTo(FailureTypes.VALIDATION);
        assertThat(failure.isNonRetryable()).isTrue();
        assertThat(failure.getOriginalMessage()).contains("Validation failed").contains("legalEntity");
        assertThat(failure.getDetails().get(String.class)).contains("\"errors\"").contains("O2C-XX");
        assertThat(audit(key)).singleElement().satisfies(row -> assertThat(row)
                .containsEntry("outcome", "FAILED").containsEntry("http_status", 400));
    }

    @Test
    void projectForAnUnknownCustomerIsAValidationFailure() {
        ApplicationFailure failure = failureOf(
                () -> erp.createProject(unique("wf"), engagement(unique("opp"), unique("acc")), "cus_nope", "prj_1"));

        assertThat(failure.getType()).isEqualTo(FailureTypes.VALIDATION);
        assertThat(failure.isNonRetryable()).isTrue();
        assertThat(failure.getOriginalMessage()).contains("unknown customer cus_nope");
    }

    @Test
    void projectForAnInactiveCustomerIsAConflict() {
        String account = unique("acc");
        String upsertKey = unique("wf");
        CustomerUpserted customer = erp.upsertCustomer(upsertKey, customer(account));
        erp.deactivateCustomerIfCreated(unique("wf"), upsertKey, customer(account));

        ApplicationFailure failure = failureOf(() -> erp.createProject(unique("wf"),
                engagement(unique("opp"), account), customer.erpCustomerId(), "prj_1"));

        assertThat(failure.getType()).isEqualTo(FailureTypes.CONFLICT);
        assertThat(failure.isNonRetryable()).isTrue();
    }

    @Test
    void permanentRejectionIsRejected() {
        sandbox.fault("""
                {"system":"erp","operation":"customers.upsert","mode":"PERMANENT","times":1}""");

        ApplicationFailure failure = failureOf(() -> erp.upsertCustomer(unique("wf"), customer(unique("acc"))));

        assertThat(failure.getType()).isEqualTo(FailureTypes.REJECTED);
        assertThat(failure.isNonRetryable()).isTrue();
        assertThat(failure.getOriginalMessage()).contains("Injected permanent rejection");
    }

    @Test
    void aKeyReusedForAnotherRequestIsANonRetryableIntegrationFailure() {
        String key = unique("wf");
        erp.upsertCustomer(key, customer(unique("acc")));

        ApplicationFailure failure = failureOf(() -> erp.upsertCustomer(key, customer(unique("acc"))));

        assertThat(failure.getType()).isEqualTo(FailureTypes.INTEGRATION);
        assertThat(failure.isNonRetryable()).isTrue();
        assertThat(failure.getOriginalMessage()).contains("idempotency key reused").contains("HTTP 422");
        assertThat(audit(key)).extracting(row -> row.get("outcome") + "/" + row.get("http_status"))
                .containsExactly("SUCCEEDED/201", "FAILED/422");
    }

    @Test
    void rejectedCredentialsAreANonRetryableIntegrationFailure() {
        sandbox.fault("""
                {"system":"erp","operation":"customers.upsert","mode":"PERMANENT","times":1,"status":401}""");

        ApplicationFailure failure = failureOf(() -> erp.upsertCustomer(unique("wf"), customer(unique("acc"))));

        assertThat(failure.getType()).isEqualTo(FailureTypes.INTEGRATION);
        assertThat(failure.isNonRetryable()).isTrue();
        assertThat(failure.getOriginalMessage()).startsWith("Integration error (credentials rejected)");
    }

    @Test
    void transientFailureIsRetryableAndTheRetrySucceedsWithoutDuplicating() {
        sandbox.fault("""
                {"system":"erp","operation":"customers.upsert","mode":"TRANSIENT","times":1,"retryAfterSeconds":0}""");
        String account = unique("acc");
        String key = unique("wf");

        ApplicationFailure failure = failureOf(() -> erp.upsertCustomer(key, customer(account)));
        assertThat(failure.getType()).isEqualTo(FailureTypes.TRANSIENT);
        assertThat(failure.isNonRetryable()).isFalse();

        // what Temporal does next (TestActivityEnvironment does not retry by itself; see RetryThroughTemporalTest)
        CustomerUpserted upserted = erp.upsertCustomer(key, customer(account));

        assertThat(upserted.created()).isTrue();
        assertThat(sandbox.snapshot("erp", "customers", "externalId", account)).hasSize(1);
        assertThat(audit(key)).extracting(row -> row.get("outcome") + "/" + row.get("http_status"))
                .containsExactly("RETRYABLE_FAILURE/503", "SUCCEEDED/201");
    }

    @Test
    void unavailableHonoursRetryAfter() {
        sandbox.fault("""
                {"system":"erp","operation":"customers.upsert","mode":"TRANSIENT","times":1,"retryAfterSeconds":4}""");

        ApplicationFailure failure = failureOf(() -> erp.upsertCustomer(unique("wf"), customer(unique("acc"))));

        assertThat(failure.getType()).isEqualTo(FailureTypes.TRANSIENT);
        assertThat(failure.getNextRetryDelay()).isEqualTo(Duration.ofSeconds(4));
    }

    @Test
    void rateLimitIsRetryableAfterRetryAfter() {
        sandbox.fault("""
                {"system":"erp","operation":"customers.upsert","mode":"RATE_LIMIT","times":1,"retryAfterSeconds":7}""");
        String key = unique("wf");

        ApplicationFailure failure = failureOf(() -> erp.upsertCustomer(key, customer(unique("acc"))));

        assertThat(failure.getType()).isEqualTo(FailureTypes.TRANSIENT);
        assertThat(failure.isNonRetryable()).isFalse();
        assertThat(failure.getNextRetryDelay()).isEqualTo(Duration.ofSeconds(7));
        assertThat(audit(key)).singleElement().satisfies(row -> assertThat(row)
                .containsEntry("outcome", "RETRYABLE_FAILURE").containsEntry("http_status", 429));
    }

    @Test
    void answerSlowerThanTheReadTimeoutIsRetryable() {
        sandbox.fault("""
                {"system":"erp","operation":"customers.upsert","mode":"LATENCY","times":1,"latencyMs":%d}"""
                .formatted(READ_TIMEOUT.plusSeconds(1).toMillis()));
        String account = unique("acc");
        String key = unique("wf");

        ApplicationFailure failure = failureOf(() -> erp.upsertCustomer(key, customer(account)));

        assertThat(failure.getType()).isEqualTo(FailureTypes.TRANSIENT);
        assertThat(failure.isNonRetryable()).isFalse();
        assertThat(failure.getOriginalMessage()).contains("No answer").contains("imeout");
        assertThat(audit(key)).singleElement().satisfies(row -> assertThat(row)
                .containsEntry("outcome", "RETRYABLE_FAILURE").containsEntry("http_status", null));

        // the slow call went through after all: the retry (same key) answers it, nothing is duplicated
        CustomerUpserted retried = erp.upsertCustomer(key, customer(account));
        assertThat(sandbox.snapshot("erp", "customers", "externalId", account)).singleElement()
                .satisfies(c -> assertThat(c.path("id").asString()).isEqualTo(retried.erpCustomerId()));
    }

    @Test
    void compensationDeactivatesACustomerThisProcessCreatedOnce() {
        String account = unique("acc");
        String upsertKey = unique("wf") + "/erp.upsertCustomer";
        String compensationKey = upsertKey + "/compensate";
        Customer customer = customer(account);
        erp.upsertCustomer(upsertKey, customer);

        erp.deactivateCustomerIfCreated(compensationKey, upsertKey, customer);
        erp.deactivateCustomerIfCreated(compensationKey, upsertKey, customer);

        assertThat(sandbox.snapshot("erp", "customers", "externalId", account)).singleElement()
                .satisfies(c -> assertThat(c.path("status").asString()).isEqualTo("INACTIVE"));
        assertThat(audit(compensationKey)).extracting(row -> row.get("operation"))
                .containsExactly("POST /customers/{id}/deactivate");
    }

    @Test
    void compensationLeavesAPreExistingCustomerActive() {
        String account = unique("acc");
        erp.upsertCustomer(unique("crm-sync"), customer(account));
        String upsertKey = unique("wf");
        Customer customer = customer(account);
        assertThat(erp.upsertCustomer(upsertKey, customer).created()).isFalse();

        erp.deactivateCustomerIfCreated(unique("wf"), upsertKey, customer);

        assertThat(sandbox.snapshot("erp", "customers", "externalId", account)).singleElement()
                .satisfies(c -> assertThat(c.path("status").asString()).isEqualTo("ACTIVE"));
    }

    @Test
    void compensationOfAnUpsertThatNeverRanDoesNothing() {
        String account = unique("acc");

        erp.deactivateCustomerIfCreated(unique("wf"), unique("wf"), customer(account));

        assertThat(sandbox.snapshot("erp", "customers", "externalId", account)).isEmpty();
    }

    @Test
    void compensationOfARejectedUpsertDoesNothing() {
        String account = unique("acc");
        erp.upsertCustomer(unique("crm-sync"), customer(account));
        String upsertKey = unique("wf");
        Customer invalid = customerWithLegalEntity(account, "O2C-XX");
        failureOf(() -> erp.upsertCustomer(upsertKey, invalid));

        erp.deactivateCustomerIfCreated(unique("wf"), upsertKey, invalid);

        assertThat(sandbox.snapshot("erp", "customers", "externalId", account)).singleElement()
                .satisfies(c -> assertThat(c.path("status").asString()).isEqualTo("ACTIVE"));
    }

    @Test
    void deactivateCustomerReadsThenDeactivatesWhenOnlyThisEngagementsProjectIsLeft() {
        String account = unique("acc");
        String opportunity = unique("opp");
        CustomerUpserted customer = erp.upsertCustomer(unique("wf"), customer(account));
        erp.createProject(unique("wf"), engagement(opportunity, account), customer.erpCustomerId(), "prj_1");
        String key = unique("wf") + ":erp.upsertCustomer:compensate";

        erp.deactivateCustomer(key, account, opportunity);
        erp.deactivateCustomer(key, account, opportunity);

        assertThat(sandbox.snapshot("erp", "customers", "externalId", account)).singleElement()
                .satisfies(c -> assertThat(c.path("status").asString()).isEqualTo("INACTIVE"));
        // nothing but reads before the one deactivation; the second call finds it inactive and reads only
        assertThat(auditOfThisTest().stream().skip(2).map(row -> row.get("operation")).toList()).containsExactly(
                "GET /customers", "GET /projects", "POST /customers/{id}/deactivate", "GET /customers");
    }

    @Test
    void deactivateCustomerLeavesACustomerActiveThatAnotherEngagementsOpenProjectUses() {
        String account = unique("acc");
        String ours = unique("opp");
        String theirs = unique("opp");
        CustomerUpserted customer = erp.upsertCustomer(unique("wf"), customer(account));
        erp.createProject(unique("wf"), engagement(ours, account), customer.erpCustomerId(), "prj_1");
        erp.createProject(unique("wf"), engagement(theirs, account), customer.erpCustomerId(), "prj_2");
        String key = unique("wf");

        erp.deactivateCustomer(key, account, ours);

        assertThat(sandbox.snapshot("erp", "customers", "externalId", account)).singleElement()
                .satisfies(c -> assertThat(c.path("status").asString()).isEqualTo("ACTIVE"));
        assertThat(audit(key)).isEmpty();
        assertThat(auditOfThisTest()).noneMatch(row -> "POST /customers/{id}/deactivate".equals(row.get("operation")));

        // once the other engagement's project is closed, nothing holds the customer any more
        erp.closeProject(unique("wf"), theirs);
        erp.deactivateCustomer(key, account, ours);

        assertThat(sandbox.snapshot("erp", "customers", "externalId", account)).singleElement()
                .satisfies(c -> assertThat(c.path("status").asString()).isEqualTo("INACTIVE"));
    }

    @Test
    void deactivateCustomerOfAnAbsentCustomerOnlyReads() {
        String account = unique("acc");

        erp.deactivateCustomer(unique("wf"), account, unique("opp"));

        assertThat(auditOfThisTest()).extracting(row -> row.get("operation")).containsExactly("GET /customers");
        assertThat(sandbox.snapshot("erp", "customers", "externalId", account)).isEmpty();
    }

    @Test
    void deprecatedCompensationNeverReactivatesAnInactiveCustomer() {
        String account = unique("acc");
        String upsertKey = unique("wf");
        erp.upsertCustomer(unique("crm-sync"), customer(account));
        erp.deactivateCustomer(unique("wf"), account, null);

        // the upsert under upsertKey never reached the ERP: a replay would be a real upsert, reactivating the customer
        erp.deactivateCustomerIfCreated(unique("wf"), upsertKey, customer(account));

        assertThat(sandbox.snapshot("erp", "customers", "externalId", account)).singleElement()
                .satisfies(c -> assertThat(c.path("status").asString()).isEqualTo("INACTIVE"));
        assertThat(audit(upsertKey)).isEmpty();
    }

    @Test
    void deprecatedCompensationNeverOverwritesACustomerThatDiffers() {
        String account = unique("acc");
        String upsertKey = unique("wf");
        Customer current = customer(account);
        erp.upsertCustomer(unique("crm-sync"), new Customer(account, "Renamed AG", current.legalEntity(),
                current.taxId(), current.billingAddress(), current.currency(), current.paymentTerms()));

        erp.deactivateCustomerIfCreated(unique("wf"), upsertKey, current);

        assertThat(sandbox.snapshot("erp", "customers", "externalId", account)).singleElement().satisfies(c -> {
            assertThat(c.path("status").asString()).isEqualTo("ACTIVE");
            assertThat(c.path("name").asString()).isEqualTo("Renamed AG");
        });
        assertThat(audit(upsertKey)).isEmpty();
    }

    @Test
    void createsTheErpProjectOnceAndClosesItIdempotently() {
        String account = unique("acc");
        String opportunity = unique("opp");
        CustomerUpserted customer = erp.upsertCustomer(unique("wf"), customer(account));
        String key = unique("wf") + "/erp.createProject";

        Created project = erp.createProject(key, engagement(opportunity, account), customer.erpCustomerId(), "prj_1");
        Created again = erp.createProject(key, engagement(opportunity, account), customer.erpCustomerId(), "prj_1");

        assertThat(project.id()).isNotBlank();
        assertThat(again.id()).isEqualTo(project.id());
        assertThat(sandbox.snapshot("erp", "projects", "externalRef", opportunity)).singleElement()
                .satisfies(p -> assertThat(p.path("revenueMethod").asString()).isEqualTo("AS_INVOICED"));

        String closeKey = key + "/compensate";
        erp.closeProject(closeKey, opportunity);
        erp.closeProject(closeKey, opportunity);

        assertThat(sandbox.snapshot("erp", "projects", "externalRef", opportunity)).singleElement()
                .satisfies(p -> assertThat(p.path("status").asString()).isEqualTo("CLOSED"));
        assertThat(audit(closeKey)).hasSize(1);
    }

    @Test
    void aRetryRoundFindsTheErpProjectTheLostRoundCreated() {
        String account = unique("acc");
        String opportunity = unique("opp");
        CustomerUpserted customer = erp.upsertCustomer(unique("wf"), customer(account));
        String key = unique("wf") + ":erp.createProject";
        Created lost = erp.createProject(key, engagement(opportunity, account), customer.erpCustomerId(), "prj_1");

        Created retried = erp.createProject(key + ":r1", engagement(opportunity, account), customer.erpCustomerId(),
                "prj_1");

        assertThat(retried.id()).isEqualTo(lost.id());
        assertThat(sandbox.snapshot("erp", "projects", "externalRef", opportunity)).hasSize(1);
        assertThat(audit(key + ":r1")).isEmpty();
    }

    @Test
    void closingAProjectThatWasNeverCreatedIsANoOp() {
        String opportunity = unique("opp");

        assertThat(erp.closeProject(unique("wf"), opportunity).attempt()).isEqualTo(1);

        assertThat(audit(opportunity)).extracting(row -> row.get("operation")).containsExactly("GET /projects");
    }

    // ---- project-to-billing

    private String erpCustomer() {
        return erp.upsertCustomer(unique("wf"), customer(unique("acc"))).erpCustomerId();
    }

    private String erpProject() {
        return erp.createProject(unique("wf"), engagement(unique("opp"), unique("acc")), erpCustomer(), "prj_1").id();
    }

    @Test
    void readsTheTaxRateInForce() {
        TaxRateRead domestic = erp.readTaxRate("O2C-DE", "DE", LocalDate.of(2026, 3, 1));
        TaxRateRead abroad = erp.readTaxRate("O2C-DE", "FR", LocalDate.of(2026, 3, 1));

        assertThat(domestic.found()).isTrue();
        assertThat(domestic.ratePercent()).isEqualByComparingTo("19"); // as the ERP stores it: 19.0000
        assertThat(domestic.taxCode()).isEqualTo("DE-VAT-STD");
        assertThat(abroad.found()).isTrue();
        assertThat(abroad.ratePercent()).isEqualByComparingTo("0");
        assertThat(abroad.taxCode()).isEqualTo("DE-REVERSE-CHARGE");
        assertThat(auditOfThisTest()).first().satisfies(row -> assertThat(row)
                .containsEntry("operation", "GET /tax-rates")
                .containsEntry("object_ref", "O2C-DE/DE/2026-03-01"));
    }

    @Test
    void noTaxRateInForceIsNotFoundNotAFailure() {
        TaxRateRead none = erp.readTaxRate("O2C-DE", "DE", LocalDate.of(2019, 12, 31));

        assertThat(none).isEqualTo(new TaxRateRead(false, null, null));
        assertThat(auditOfThisTest()).singleElement().satisfies(row -> assertThat(row)
                .containsEntry("outcome", "SUCCEEDED")
                .containsEntry("http_status", 404));
    }

    @Test
    void anUnknownLegalEntityForATaxRateIsAValidationFailure() {
        ApplicationFailure failure = failureOf(() -> erp.readTaxRate("O2C-XX", "DE", LocalDate.of(2026, 3, 1)));

        assertThat(failure.getType()).isEqualTo(FailureTypes.VALIDATION);
        assertThat(failure.isNonRetryable()).isTrue();
    }

    @Test
    void postsOneReceivablePerInvoice() {
        String customer = erpCustomer();
        String invoice = unique("INV");
        String key = unique("wf") + ":erp.postReceivable";
        Money amount = Money.of("1190.00", "EUR");

        Created first = erp.postReceivable(key, customer, invoice, amount, LocalDate.of(2026, 3, 31));
        Created replayed = erp.postReceivable(key, customer, invoice, amount, LocalDate.of(2026, 3, 31));
        Created otherKey = erp.postReceivable(unique("wf"), customer, invoice, amount, LocalDate.of(2026, 3, 31));
        Created retryRound = erp.postReceivable(key + ":r1", customer, invoice, amount, LocalDate.of(2026, 3, 31));

        assertThat(first.id()).startsWith("rcv_");
        assertThat(replayed.id()).isEqualTo(first.id());
        assertThat(otherKey.id()).isEqualTo(first.id());
        assertThat(retryRound.id()).isEqualTo(first.id());
        assertThat(sandbox.snapshot("erp", "receivables", "invoiceRef", invoice)).singleElement().satisfies(r -> {
            assertThat(r.path("customerId").asString()).isEqualTo(customer);
            assertThat(r.path("amount").asString()).isEqualTo("1190.00");
            assertThat(r.path("currency").asString()).isEqualTo("EUR");
            assertThat(r.path("dueDate").asString()).isEqualTo("2026-03-31");
        });
        assertThat(audit(key + ":r1")).isEmpty(); // the retry round found it: no POST under its key
    }

    @Test
    void aReceivableForAnUnknownCustomerIsAValidationFailure() {
        ApplicationFailure failure = failureOf(() -> erp.postReceivable(unique("wf"), "cus_missing", unique("INV"),
                Money.of("10.00", "EUR"), LocalDate.of(2026, 3, 31)));

        assertThat(failure.getType()).isEqualTo(FailureTypes.VALIDATION);
    }

    @Test
    void postsOneRevenueEntryPerProjectPeriodAndSource() {
        String project = erpProject();
        String source = unique("inv");

        Created first = erp.postRevenue(unique("wf"), project, "2026-02", Money.of("1000.00", "EUR"), "AS_INVOICED",
                source, "February invoice");
        Created again = erp.postRevenue(unique("wf"), project, "2026-02", Money.of("1000.00", "EUR"), "AS_INVOICED",
                source, "February invoice");
        Created nextPeriod = erp.postRevenue(unique("wf"), project, "2026-03", Money.of("-200.00", "EUR"),
                "AS_INVOICED", source, null);

        assertThat(first.id()).startsWith("rev_");
        assertThat(again.id()).isEqualTo(first.id());
        assertThat(nextPeriod.id()).isNotEqualTo(first.id());
        assertThat(sandbox.snapshot("erp", "revenueEntries", "projectId", project))
                .extracting(e -> e.path("period").asString() + " " + e.path("amount").asString() + " "
                        + e.path("method").asString())
                .containsExactly("2026-02 1000.00 AS_INVOICED", "2026-03 -200.00 AS_INVOICED");
    }

    @Test
    void revenueOnAClosedProjectIsAConflict() {
        String opportunity = unique("opp");
        erp.createProject(unique("wf"), engagement(opportunity, unique("acc")), erpCustomer(), "prj_1");
        String project = sandbox.snapshot("erp", "projects", "externalRef", opportunity).getFirst().path("id")
                .asString();
        erp.closeProject(unique("wf"), opportunity);

        ApplicationFailure failure = failureOf(() -> erp.postRevenue(unique("wf"), project, "2026-02",
                Money.of("1.00", "EUR"), "AS_INVOICED", unique("inv"), null));

        assertThat(failure.getType()).isEqualTo(FailureTypes.CONFLICT);
        assertThat(failure.isNonRetryable()).isTrue();
    }

    @Test
    void updatesOnlyTheErpProjectTermsGiven() {
        String project = erpProject();

        erp.updateProjectTerms(unique("wf"), project, LocalDate.of(2026, 9, 30), null);
        erp.updateProjectTerms(unique("wf"), project, null, Money.of("64000.5", "EUR"));
        Ack nothing = erp.updateProjectTerms(unique("wf"), project, null, null);

        assertThat(nothing.attempt()).isEqualTo(1);
        assertThat(sandbox.snapshot("erp", "projects", "id", project)).singleElement().satisfies(p -> {
            assertThat(p.path("endDate").asString()).isEqualTo("2026-09-30");
            assertThat(p.path("contractAmount").asString()).isEqualTo("64000.50");
        });
        assertThat(audit(project)).extracting(row -> row.get("operation"))
                .containsExactly("PATCH /projects/{id}", "GET /projects/{id}", "PATCH /projects/{id}");
        assertThat(failureOf(() -> erp.updateProjectTerms(unique("wf"), project, null, Money.of("1", "GBP")))
                .getType()).isEqualTo(FailureTypes.VALIDATION);
    }

    // ---- invoice-to-cash

    private static final LocalDate RECEIVED = LocalDate.of(2026, 3, 20);

    /** A receivable of 1000.00 EUR for a new invoice ref. */
    private String receivable() {
        return erp.postReceivable(unique("wf"), erpCustomer(), unique("INV"), Money.of("1000.00", "EUR"),
                LocalDate.of(2026, 3, 31)).id();
    }

    private JsonNode receivableNow(String id) {
        return sandbox.get("/erp/v1/receivables/" + id);
    }

    @Test
    void findsTheReceivableOfAnInvoiceOrNone() {
        String invoice = unique("INV");
        String id = erp.postReceivable(unique("wf"), erpCustomer(), invoice, Money.of("1190.00", "EUR"),
                LocalDate.of(2026, 3, 31)).id();

        ReceivableRead found = erp.findReceivable(invoice);
        ReceivableRead none = erp.findReceivable(unique("INV"));

        assertThat(found).isEqualTo(new ReceivableRead(id, invoice, "OPEN", Money.of("1190.00", "EUR"),
                Money.of("1190.00", "EUR")));
        assertThat(none.id()).isNull();
    }

    @Test
    void appliesAPaymentOncePerPaymentRefWhateverTheKey() {
        String receivable = receivable();
        String firstKey = unique("wf") + ":erp.applyPayment";
        String secondKey = unique("wf") + ":erp.applyPayment";

        Created first = erp.applyPayment(firstKey, receivable, "pay-1", Money.of("400.00", "EUR"), RECEIVED);
        Created again = erp.applyPayment(secondKey, receivable, "pay-1", Money.of("400.00", "EUR"), RECEIVED);

        assertThat(first.id()).startsWith("rpy_");
        assertThat(first.attempt()).isEqualTo(1);
        assertThat(again.id()).isEqualTo(first.id());
        JsonNode now = receivableNow(receivable);
        assertThat(now.path("payments")).singleElement().satisfies(p -> {
            assertThat(p.path("paymentRef").asString()).isEqualTo("pay-1");
            assertThat(p.path("amount").asString()).isEqualTo("400.00");
            assertThat(p.path("receivedOn").asString()).isEqualTo("2026-03-20");
        });
        assertThat(now.path("balance").asString()).isEqualTo("600.00");
        assertThat(now.path("status").asString()).isEqualTo("PARTIALLY_PAID");
        assertThat(audit(secondKey)).isEmpty(); // found on the receivable: nothing posted under the second key

        erp.applyPayment(unique("wf"), receivable, "pay-2", Money.of("600.00", "EUR"), RECEIVED);
        assertThat(erp.findReceivable(now.path("invoiceRef").asString()).status()).isEqualTo("PAID");
    }

    @Test
    void anOverpaymentIsAConflictAnotherCurrencyInvalidAnUnknownReceivableNotFound() {
        String receivable = receivable();

        ApplicationFailure over = failureOf(() -> erp.applyPayment(unique("wf"), receivable, "pay-1",
                Money.of("1000.01", "EUR"), RECEIVED));
        ApplicationFailure currency = failureOf(() -> erp.applyPayment(unique("wf"), receivable, "pay-1",
                Money.of("10.00", "USD"), RECEIVED));
        ApplicationFailure unknown = failureOf(() -> erp.applyPayment(unique("wf"), "rcv_missing", "pay-1",
                Money.of("10.00", "EUR"), RECEIVED));

        assertThat(over.getType()).isEqualTo(FailureTypes.CONFLICT);
        assertThat(over.isNonRetryable()).isTrue();
        assertThat(currency.getType()).isEqualTo(FailureTypes.VALIDATION);
        assertThat(currency.isNonRetryable()).isTrue();
        assertThat(unknown.getType()).isEqualTo(FailureTypes.NOT_FOUND);
        assertThat(unknown.isNonRetryable()).isTrue();
        assertThat(receivableNow(receivable).path("payments")).isEmpty();
        assertThat(receivableNow(receivable).path("balance").asString()).isEqualTo("1000.00");
    }

    @Test
    void creditsOncePerCreditRef() {
        String receivable = receivable();

        Created first = erp.creditReceivable(unique("wf"), receivable, "cm_1", Money.of("250.00", "EUR"), "dispute");
        Created again = erp.creditReceivable(unique("wf"), receivable, "cm_1", Money.of("250.00", "EUR"), "dispute");

        assertThat(first.id()).startsWith("rcr_");
        assertThat(again.id()).isEqualTo(first.id());
        JsonNode now = receivableNow(receivable);
        assertThat(now.path("credits")).singleElement().satisfies(c -> {
            assertThat(c.path("creditRef").asString()).isEqualTo("cm_1");
            assertThat(c.path("amount").asString()).isEqualTo("250.00");
        });
        assertThat(now.path("balance").asString()).isEqualTo("750.00");

        erp.creditReceivable(unique("wf"), receivable, "cm_2", Money.of("750.00", "EUR"), "rest");
        assertThat(receivableNow(receivable).path("status").asString()).isEqualTo("CREDITED");
    }

    @Test
    void aCreditOverTheBalanceIsAConflict() {
        String receivable = receivable();

        ApplicationFailure failure = failureOf(() -> erp.creditReceivable(unique("wf"), receivable, "cm_1",
                Money.of("1000.01", "EUR"), "too much"));

        assertThat(failure.getType()).isEqualTo(FailureTypes.CONFLICT);
        assertThat(failure.isNonRetryable()).isTrue();
        assertThat(failure.getOriginalMessage()).contains("exceeds the open balance");
        assertThat(receivableNow(receivable).path("credits")).isEmpty();
    }

    @Test
    void writesOffOncePerKeyAndRefusesMoreThanTheBalance() {
        String receivable = receivable();
        String key = unique("wf") + ":erp.writeOffReceivable";

        Created first = erp.writeOffReceivable(key, receivable, Money.of("300.00", "EUR"), "uncollectable");
        Created replayed = erp.writeOffReceivable(key, receivable, Money.of("300.00", "EUR"), "uncollectable");
        ApplicationFailure over = failureOf(() -> erp.writeOffReceivable(unique("wf"), receivable,
                Money.of("700.01", "EUR"), "too much"));

        assertThat(first.id()).startsWith("rwo_");
        assertThat(replayed.id()).isEqualTo(first.id());
        assertThat(over.getType()).isEqualTo(FailureTypes.CONFLICT);
        assertThat(over.isNonRetryable()).isTrue();
        JsonNode now = receivableNow(receivable);
        assertThat(now.path("writeOffs")).singleElement()
                .satisfies(w -> assertThat(w.path("amount").asString()).isEqualTo("300.00"));
        assertThat(now.path("balance").asString()).isEqualTo("700.00");

        erp.writeOffReceivable(unique("wf"), receivable, Money.of("700.00", "EUR"), "rest");
        assertThat(receivableNow(receivable).path("status").asString()).isEqualTo("WRITTEN_OFF");
    }

    @Test
    void reversesAnUnpaidReceivableOnceAndRefusesAPaidOrUnknownOne() {
        String receivable = receivable();
        String paid = receivable();
        erp.applyPayment(unique("wf"), paid, "pay-1", Money.of("10.00", "EUR"), RECEIVED);

        Ack first = erp.reverseReceivable(unique("wf"), receivable, "invoice voided");
        Ack again = erp.reverseReceivable(unique("wf"), receivable, "invoice voided");
        ApplicationFailure withPayments = failureOf(() -> erp.reverseReceivable(unique("wf"), paid, "voided"));
        ApplicationFailure unknown = failureOf(() -> erp.reverseReceivable(unique("wf"), "rcv_missing", "voided"));

        assertThat(first.attempt()).isEqualTo(1);
        assertThat(again.attempt()).isEqualTo(1);
        JsonNode now = receivableNow(receivable);
        assertThat(now.path("status").asString()).isEqualTo("REVERSED");
        assertThat(now.path("balance").asString()).isIn("0", "0.00");
        assertThat(now.path("reversalReason").asString()).isEqualTo("invoice voided");
        assertThat(withPayments.getType()).isEqualTo(FailureTypes.CONFLICT);
        assertThat(withPayments.isNonRetryable()).isTrue();
        assertThat(receivableNow(paid).path("status").asString()).isEqualTo("PARTIALLY_PAID");
        assertThat(unknown.getType()).isEqualTo(FailureTypes.NOT_FOUND);
        assertThat(unknown.isNonRetryable()).isTrue();
    }
}
