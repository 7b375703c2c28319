package dev.o2c.activities.psa;

import static dev.o2c.activities.Fixtures.engagement;
import static dev.o2c.activities.Fixtures.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.o2c.activities.ConnectorTestSupport;
import dev.o2c.workflows.common.FailureTypes;
import dev.o2c.workflows.model.Engagement;
import dev.o2c.workflows.model.Money;
import dev.o2c.workflows.systems.Ack;
import dev.o2c.workflows.systems.Created;
import dev.o2c.workflows.systems.PsaActivities;
import dev.o2c.workflows.systems.PsaProjectRead;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.time.LocalDate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PsaActivitiesImplTest extends ConnectorTestSupport {

    private PsaActivities psa;

    @BeforeEach
    void register() {
        env.registerActivitiesImplementations(new PsaActivitiesImpl(clients));
        psa = stub(PsaActivities.class);
    }

    @Test
    void createsTheProjectWithItsWorkBreakdownOnce() {
        String opportunity = unique("opp");
        Engagement engagement = engagement(opportunity, unique("acc"));
        String key = unique("wf") + "/psa.createProject";

        Created first = psa.createProject(key, engagement, "cus_1");
        Created again = psa.createProject(key, engagement, "cus_1");

        assertThat(first.id()).isNotBlank();
        assertThat(again).isEqualTo(first);
        assertThat(sandbox.snapshot("psa", "projects", "externalRef", opportunity)).singleElement().satisfies(p -> {
            assertThat(p.path("customerRef").asString()).isEqualTo("cus_1");
            assertThat(p.path("billingModel").asString()).isEqualTo("TIME_AND_MATERIALS");
            assertThat(p.path("startDate").asString()).isEqualTo("2025-02-01");
            assertThat(p.path("phases").get(0).path("name").asString()).isEqualTo("Discovery");
            assertThat(p.path("phases").get(0).path("tasks").get(1).path("estimateHours").asString()).isEqualTo("8.5");
            assertThat(p.path("correlationId").asString()).isEqualTo(correlationId);
        });
    }

    @Test
    void aRetryRoundFindsTheProjectTheLostRoundCreatedInsteadOfCreatingAnother() {
        String opportunity = unique("opp");
        Engagement engagement = engagement(opportunity, unique("acc"));
        String key = unique("wf") + ":psa.createProject";
        // the first round committed, but its answer never reached the workflow; the operator retries
        Created lost = psa.createProject(key, engagement, "cus_1");

        Created retried = psa.createProject(key + ":r1", engagement, "cus_1");

        assertThat(retried.id()).isEqualTo(lost.id());
        assertThat(sandbox.snapshot("psa", "projects", "externalRef", opportunity)).hasSize(1);
        assertThat(audit(key + ":r1")).isEmpty();
        assertThat(audit(opportunity)).extracting(row -> row.get("operation"))
                .containsExactly("POST /projects", "GET /projects");
    }

    @Test
    void aRetryRoundCreatesWhenTheOnlyProjectWithTheRefWasCancelledByAnEarlierIncarnation() {
        String opportunity = unique("opp");
        Engagement engagement = engagement(opportunity, unique("acc"));
        String workflowId = unique("wf");
        Created first = psa.createProject(workflowId + ":psa.createProject", engagement, "cus_1");
        psa.cancelProject(workflowId + ":psa.createProject:compensate", opportunity);

        Created second = psa.createProject(workflowId + ":i2:psa.createProject:r1", engagement, "cus_1");

        assertThat(second.id()).isNotEqualTo(first.id());
        assertThat(sandbox.snapshot("psa", "projects", "externalRef", opportunity))
                .extracting(p -> p.path("id").asString() + "/" + p.path("status").asString())
                .containsExactly(first.id() + "/CANCELLED", second.id() + "/ACTIVE");
    }

    @Test
    void aSecondLiveProjectWithTheSameRefIsAConflict() {
        String opportunity = unique("opp");
        Engagement engagement = engagement(opportunity, unique("acc"));
        Created first = psa.createProject(unique("wf"), engagement, "cus_1");

        ApplicationFailure failure = failureOf(() -> psa.createProject(unique("wf"), engagement, "cus_1"));

        assertThat(failure.getType()).isEqualTo(FailureTypes.CONFLICT);
        assertThat(failure.getDetails().get(String.class)).contains(first.id());
        assertThat(sandbox.snapshot("psa", "projects", "externalRef", opportunity)).hasSize(1);
    }

    @Test
    void cancelIsIdempotentAndANoOpWithoutAProject() {
        String opportunity = unique("opp");
        psa.createProject(unique("wf"), engagement(opportunity, unique("acc")), "cus_1");
        String cancelKey = unique("wf") + "/psa.cancelProject";

        psa.cancelProject(cancelKey, opportunity);
        psa.cancelProject(cancelKey, opportunity);
        psa.cancelProject(unique("wf"), unique("opp-never-created"));

        assertThat(sandbox.snapshot("psa", "projects", "externalRef", opportunity)).singleElement()
                .satisfies(p -> assertThat(p.path("status").asString()).isEqualTo("CANCELLED"));
        assertThat(audit(cancelKey)).singleElement()
                .satisfies(row -> assertThat(row).containsEntry("operation", "POST /projects/{id}/cancel"));
    }

    @Test
    void sameKeyWithAnotherBodyIsAnIntegrationFailure() {
        String key = unique("wf");
        psa.createProject(key, engagement(unique("opp"), unique("acc")), "cus_1");

        ApplicationFailure failure = failureOf(() -> psa.createProject(key, engagement(unique("opp"), unique("acc")), "cus_1"));

        assertThat(failure.getType()).isEqualTo(FailureTypes.INTEGRATION);
        assertThat(failure.isNonRetryable()).isTrue();
        assertThat(failure.getOriginalMessage()).contains("Idempotency key reused");
    }

    @Test
    void serverErrorIsRetryable() {
        sandbox.fault("""
                {"system":"psa","operation":"projects.create","mode":"TRANSIENT","status":500,"times":1,"retryAfterSeconds":0}""");

        ApplicationFailure failure = failureOf(() -> psa.createProject(unique("wf"), engagement(unique("opp"), unique("acc")), "cus_1"));

        assertThat(failure.getType()).isEqualTo(FailureTypes.TRANSIENT);
        assertThat(failure.isNonRetryable()).isFalse();
        assertThat(failure.getNextRetryDelay()).isNull();
    }

    @Test
    void rateLimitOnTheLookupOfACompensationIsRetryable() {
        sandbox.fault("""
                {"system":"psa","operation":"projects.list","mode":"RATE_LIMIT","times":1,"retryAfterSeconds":2}""");

        ApplicationFailure failure = failureOf(() -> psa.cancelProject(unique("wf"), unique("opp")));

        assertThat(failure.getType()).isEqualTo(FailureTypes.TRANSIENT);
        assertThat(failure.getNextRetryDelay()).isEqualTo(Duration.ofSeconds(2));
    }

    // ---- project-to-billing

    private String project() {
        return psa.createProject(unique("wf"), engagement(unique("opp"), unique("acc")), "cus_1").id();
    }

    private String approvedEntry(String project) {
        String entry = sandbox.post("/psa/v1/projects/" + project + "/time-entries", """
                {"person":"ann@o2c.dev","role":"Consultant","date":"2025-03-03","hours":"4","taskName":"Interviews"}""")
                .path("id").asString();
        sandbox.post("/psa/v1/time-entries/" + entry + "/approve", "{}");
        return entry;
    }

    @Test
    void readsTheProjectsStatusAndEndDate() {
        String project = project();

        assertThat(psa.readProject(project))
                .isEqualTo(new PsaProjectRead(project, PsaProjectRead.ACTIVE, LocalDate.of(2025, 12, 31)));
        sandbox.post("/psa/v1/projects/" + project + "/hold", "{}");
        assertThat(psa.readProject(project).status()).isEqualTo(PsaProjectRead.ON_HOLD);
        sandbox.post("/psa/v1/projects/" + project + "/close", "{}");
        assertThat(psa.readProject(project).status()).isEqualTo(PsaProjectRead.CLOSED);
        assertThat(audit(project)).extracting(row -> row.get("operation")).contains("GET /projects/{id}");
    }

    @Test
    void anUnknownProjectIsANonRetryableNotFound() {
        ApplicationFailure failure = failureOf(() -> psa.readProject("prj_missing"));

        assertThat(failure.getType()).isEqualTo(FailureTypes.NOT_FOUND);
        assertThat(failure.isNonRetryable()).isTrue();
    }

    @Test
    void releasesTheBillingMarksOfAnInvoiceIdempotently() {
        String project = project();
        String entry = approvedEntry(project);
        String invoice = unique("inv");
        sandbox.post("/psa/v1/billing-marks", "{\"invoiceRef\":\"" + invoice + "\",\"timeEntryIds\":[\"" + entry + "\"]}");
        String key = unique("wf") + ":psa.releaseBillingMarks";

        Ack first = psa.releaseBillingMarks(key, invoice);
        Ack again = psa.releaseBillingMarks(key, invoice);
        Ack otherKey = psa.releaseBillingMarks(unique("wf"), invoice);
        psa.releaseBillingMarks(unique("wf"), unique("inv-never-billed"));

        assertThat(first.attempt()).isEqualTo(1);
        assertThat(again).isEqualTo(first);
        assertThat(otherKey.attempt()).isEqualTo(1);
        assertThat(sandbox.snapshot("psa", "timeEntries", "id", entry)).singleElement()
                .satisfies(e -> assertThat(e.path("billedInvoiceRef").isNull()
                        || e.path("billedInvoiceRef").isMissingNode()).isTrue());
        assertThat(sandbox.get("/psa/v1/billing-marks?invoiceRef=" + invoice).path("timeEntryIds").isEmpty()).isTrue();
        assertThat(audit(key)).hasSize(2).allSatisfy(row -> assertThat(row)
                .containsEntry("operation", "POST /billing-marks/release")
                .containsEntry("object_ref", invoice));
    }

    @Test
    void updatesOnlyTheProjectTermsGiven() {
        String project = project();

        psa.updateProjectTerms(unique("wf"), project, LocalDate.of(2026, 6, 30), null);
        psa.updateProjectTerms(unique("wf"), project, null, Money.of("75000", "EUR"));

        assertThat(sandbox.snapshot("psa", "projects", "id", project)).singleElement().satisfies(p -> {
            assertThat(p.path("endDate").asString()).isEqualTo("2026-06-30");
            assertThat(p.path("budgetAmount").asString()).isEqualTo("75000.00");
            assertThat(p.path("correlationId").asString()).isEqualTo(correlationId);
        });
        assertThat(audit(project)).extracting(row -> row.get("operation"))
                .containsSubsequence("PATCH /projects/{id}", "GET /projects/{id}", "PATCH /projects/{id}");
    }

    @Test
    void nothingToChangeCallsNothing() {
        String project = project();
        int before = audit(project).size();

        Ack ack = psa.updateProjectTerms(unique("wf"), project, null, null);

        assertThat(ack.attempt()).isEqualTo(1);
        assertThat(audit(project)).hasSize(before);
    }

    @Test
    void aBudgetInAnotherCurrencyOrACancelledProjectIsRefused() {
        String project = project();

        ApplicationFailure currency = failureOf(
                () -> psa.updateProjectTerms(unique("wf"), project, null, Money.of("1000", "USD")));
        assertThat(currency.getType()).isEqualTo(FailureTypes.VALIDATION);
        assertThat(currency.isNonRetryable()).isTrue();

        psa.cancelProject(unique("wf"), sandbox.snapshot("psa", "projects", "id", project).getFirst()
                .path("externalRef").asString());
        ApplicationFailure cancelled = failureOf(
                () -> psa.updateProjectTerms(unique("wf"), project, LocalDate.of(2026, 1, 31), null));
        assertThat(cancelled.getType()).isEqualTo(FailureTypes.CONFLICT);
        assertThat(cancelled.isNonRetryable()).isTrue();
        assertThat(failureOf(() -> psa.updateProjectTerms(unique("wf"), "prj_missing", LocalDate.of(2026, 1, 31), null))
                .getType()).isEqualTo(FailureTypes.NOT_FOUND);
    }
}
