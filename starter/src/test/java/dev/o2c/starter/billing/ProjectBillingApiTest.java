package dev.o2c.starter.billing;

import dev.o2c.starter.FakeWorkflows;
import dev.o2c.starter.TestLedger;
import dev.o2c.starter.events.InboundDatabase;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.o2c.starter.security.TestSecurity;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.nullValue;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.o2c.ledger.query.AuditQueries;
import dev.o2c.ledger.query.ProcessQueries;
import dev.o2c.ledger.query.ProcessView;
import dev.o2c.starter.cash.InvoiceService;
import dev.o2c.starter.exception.DecisionSender;
import dev.o2c.starter.process.ProcessController;
import dev.o2c.starter.process.ProcessService;
import dev.o2c.starter.process.ProcessStarter;
import dev.o2c.starter.web.Links;
import dev.o2c.starter.webhook.WebhookController;
import dev.o2c.starter.webhook.WebhookService;
import dev.o2c.starter.webhook.WebhookSigner;
import dev.o2c.starter.webhook.WebhookVerifier;
import dev.o2c.workflows.billing.BillingRunSummary;
import dev.o2c.workflows.billing.BillingState;
import dev.o2c.workflows.billing.InboundEvent;
import dev.o2c.workflows.billing.ProjectBillingRequest;
import dev.o2c.workflows.billing.ProjectBillingWorkflow;
import dev.o2c.workflows.billing.ProjectSetup;
import dev.o2c.workflows.billing.WorkApproved;
import dev.o2c.workflows.common.ProcessStatus;
import dev.o2c.workflows.common.TaskQueues;
import dev.o2c.workflows.model.BillingModel;
import dev.o2c.workflows.model.Contract;
import dev.o2c.workflows.model.Money;
import dev.o2c.workflows.model.Rate;
import dev.o2c.workflows.model.RateCard;
import dev.o2c.workflows.model.RateCardVersion;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/**
 * The billing endpoints and the billing webhooks against a real Temporal test server, with fakes of the
 * project-to-billing and inbound-event workflows on the {@code o2c-workflows} queue: the fakes' validators refuse with
 * {@code BillingRefusal.X.failure(...)}, so the real mapping of a refusal to a problem is exercised. Only the ledger is
 * a mock.
 */
@WebMvcTest(controllers = {BillingController.class, WebhookController.class, ProcessController.class},
        properties = {"o2c.webhook.secret=" + ProjectBillingApiTest.SECRET, "o2c.temporal-ui-url=http://ui.test",
                "o2c.query-timeout=PT5S", "o2c.decision-timeout=PT5S"})
@Import({InboundDatabase.class, ProjectBillingService.class, InvoiceService.class, WebhookService.class, WebhookVerifier.class, Links.class, ProcessService.class,
        ProcessStarter.class, DecisionSender.class, ProjectBillingApiTest.Temporal.class, TestSecurity.class})
class ProjectBillingApiTest {

    /** Webhooks are recorded before they are answered: a real inbound event ledger, fresh for this class. */
    @DynamicPropertySource
    static void inboundEvents(DynamicPropertyRegistry registry) {
        TestLedger.inboundOnly(registry);
    }

    static final String SECRET = "billing-secret";
    static final String PROBLEM = "application/problem+json";
    static final TestWorkflowEnvironment ENV = FakeWorkflows.started(FakeProjectBillingWorkflow.class,
            FakeInboundEventWorkflow.class);

    @TestConfiguration(proxyBeanMethods = false)
    static class Temporal {
        @Bean
        WorkflowClient workflowClient() {
            return ENV.getWorkflowClient();
        }
    }

    @Autowired MockMvc mvc;
    @MockitoBean ProcessQueries processes;
    @MockitoBean AuditQueries audit;

    @AfterAll
    static void stopTemporal() {
        ENV.close();
    }

    @BeforeEach
    void ledger() {
        when(processes.find(anyString())).thenReturn(Optional.empty());
        when(processes.runs(anyString())).thenReturn(List.of());
        when(audit.forWorkflow(anyString())).thenReturn(List.of());
    }

    // ------------------------------------------------------------------------------------------------ billing view

    @Test
    void billingViewIsTheProjectsBillingQuery() throws Exception {
        String wf = startProject("p-view");

        mvc.perform(get("/api/v1/projects/p-view/billing"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.psaProjectId").value("p-view"))
                .andExpect(jsonPath("$.processId").value(wf))
                .andExpect(jsonPath("$.status").value("RUNNING"))
                .andExpect(jsonPath("$.opportunityId").value("opp-p-view"))
                .andExpect(jsonPath("$.billingPeriod").value("MONTHLY"))
                .andExpect(jsonPath("$.contractVersion").value(2))
                .andExpect(jsonPath("$.lastAmendmentNumber").value(2))
                .andExpect(jsonPath("$.contract.billingModel").value("TIME_AND_MATERIALS"))
                .andExpect(jsonPath("$.contract.currency").value("EUR"))
                .andExpect(jsonPath("$.contract.startDate").value("2026-01-01"))
                .andExpect(jsonPath("$.contract.endDate").value("2026-12-31"))
                .andExpect(jsonPath("$.contract.capAmount.amount").value("100000.00"))
                .andExpect(jsonPath("$.contract.capAmount.currency").value("EUR"))
                .andExpect(jsonPath("$.contract.rateCard.versions[0].effectiveFrom").value("2026-01-01"))
                .andExpect(jsonPath("$.contract.rateCard.versions[0].rates[0].role").value("Consultant"))
                .andExpect(jsonPath("$.contract.rateCard.versions[0].rates[0].hourlyRate.amount").value("150.00"))
                .andExpect(jsonPath("$.lastBilledThrough").value("2026-03-31"))
                .andExpect(jsonPath("$.cap.amount.amount").value("100000.00"))
                .andExpect(jsonPath("$.cap.consumed.amount").value("25000.00"))
                .andExpect(jsonPath("$.cap.remaining.amount").value("75000.00"))
                .andExpect(jsonPath("$.unbilledApproved.amount.amount").value("1234.50"))
                .andExpect(jsonPath("$.unbilledApproved.entries").value(7))
                .andExpect(jsonPath("$.unbilledApproved.asOf").value("2026-03-01T10:00:00Z"))
                .andExpect(jsonPath("$.nextPeriodEnd").value("2026-04-30"))
                .andExpect(jsonPath("$.activeRun").value(nullValue()))
                .andExpect(jsonPath("$.runs[0].runNumber").value(1))
                .andExpect(jsonPath("$.runs[0].processId").value(wf + "-run-1"))
                .andExpect(jsonPath("$.runs[0].status").value("COMPLETED"))
                .andExpect(jsonPath("$.runs[0].invoiceNumber").value("INV-1"))
                .andExpect(jsonPath("$.runs[0].total.amount").value("11900.00"))
                .andExpect(jsonPath("$.runs[0].links.process").value("http://localhost/api/v1/processes/" + wf + "-run-1"))
                .andExpect(jsonPath("$.links.self").value("http://localhost/api/v1/projects/p-view/billing"))
                .andExpect(jsonPath("$.links.process").value("http://localhost/api/v1/processes/" + wf))
                .andExpect(jsonPath("$.links.billingRuns").value("http://localhost/api/v1/projects/p-view/billing-runs"))
                .andExpect(jsonPath("$.links.amendments").value("http://localhost/api/v1/projects/p-view/amendments"))
                .andExpect(jsonPath("$.links.temporalUi").value("http://ui.test/namespaces/default/workflows/" + wf));
    }

    @Test
    void billingOfAnUnknownProjectIs404() throws Exception {
        mvc.perform(get("/api/v1/projects/p-unknown/billing"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentType(PROBLEM))
                .andExpect(jsonPath("$.type").value("https://o2c.dev/problems/project-billing-not-found"))
                .andExpect(jsonPath("$.psaProjectId").value("p-unknown"));
    }

    // -------------------------------------------------------------------------------------------------- bill-now

    @Test
    void billNowQueuesARunAndAnswersIt() throws Exception {
        String wf = startProject("p-bill");

        mvc.perform(post("/api/v1/projects/p-bill/billing-runs")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"through\": \"2026-03-15\"}"))
                .andExpect(status().isAccepted())
                .andExpect(header().string("Location", "http://localhost/api/v1/processes/" + wf + "-run-2"))
                .andExpect(jsonPath("$.runNumber").value(2))
                .andExpect(jsonPath("$.processId").value(wf + "-run-2"))
                .andExpect(jsonPath("$.through").value("2026-03-15"))
                .andExpect(jsonPath("$.links.process").value("http://localhost/api/v1/processes/" + wf + "-run-2"))
                .andExpect(jsonPath("$.links.projectBilling").value("http://localhost/api/v1/projects/p-bill/billing"));
    }

    @Test
    void billNowSentAgainWithTheSameIdempotencyKeyAnswersTheFirstRun() throws Exception {
        String wf = startProject("p-again");
        String first = "{\"through\": \"2026-03-15\"}";

        for (int i = 0; i < 3; i++) { // a client repeating its request (after a timeout or a 503): one run
            mvc.perform(post("/api/v1/projects/p-again/billing-runs").header("Idempotency-Key", "finance-0315")
                            .contentType(MediaType.APPLICATION_JSON).content(first))
                    .andExpect(status().isAccepted())
                    .andExpect(jsonPath("$.runNumber").value(2))
                    .andExpect(jsonPath("$.processId").value(wf + "-run-2"));
        }
        // another key, and no key: a run each
        mvc.perform(post("/api/v1/projects/p-again/billing-runs").header("Idempotency-Key", "finance-0316")
                        .contentType(MediaType.APPLICATION_JSON).content(first))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.runNumber").value(3));
        mvc.perform(post("/api/v1/projects/p-again/billing-runs")
                        .contentType(MediaType.APPLICATION_JSON).content(first))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.runNumber").value(4));
        mvc.perform(post("/api/v1/projects/p-again/billing-runs")
                        .contentType(MediaType.APPLICATION_JSON).content(first))
                .andExpect(jsonPath("$.runNumber").value(5));
        assertThat(ENV.getWorkflowClient().newWorkflowStub(ProjectBillingWorkflow.class, wf).billing().runs())
                .as("the workflow queued one run per key, one per request without")
                .extracting(BillingRunSummary::runNumber).contains(2, 3, 4, 5).doesNotContain(6);
    }

    @Test
    void billNowWithAMalformedIdempotencyKeyIs400() throws Exception {
        startProject("p-badkey");

        mvc.perform(post("/api/v1/projects/p-badkey/billing-runs").header("Idempotency-Key", "two words")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"through\": \"2026-03-15\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(PROBLEM))
                .andExpect(jsonPath("$.errors[0].field").value("Idempotency-Key"));
    }

    @Test
    void billNowOfAnEndedProjectIs409() throws Exception {
        startProject("p-ended");

        mvc.perform(post("/api/v1/projects/p-ended/billing-runs")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"through\": \"2026-03-15\"}"))
                .andExpect(status().isConflict())
                .andExpect(content().contentType(PROBLEM))
                .andExpect(jsonPath("$.type").value("https://o2c.dev/problems/project-ended"))
                .andExpect(jsonPath("$.reason").value("PROJECT_ENDED"))
                .andExpect(jsonPath("$.detail").value("project p-ended is closed"));
    }

    @Test
    void billNowInTheFutureIs422() throws Exception {
        startProject("p-future");

        mvc.perform(post("/api/v1/projects/p-future/billing-runs")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"through\": \"2999-01-31\"}"))
                .andExpect(status().is(422))
                .andExpect(content().contentType(PROBLEM))
                .andExpect(jsonPath("$.type").value("https://o2c.dev/problems/invalid-billing-date"))
                .andExpect(jsonPath("$.reason").value("INVALID_DATE"));
    }

    @Test
    void billNowWithoutAValidDateIs400AndForAnUnknownProject404() throws Exception {
        mvc.perform(post("/api/v1/projects/p-any/billing-runs").contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("https://o2c.dev/problems/validation-failed"))
                .andExpect(jsonPath("$.errors[0].field").value("through"));
        mvc.perform(post("/api/v1/projects/p-any/billing-runs").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"through\": \"15.03.2026\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("https://o2c.dev/problems/malformed-request"));
        mvc.perform(post("/api/v1/projects/p-unknown/billing-runs").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"through\": \"2026-03-15\"}"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("https://o2c.dev/problems/project-billing-not-found"));
    }

    @Test
    void billNowOfAProjectWhoseBillingEndedIs409() throws Exception {
        String wf = startProject("p-closed-1");
        WorkflowStub.fromTyped(ENV.getWorkflowClient().newWorkflowStub(ProjectBillingWorkflow.class, wf))
                .getResult(Object.class);

        mvc.perform(post("/api/v1/projects/p-closed-1/billing-runs").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"through\": \"2026-03-15\"}"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.reason").value("PROJECT_ENDED"));
    }

    // ------------------------------------------------------------------------------------------------ amendments

    @Test
    void amendmentIsAppliedInTheContractsCurrency() throws Exception {
        String wf = startProject("p-amend");

        amend("p-amend", """
                        {"number": 3, "effectiveFrom": "2026-04-01", "capAmount": "120000",
                         "rateCard": {"versions": [
                            {"effectiveFrom": "2026-01-01", "rates": [{"role": "Consultant", "hourlyRate": "150.00"}]},
                            {"effectiveFrom": "2026-04-01", "rates": [{"role": "Consultant", "hourlyRate": 165.5}]}]},
                         "reason": "phase 2", "actor": "mallory"}""")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.number").value(3))
                .andExpect(jsonPath("$.status").value("APPLIED"))
                .andExpect(jsonPath("$.contractVersion").value(3))
                .andExpect(jsonPath("$.contract.capAmount.amount").value("120000.00"))
                .andExpect(jsonPath("$.contract.capAmount.currency").value("EUR"))
                .andExpect(jsonPath("$.contract.rateCard.versions[1].rates[0].hourlyRate.amount").value("165.50"))
                .andExpect(jsonPath("$.propagationProcessId").value(wf + "-amendment-3"))
                .andExpect(jsonPath("$.links.propagation").value("http://localhost/api/v1/processes/" + wf + "-amendment-3"))
                .andExpect(jsonPath("$.links.projectBilling").value("http://localhost/api/v1/projects/p-amend/billing"));

        mvc.perform(get("/api/v1/projects/p-amend/billing"))
                .andExpect(jsonPath("$.lastAmendmentNumber").value(3))
                .andExpect(jsonPath("$.amendments[0].number").value(3))
                .andExpect(jsonPath("$.amendments[0].source").value("api"))
                .andExpect(jsonPath("$.amendments[0].actor").value("ada")); // the (admin) token's, not the body's
    }

    @Test
    void amendmentOutOfOrderOrTakenIs409WithTheExpectedNumber() throws Exception {
        startProject("p-order");

        amend("p-order", "{\"number\": 5, \"effectiveFrom\": \"2026-04-01\", \"capAmount\": \"1\", \"reason\": \"r\"}")
                .andExpect(status().isConflict())
                .andExpect(content().contentType(PROBLEM))
                .andExpect(jsonPath("$.type").value("https://o2c.dev/problems/amendment-out-of-order"))
                .andExpect(jsonPath("$.reason").value("OUT_OF_ORDER"))
                .andExpect(jsonPath("$.expectedNumber").value(3));
        amend("p-order", "{\"number\": 2, \"effectiveFrom\": \"2026-04-01\", \"capAmount\": \"1\", \"reason\": \"r\"}")
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.type").value("https://o2c.dev/problems/duplicate-amendment"))
                .andExpect(jsonPath("$.reason").value("DUPLICATE"))
                .andExpect(jsonPath("$.expectedNumber").value(3));
    }

    @Test
    void amendmentTheProjectRefusesAsInvalidIs422() throws Exception {
        startProject("p-invalid");

        amend("p-invalid", "{\"number\": 3, \"effectiveFrom\": \"2026-04-01\", \"reason\": \"nothing\"}")
                .andExpect(status().is(422))
                .andExpect(jsonPath("$.type").value("https://o2c.dev/problems/invalid-change"))
                .andExpect(jsonPath("$.reason").value("INVALID"));
        amend("p-invalid", "{\"number\": 3, \"effectiveFrom\": \"2026-03-01\", \"capAmount\": 90000, \"reason\": \"r\"}")
                .andExpect(status().is(422))
                .andExpect(jsonPath("$.type").value("https://o2c.dev/problems/inside-billed-period"))
                .andExpect(jsonPath("$.reason").value("INSIDE_BILLED_PERIOD"));
    }

    @Test
    void invalidTermsInTheBodyAre422NamingTheFields() throws Exception {
        startProject("p-terms");

        amend("p-terms", """
                        {"number": 3, "effectiveFrom": "2026-04-01",
                         "rateCard": {"versions": [
                            {"effectiveFrom": "2026-04-01", "rates": [{"role": "Consultant", "hourlyRate": "abc"}]}]},
                         "capAmount": {"amount": "1000.00", "currency": "USD"},
                         "reason": "r"}""")
                .andExpect(status().is(422))
                .andExpect(content().contentType(PROBLEM))
                .andExpect(jsonPath("$.type").value("https://o2c.dev/problems/invalid-terms"))
                .andExpect(jsonPath("$.errors[0].field").value("rateCard.versions[0].rates[0].hourlyRate"))
                .andExpect(jsonPath("$.errors[1].field").value("capAmount"));
        amend("p-terms", """
                        {"number": 3, "effectiveFrom": "2026-04-01",
                         "rateCard": {"versions": [
                            {"effectiveFrom": "2026-04-01", "rates": [{"role": "Consultant", "hourlyRate": "160"}]},
                            {"effectiveFrom": "2026-01-01", "rates": [{"role": "Consultant", "hourlyRate": "150"}]}]},
                         "reason": "r"}""")
                .andExpect(status().is(422))
                .andExpect(jsonPath("$.errors[0].field").value("rateCard"));
        mvc.perform(get("/api/v1/projects/p-terms/billing")).andExpect(jsonPath("$.lastAmendmentNumber").value(2));
    }

    @Test
    void amendmentWithoutNumberIs400AndForAnUnknownProject404() throws Exception {
        amend("p-any", "{\"effectiveFrom\": \"2026-04-01\", \"reason\": \"r\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("https://o2c.dev/problems/validation-failed"))
                .andExpect(jsonPath("$.errors[0].field").value("number"));
        amend("p-unknown", "{\"number\": 1, \"effectiveFrom\": \"2026-04-01\", \"reason\": \"r\"}")
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("https://o2c.dev/problems/project-billing-not-found"));
    }

    // -------------------------------------------------------------------------------------------------- webhooks

    @Test
    void approvedTimeIsSignalledToTheProjectsBilling() throws Exception {
        String wf = startProject("p-work");

        deliver("psa", WebhookSigner.event("evt-time-1", "time.approved", "psa",
                        "{\"timeEntryId\": \"te-1\", \"projectId\": \"p-work\"}"))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.outcome").value("routed"))
                .andExpect(jsonPath("$.workflowId").value(wf))
                .andExpect(jsonPath("$.links.projectBilling").value("http://localhost/api/v1/projects/p-work/billing"));
        deliver("psa", WebhookSigner.event("evt-ms-1", "milestone.completed", "psa",
                        "{\"milestoneId\": \"ms-1\", \"projectId\": \"p-work\"}"))
                .andExpect(status().isAccepted());

        eventually(() ->
                assertThat(FakeProjectBillingWorkflow.SIGNALS.get(wf)).containsExactly(
                        new WorkApproved(WorkApproved.TIME, "te-1", "evt-time-1"),
                        new WorkApproved(WorkApproved.MILESTONE, "ms-1", "evt-ms-1")));
    }

    @Test
    void approvalForNoBillingProcessIsParkedOnceAcrossRedeliveries() throws Exception {
        String event = WebhookSigner.event("evt-exp-9", "expense.approved", "psa",
                "{\"expenseId\": \"ex-9\", \"projectId\": \"p-nobody\"}");

        deliver("psa", event)
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.outcome").value("unmanaged"))
                .andExpect(jsonPath("$.workflowId").value("inbound-event-evt-exp-9"))
                .andExpect(jsonPath("$.links.process").value("http://localhost/api/v1/processes/inbound-event-evt-exp-9"));
        // the redelivery is recognised from the inbound event ledger: nothing is parked or started again
        deliver("psa", event)
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.outcome").value("duplicate"))
                .andExpect(jsonPath("$.workflowId").value("inbound-event-evt-exp-9"));

        eventually(() ->
                assertThat(FakeInboundEventWorkflow.STARTS.get("inbound-event-evt-exp-9")).hasSize(1));
        InboundEvent parked = FakeInboundEventWorkflow.STARTS.get("inbound-event-evt-exp-9").get(0);
        assertThat(parked.system()).isEqualTo("psa");
        assertThat(parked.type()).isEqualTo("expense.approved");
        assertThat(parked.businessKey()).isEqualTo("p-nobody");
        assertThat(parked.target()).isEqualTo("project-billing-p-nobody");
        assertThat(parked.signal()).isEqualTo(new WorkApproved(WorkApproved.EXPENSE, "ex-9", "evt-exp-9"));
        assertThat(parked.data()).contains("\"expenseId\":\"ex-9\"");
        assertThat(parked.correlationId()).isNotBlank();

        // the parked event is a process like any other (it answers the state query)
        mvc.perform(get("/api/v1/processes/inbound-event-evt-exp-9"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.processType").value("inbound-event"))
                .andExpect(jsonPath("$.status").value("NEEDS_ATTENTION"))
                .andExpect(jsonPath("$.openException.owner").value("pmo"));
    }

    @Test
    void approvalForAnEndedBillingProcessIsParked() throws Exception {
        String wf = startProject("p-closed-2");
        WorkflowStub.fromTyped(ENV.getWorkflowClient().newWorkflowStub(ProjectBillingWorkflow.class, wf))
                .getResult(Object.class);

        deliver("psa", WebhookSigner.event("evt-time-closed", "time.approved", "psa",
                        "{\"timeEntryId\": \"te-2\", \"projectId\": \"p-closed-2\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.outcome").value("unmanaged"))
                .andExpect(jsonPath("$.workflowId").value("inbound-event-evt-time-closed"));
    }

    @Test
    void crmAmendmentIsAppliedOnceAndOneOutOfOrderIs409() throws Exception {
        String wf = startProject("p-crm");
        when(processes.find("opportunity-to-project-opp-crm")).thenReturn(Optional.of(provisioned("opp-crm", "p-crm")));

        String third = amended("evt-am-3", "opp-crm", "am-3", 3);
        deliver("crm", third)
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.outcome").value("applied"))
                .andExpect(jsonPath("$.workflowId").value(wf))
                .andExpect(jsonPath("$.links.propagation").value("http://localhost/api/v1/processes/" + wf + "-amendment-3"));
        // a redelivery: answered from the inbound event ledger
        deliver("crm", third)
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.outcome").value("duplicate"))
                .andExpect(jsonPath("$.workflowId").value(wf))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("as ROUTED (applied)")));
        // the same amendment under another event id (the CRM's echo of an API amendment): the project knows its number
        deliver("crm", amended("evt-am-3-echo", "opp-crm", "am-3", 3))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.outcome").value("duplicate"))
                .andExpect(jsonPath("$.detail").value("amendment 3 was accepted before"));
        deliver("crm", amended("evt-am-5", "opp-crm", "am-5", 5))
                .andExpect(status().isConflict())
                .andExpect(content().contentType(PROBLEM))
                .andExpect(jsonPath("$.type").value("https://o2c.dev/problems/amendment-out-of-order"))
                .andExpect(jsonPath("$.reason").value("OUT_OF_ORDER"))
                .andExpect(jsonPath("$.eventId").value("evt-am-5"));
        deliver("crm", amended("evt-am-4", "opp-crm", "am-4-refuse", 4))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.outcome").value("refused"))
                .andExpect(jsonPath("$.detail").value("cannot apply the change: billing model differs"));
    }

    @Test
    void crmAmendmentOfAnOpportunityWithoutProjectIsParked() throws Exception {
        deliver("crm", amended("evt-am-x", "opp-unprovisioned", "am-1", 1))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.outcome").value("unmanaged"))
                .andExpect(jsonPath("$.workflowId").value("inbound-event-evt-am-x"));
        eventually(() ->
                assertThat(FakeInboundEventWorkflow.STARTS.get("inbound-event-evt-am-x")).hasSize(1));
        InboundEvent parked = FakeInboundEventWorkflow.STARTS.get("inbound-event-evt-am-x").get(0);
        assertThat(parked.businessKey()).isEqualTo("opp-unprovisioned");
        assertThat(parked.target()).isNull();
        assertThat(parked.signal()).isNull();
    }

    @Test
    void crmAmendmentWithoutANumberIs400() throws Exception {
        deliver("crm", WebhookSigner.event("evt-am-bad", "contract.amended", "crm",
                        "{\"opportunityId\": \"opp-crm\", \"amendmentId\": \"am-1\", \"effectiveFrom\": \"2026-04-01\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("data.number"));
    }

    // --------------------------------------------------------------------------------------------------- helpers

    static Contract contract() {
        return new Contract(BillingModel.TIME_AND_MATERIALS, null, LocalDate.of(2026, 1, 1),
                LocalDate.of(2026, 12, 31), Money.of("100000", "EUR"),
                RateCard.of(RateCardVersion.of(LocalDate.of(2026, 1, 1), Rate.of("Consultant", "150", "EUR"))),
                List.of(), null);
    }

    /** Starts the fake project billing with two amendments and one run (billed through 2026-03-31) behind it. */
    static String startProject(String psaProjectId) {
        return startProject(ENV.getWorkflowClient(), psaProjectId);
    }

    /** Starts a project's (fake) billing process on {@code client}'s Temporal. */
    static String startProject(WorkflowClient client, String psaProjectId) {
        String wf = ProjectBillingWorkflow.workflowId(psaProjectId);
        ProjectSetup setup = new ProjectSetup(psaProjectId, "opp-" + psaProjectId, "acc-1", "C-1", "EP-1", "BP-1",
                "DE01", "DE", 30, "MONTHLY", "AS_INVOICED");
        BillingRunSummary run = new BillingRunSummary(1, wf + "-run-1", "PERIOD", LocalDate.of(2026, 3, 31),
                ProcessStatus.COMPLETED, "inv-1", "INV-1", Money.of("10000", "EUR"), Money.of("1900", "EUR"),
                Money.of("11900", "EUR"), 12, Money.zero("EUR"), "invoiced");
        BillingState carried = new BillingState(contract(), 2, 2, LocalDate.of(2026, 3, 31),
                Money.of("10000", "EUR"), 1, List.of(), List.of(run), List.of(), List.of(), List.of(), List.of(),
                LocalDate.of(2026, 3, 31), LocalDate.of(2026, 1, 1), "ACTIVE");
        ProjectBillingWorkflow stub = client.newWorkflowStub(ProjectBillingWorkflow.class,
                WorkflowOptions.newBuilder().setWorkflowId(wf).setTaskQueue(TaskQueues.WORKFLOWS).build());
        WorkflowClient.start(stub::run, new ProjectBillingRequest(setup, contract(), "corr-" + psaProjectId,
                Duration.ofDays(14), carried, 0));
        return wf;
    }

    static ProcessView provisioned(String opportunityId, String psaProjectId) {
        return new ProcessView("opportunity-to-project-" + opportunityId, "run-1", "opportunity-to-project",
                opportunityId, "COMPLETED", "corr", null, null,
                Map.of("erpCustomerId", "C-1", "psaProjectId", psaProjectId), Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2026-01-01T00:00:00Z"));
    }

    static String amended(String eventId, String opportunityId, String amendmentId, int number) {
        return WebhookSigner.event(eventId, "contract.amended", "crm", """
                {"opportunityId": "%s", "amendmentId": "%s", "number": %d, "effectiveFrom": "2026-04-01"}"""
                .formatted(opportunityId, amendmentId, number));
    }

    /** Retries an assertion for up to 10 s: the fake workflows see signals and starts asynchronously. */
    static void eventually(Runnable assertion) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try {
                assertion.run();
                return;
            } catch (AssertionError e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }

    private ResultActions amend(String psaProjectId, String body) throws Exception {
        return mvc.perform(post("/api/v1/projects/" + psaProjectId + "/amendments")
                .contentType(MediaType.APPLICATION_JSON)
                .content(body));
    }

    private ResultActions deliver(String system, String body) throws Exception {
        String ts = String.valueOf(Instant.now().getEpochSecond());
        return mvc.perform(post("/api/v1/webhooks/" + system)
                .contentType(MediaType.APPLICATION_JSON)
                .header("X-O2C-Timestamp", ts)
                .header("X-O2C-Signature", WebhookSigner.sign(SECRET, ts, body))
                .content(body.getBytes(StandardCharsets.UTF_8)));
    }
}
