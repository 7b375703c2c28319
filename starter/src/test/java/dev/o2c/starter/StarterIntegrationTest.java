package dev.o2c.starter;

import dev.o2c.starter.security.TestTokens;
import dev.o2c.starter.security.AdminTokenByDefault;
import org.springframework.context.annotation.Import;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.hasItem;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import dev.o2c.starter.webhook.WebhookSigner;
import dev.o2c.workflows.common.ProcessStatus;
import dev.o2c.workflows.common.TaskQueues;
import dev.o2c.workflows.opportunity.OpportunityToProjectResult;
import dev.o2c.workflows.opportunity.OpportunityToProjectWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.testing.TestWorkflowEnvironment;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import dev.o2c.starter.config.StartupSettingsCheck;
import java.util.List;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.test.context.ActiveProfiles;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * The whole starter on a real Temporal test server and a real PostgreSQL ledger. The real workflow is not the
 * starter's (it lives in the workflows module): a fake that parks and waits for {@code resolve} stands in for it on
 * the {@code o2c-workflows} queue.
 */
@Import(AdminTokenByDefault.class)
@SpringBootTest(properties = {
        "spring.temporal.test-server.enabled=true",
        // the activities module is on the test classpath only for the ledger migrations: keep its beans out
        "o2c.activities.enabled=false",
        "o2c.webhook.secret=it-secret",
        "o2c.temporal-ui-url=http://ui.test:8080/",
        // the test migrates the ledger with the owner's migrations; the starter itself never does
        "spring.flyway.enabled=true",
        "spring.flyway.locations=classpath:db/ledger",
        "spring.flyway.placeholders.readerpassword=o2c-dev-reader-password",
})
@AutoConfigureMockMvc
// development defaults (a short webhook secret, the dev reader password) are allowed only in the dev profile
@ActiveProfiles(StartupSettingsCheck.DEV_PROFILE)
class StarterIntegrationTest {

    static EmbeddedPostgres postgres;
    static boolean workerStarted;

    @Autowired MockMvc mvc;
    @Autowired TestWorkflowEnvironment testEnvironment;
    @Autowired WorkflowClient client;
    @Autowired DataSource dataSource;
    @Autowired HealthEndpointGroups readiness;

    @DynamicPropertySource
    static void ledger(DynamicPropertyRegistry registry) {
        postgres = TestLedger.start(registry);
    }

    @AfterAll
    static void stopLedger() throws IOException {
        postgres.close();
    }

    @BeforeEach
    void fakeWorker() {
        if (!workerStarted) {
            testEnvironment.newWorker(TaskQueues.WORKFLOWS)
                    .registerWorkflowImplementationTypes(FakeOpportunityToProjectWorkflow.class);
            testEnvironment.start();
            workerStarted = true;
        }
    }

    /** Writes like the worker would (the starter's own pool is read-only). */
    JdbcClient ledger() {
        return JdbcClient.create(postgres.getPostgresDatabase());
    }

    @Test
    void startingTheSameOpportunityTwiceYieldsOneProcess() throws Exception {
        String wf = OpportunityToProjectWorkflow.workflowId("opp-it-1");

        MvcResult first = mvc.perform(post("/api/v1/opportunity-to-project")
                        .header("X-Correlation-Id", "corr-it-1")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"opportunityId\": \"opp-it-1\"}"))
                .andExpect(status().isAccepted())
                .andExpect(header().string("Location", "http://localhost/api/v1/processes/" + wf))
                .andExpect(jsonPath("$.workflowId").value(wf))
                .andExpect(jsonPath("$.status").value("RUNNING"))
                .andExpect(jsonPath("$.links.temporalUi").value("http://ui.test:8080/namespaces/default/workflows/" + wf))
                .andReturn();
        String runId = JsonPath.read(first.getResponse().getContentAsString(), "$.runId");
        assertThat(runId).isNotBlank();

        mvc.perform(post("/api/v1/opportunity-to-project")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"opportunityId\": \"opp-it-1\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.runId").value(runId))
                .andExpect(jsonPath("$.created").value(false));

        // the correlation id reached the workflow twice: in its request, and through the propagator into its MDC
        awaitRequest(wf);
        assertThat(FakeOpportunityToProjectWorkflow.REQUESTS.get(wf).correlationId()).isEqualTo("corr-it-1");
        assertThat(FakeOpportunityToProjectWorkflow.REQUESTS.get(wf).source()).isEqualTo("api");
        assertThat(FakeOpportunityToProjectWorkflow.MDC_CORRELATION.get(wf)).isEqualTo("corr-it-1");
    }

    @Test
    void getAnswersTheQueriedStateAndTheLedgersAuditTrail() throws Exception {
        String wf = start("opp-it-2", "corr-it-2");
        ledger().sql("""
                        insert into audit (workflow_id, run_id, step, system, operation, attempt, outcome, http_status,
                                           correlation_id)
                        values (:wf, 'r', 'crm.readOpportunity', 'crm', 'GET /opportunities/opp-it-2', 1, 'SUCCEEDED',
                                200, 'corr-it-2')
                        """)
                .param("wf", wf)
                .update();

        mvc.perform(get("/api/v1/processes/" + wf))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.source").value("temporal"))
                .andExpect(jsonPath("$.status").value("NEEDS_ATTENTION"))
                .andExpect(jsonPath("$.businessKey").value("opp-it-2"))
                .andExpect(jsonPath("$.correlationId").value("corr-it-2"))
                .andExpect(jsonPath("$.steps[1].name").value("finance.validate"))
                .andExpect(jsonPath("$.createdIds.crmAccountId").value("acc-opp-it-2"))
                .andExpect(content().string(org.hamcrest.Matchers.containsString(
                        "\"createdIds\":{\"crmAccountId\":\"acc-opp-it-2\",\"erpCustomerId\":\"C-opp-it-2\","
                                + "\"billingPlanId\":\"B-opp-it-2\"}")))
                .andExpect(jsonPath("$.openException.exceptionId").value("ex-opp-it-2"))
                .andExpect(jsonPath("$.openException.owner").value("finance-ops"))
                .andExpect(jsonPath("$.audit[0].operation").value("GET /opportunities/opp-it-2"))
                .andExpect(jsonPath("$.links.temporalUi").value("http://ui.test:8080/namespaces/default/workflows/" + wf));
    }

    @Test
    void unknownProcessIs404AndAProcessOnlyInTheLedgerIsAnsweredFromIt() throws Exception {
        mvc.perform(get("/api/v1/processes/opportunity-to-project-never-started"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentType("application/problem+json"))
                .andExpect(jsonPath("$.type").value("https://o2c.dev/problems/process-not-found"));

        insertProcess("opportunity-to-project-archived", "COMPLETED", Instant.parse("2025-01-01T00:00:00Z"));
        mvc.perform(get("/api/v1/processes/opportunity-to-project-archived"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.source").value("ledger"))
                .andExpect(jsonPath("$.status").value("COMPLETED"));
    }

    @Test
    void signedWebhookStartsTheSagaOnceAcrossRedeliveryAndRest() throws Exception {
        String wf = OpportunityToProjectWorkflow.workflowId("opp-it-3");
        String event = WebhookSigner.event("evt-it-3", "opportunity.won", "crm",
                "{\"opportunityId\": \"opp-it-3\", \"accountId\": \"acc-3\"}");

        MvcResult delivered = mvc.perform(webhook(event).header("X-Correlation-Id", "corr-hook"))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.outcome").value("started"))
                .andExpect(jsonPath("$.workflowId").value(wf))
                .andReturn();
        String runId = JsonPath.read(delivered.getResponse().getContentAsString(), "$.runId");

        mvc.perform(webhook(event))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.outcome").value("duplicate"))
                .andExpect(jsonPath("$.runId").value(runId));
        mvc.perform(post("/api/v1/opportunity-to-project")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"opportunityId\": \"opp-it-3\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.runId").value(runId));

        awaitRequest(wf);
        assertThat(FakeOpportunityToProjectWorkflow.REQUESTS.get(wf).source()).isEqualTo("webhook:evt-it-3");
        assertThat(FakeOpportunityToProjectWorkflow.REQUESTS.get(wf).correlationId()).isEqualTo("corr-hook");
    }

    @Test
    void retryOfAnOpenExceptionIsTakenOnceAndASecondRetryIs409() throws Exception {
        String wf = start("opp-it-4", "corr-it-4");
        insertException("ex-opp-it-4", wf, "opp-it-4");

        mvc.perform(get("/api/v1/exceptions?status=open&owner=finance-ops"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items[*].id", hasItem("ex-opp-it-4")));
        mvc.perform(post("/api/v1/exceptions/ex-opp-it-4/skip"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.type").value("https://o2c.dev/problems/skip-not-allowed"));
        // an operator of team A (pmo) cannot decide team B's (finance-ops) exception; through either path
        for (String path : List.of("/api/v1/exceptions/ex-opp-it-4/retry", "/api/v1/processes/" + wf + "/retry")) {
            mvc.perform(post(path)
                            .header("Authorization", TestTokens.bearer("paula", List.of("operator"), List.of("pmo"))))
                    .andExpect(status().isForbidden())
                    .andExpect(content().contentType("application/problem+json"))
                    .andExpect(jsonPath("$.type").value("https://o2c.dev/problems/forbidden"))
                    .andExpect(jsonPath("$.reason").value("OTHER_TEAM"));
        }
        // a finance user holds no operator role at all
        mvc.perform(post("/api/v1/exceptions/ex-opp-it-4/retry")
                        .header("Authorization", TestTokens.bearer("fiona", List.of("finance"), TestTokens.ALL_TEAMS)))
                .andExpect(status().isForbidden());
        mvc.perform(post("/api/v1/exceptions/ex-opp-it-4/retry")
                        .contentType(MediaType.APPLICATION_JSON)
                        .header("Authorization", TestTokens.bearer("otto", List.of("operator"), List.of("finance-ops")))
                        .content("{\"note\": \"tax id fixed\"}"))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.workflowId").value(wf))
                .andExpect(jsonPath("$.action").value("RETRY"))
                .andExpect(jsonPath("$.step").value("finance.validate"))
                .andExpect(jsonPath("$.actor").value("otto"));
        // the ledger row is still OPEN (the worker has not written the resolution yet): the workflow refuses
        mvc.perform(post("/api/v1/exceptions/ex-opp-it-4/retry")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{}"))
                .andExpect(status().isConflict())
                .andExpect(content().contentType("application/problem+json"))
                .andExpect(jsonPath("$.type").value("https://o2c.dev/problems/duplicate-decision"))
                .andExpect(jsonPath("$.reason").value("DUPLICATE"))
                .andExpect(jsonPath("$.exceptionId").value("ex-opp-it-4"));

        OpportunityToProjectResult result = client.newUntypedWorkflowStub(wf)
                .getResult(10, TimeUnit.SECONDS, OpportunityToProjectResult.class);
        assertThat(result.detail()).isEqualTo("RETRY by otto: tax id fixed");

        // the workflow is gone: nothing can take a decision any more
        mvc.perform(post("/api/v1/exceptions/ex-opp-it-4/abort"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.type").value("https://o2c.dev/problems/process-not-running"));
        // and a COMPLETED deal is answered, never provisioned again
        mvc.perform(post("/api/v1/opportunity-to-project")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"opportunityId\": \"opp-it-4\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.created").value(false))
                .andExpect(jsonPath("$.status").value("COMPLETED"));
    }

    @Test
    void aDecisionBeforeTheProcessParkedOrForAnotherExceptionIs409() throws Exception {
        String wf = start("opp-it-unparked", "corr-unparked");

        mvc.perform(post("/api/v1/processes/" + wf + "/retry"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.type").value("https://o2c.dev/problems/process-not-parked"))
                .andExpect(jsonPath("$.reason").value("NOT_PARKED"));
        // the ledger has no record, the client names the process: the workflow's validator refuses
        mvc.perform(post("/api/v1/exceptions/ex-opp-it-unparked/retry?workflowId=" + wf))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.type").value("https://o2c.dev/problems/process-not-parked"))
                .andExpect(jsonPath("$.reason").value("NOT_PARKED"));

        String parked = start("opp-it-stale", "corr-stale");
        mvc.perform(post("/api/v1/exceptions/ex-earlier-park/retry?workflowId=" + parked))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.type").value("https://o2c.dev/problems/stale-decision"))
                .andExpect(jsonPath("$.reason").value("STALE"));
        mvc.perform(post("/api/v1/exceptions/ex-earlier-park/retry"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("https://o2c.dev/problems/exception-not-found"));
    }

    @Test
    void theProcessDecidesOnItsOpenExceptionWithoutALedgerRecord() throws Exception {
        String wf = start("opp-it-5", "corr-it-5");
        String retry = "http://localhost/api/v1/processes/" + wf + "/retry?exceptionId=ex-opp-it-5";

        mvc.perform(get("/api/v1/processes/" + wf))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.openException.links.retry").value(retry))
                .andExpect(jsonPath("$.openException.links.skip").doesNotExist())
                .andExpect(jsonPath("$.openException.links.abort")
                        .value("http://localhost/api/v1/processes/" + wf + "/abort?exceptionId=ex-opp-it-5"));
        mvc.perform(post("/api/v1/exceptions/ex-opp-it-5/retry"))
                .andExpect(status().isNotFound()); // recording the exception failed: the ledger knows nothing
        mvc.perform(post("/api/v1/processes/" + wf + "/skip"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.type").value("https://o2c.dev/problems/skip-not-allowed"));
        mvc.perform(post(retry).contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.exceptionId").value("ex-opp-it-5"))
                .andExpect(jsonPath("$.action").value("RETRY"));
        mvc.perform(post("/api/v1/exceptions/ex-opp-it-5/retry?workflowId=" + wf))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.reason").value("DUPLICATE"));
        mvc.perform(post("/api/v1/processes/" + wf + "/abort"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.type").value("https://o2c.dev/problems/process-not-parked"));
        mvc.perform(post("/api/v1/processes/opportunity-to-project-never-ran/abort"))
                .andExpect(status().isNotFound());

        OpportunityToProjectResult result = client.newUntypedWorkflowStub(wf)
                .getResult(10, TimeUnit.SECONDS, OpportunityToProjectResult.class);
        assertThat(result.detail()).isEqualTo("RETRY by ada: null");
    }

    @Test
    void anAbortedDealIsProvisionedAgainOnlyByAnExplicitStartUnderTheNextIncarnation() throws Exception {
        String wf = start("opp-it-6", "corr-it-6");
        String firstRun = client.newUntypedWorkflowStub(wf).describe().getExecution().getRunId();
        mvc.perform(post("/api/v1/processes/" + wf + "/abort")).andExpect(status().isAccepted());
        assertThat(client.newUntypedWorkflowStub(wf).getResult(10, TimeUnit.SECONDS, OpportunityToProjectResult.class)
                .status()).isEqualTo(ProcessStatus.ABORTED);

        // the deal won again in the CRM: an event never starts a second run
        String event = WebhookSigner.event("evt-it-6", "opportunity.won", "crm", "{\"opportunityId\": \"opp-it-6\"}");
        mvc.perform(webhook(event))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.outcome").value("duplicate"))
                .andExpect(jsonPath("$.runId").value(firstRun));

        MvcResult again = mvc.perform(post("/api/v1/opportunity-to-project")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"opportunityId\": \"opp-it-6\"}"))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.created").value(true))
                .andExpect(jsonPath("$.incarnation").value(2))
                .andReturn();
        String secondRun = JsonPath.read(again.getResponse().getContentAsString(), "$.runId");
        assertThat(secondRun).isNotEqualTo(firstRun);
        awaitRun(secondRun);
        assertThat(FakeOpportunityToProjectWorkflow.RUN_REQUESTS.get(secondRun).incarnation()).isEqualTo(2);

        // while it runs, the same deal again is the same process
        mvc.perform(post("/api/v1/opportunity-to-project")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"opportunityId\": \"opp-it-6\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.created").value(false))
                .andExpect(jsonPath("$.runId").value(secondRun));
        // the same event again is answered from the inbound event ledger (the run it met then); the deal won again
        // under another event id is answered by Temporal (the run that runs now)
        mvc.perform(webhook(event)).andExpect(status().isOk()).andExpect(jsonPath("$.outcome").value("duplicate"))
                .andExpect(jsonPath("$.runId").value(firstRun));
        mvc.perform(webhook(WebhookSigner.event("evt-it-6b", "opportunity.won", "crm",
                        "{\"opportunityId\": \"opp-it-6\"}")))
                .andExpect(status().isOk()).andExpect(jsonPath("$.outcome").value("duplicate"))
                .andExpect(jsonPath("$.runId").value(secondRun));

        // the worker recorded both runs: the view shows the newest live, the earlier one from the ledger
        insertRun(wf, firstRun, 1, "ABORTED", "aborted by operator", Instant.parse("2026-03-01T10:00:00Z"));
        insertRun(wf, secondRun, 2, "NEEDS_ATTENTION", null, Instant.parse("2026-03-02T10:00:00Z"));
        mvc.perform(get("/api/v1/processes/" + wf))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.source").value("temporal"))
                .andExpect(jsonPath("$.incarnation").value(2))
                .andExpect(jsonPath("$.runs.length()").value(1))
                .andExpect(jsonPath("$.runs[0].runId").value(firstRun))
                .andExpect(jsonPath("$.runs[0].incarnation").value(1))
                .andExpect(jsonPath("$.runs[0].status").value("ABORTED"))
                .andExpect(jsonPath("$.runs[0].detail").value("aborted by operator"))
                .andExpect(jsonPath("$.runs[0].endedAt").value("2026-03-01T10:00:05Z"));
    }

    @Test
    void anAbortedRunThatLeftObjectsInForceIsNotProvisionedAgain() throws Exception {
        String wf = start("opp-it-abandoned", "corr-it-abandoned");
        mvc.perform(post("/api/v1/processes/" + wf + "/abort")).andExpect(status().isAccepted());
        OpportunityToProjectResult result = client.newUntypedWorkflowStub(wf)
                .getResult(10, TimeUnit.SECONDS, OpportunityToProjectResult.class);
        assertThat(result.status()).isEqualTo(ProcessStatus.ABORTED);
        assertThat(result.createdIds()).isNotEmpty();

        mvc.perform(post("/api/v1/opportunity-to-project")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"opportunityId\": \"opp-it-abandoned\"}"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.type").value("https://o2c.dev/problems/objects-still-in-force"))
                .andExpect(jsonPath("$.stillInForce.erpCustomerId").value("C-opp-it-abandoned"));
    }

    @Test
    void aCanceledRunIsAnAbortedOneAndStartsAgainUnderTheNextIncarnation() throws Exception {
        String wf = start("opp-it-7", "corr-it-7");
        client.newUntypedWorkflowStub(wf).cancel();
        assertThatThrownBy(() -> client.newUntypedWorkflowStub(wf)
                .getResult(10, TimeUnit.SECONDS, OpportunityToProjectResult.class))
                .isInstanceOf(WorkflowFailedException.class);

        MvcResult again = mvc.perform(post("/api/v1/opportunity-to-project")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"opportunityId\": \"opp-it-7\"}"))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.incarnation").value(2))
                .andReturn();
        String run = JsonPath.read(again.getResponse().getContentAsString(), "$.runId");
        awaitRun(run);
        assertThat(FakeOpportunityToProjectWorkflow.RUN_REQUESTS.get(run).incarnation()).isEqualTo(2);
    }

    @Test
    void aLostProcessIsListedShowsHowToStartItAndStartsAgainUnderTheSameIncarnation() throws Exception {
        String wf = OpportunityToProjectWorkflow.workflowId("opp-it-lost");
        insertProcess(wf, "LOST", Instant.parse("2026-02-01T00:00:00Z"));
        ledger().sql("update process set incarnation = 3, business_key = 'opp-it-lost' where workflow_id = :wf")
                .param("wf", wf)
                .update();

        mvc.perform(get("/api/v1/processes?status=LOST"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items[*].workflowId", hasItem(wf)));
        mvc.perform(get("/api/v1/processes/" + wf))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.source").value("ledger"))
                .andExpect(jsonPath("$.status").value("LOST"))
                .andExpect(jsonPath("$.incarnation").value(3))
                .andExpect(jsonPath("$.links.start").value("http://localhost/api/v1/opportunity-to-project"));

        // an event does not bring it back: only the explicit start does
        String event = WebhookSigner.event("evt-it-lost", "opportunity.won", "crm",
                "{\"opportunityId\": \"opp-it-lost\"}");
        mvc.perform(webhook(event)).andExpect(status().isOk()).andExpect(jsonPath("$.outcome").value("duplicate"));

        MvcResult started = mvc.perform(post("/api/v1/opportunity-to-project")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"opportunityId\": \"opp-it-lost\"}"))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.incarnation").value(3))
                .andReturn();
        String run = JsonPath.read(started.getResponse().getContentAsString(), "$.runId");
        awaitRun(run);
        assertThat(FakeOpportunityToProjectWorkflow.RUN_REQUESTS.get(run).incarnation()).isEqualTo(3);
    }

    @Test
    void craftedCursorsAre400OnBothLists() throws Exception {
        String timeOutOfRange = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString("p|99999999999999|0|k".getBytes(StandardCharsets.UTF_8));
        String nulKey = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString("e|0|0|k\u0000".getBytes(StandardCharsets.UTF_8));
        mvc.perform(get("/api/v1/processes").param("cursor", timeOutOfRange))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType("application/problem+json"))
                .andExpect(jsonPath("$.type").value("https://o2c.dev/problems/invalid-cursor"));
        mvc.perform(get("/api/v1/exceptions").param("cursor", nulKey))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("https://o2c.dev/problems/invalid-cursor"));
        mvc.perform(get("/api/v1/exceptions").param("cursor", "garbage!"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("https://o2c.dev/problems/invalid-cursor"));
    }

    @Test
    void listComesFromTheLedgerProjectionNewestFirst() throws Exception {
        insertProcess("opportunity-to-project-list-old", "NEEDS_ATTENTION", Instant.parse("2026-01-01T00:00:00Z"));
        insertProcess("opportunity-to-project-list-new", "NEEDS_ATTENTION", Instant.parse("2026-01-02T00:00:00Z"));

        mvc.perform(get("/api/v1/processes?type=opportunity-to-project&status=NEEDS_ATTENTION&limit=1"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items[0].workflowId").value("opportunity-to-project-list-new"))
                .andExpect(jsonPath("$.nextCursor").isNotEmpty())
                .andExpect(jsonPath("$.links.next").isNotEmpty());
    }

    @Test
    void readinessIncludesTemporalAndTheLedger() throws Exception {
        mvc.perform(get("/actuator/health/readiness").header("Authorization", AdminTokenByDefault.NO_TOKEN))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("UP"))
                // details only when authorized: anonymous probes see the status alone
                .andExpect(jsonPath("$.components").doesNotExist());
        mvc.perform(get("/actuator/health/readiness").header("Authorization", TestTokens.role("viewer")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.components.db.status").value("UP"))
                .andExpect(jsonPath("$.components.temporal.status").value("UP"))
                // the inbound event ledger only refuses webhooks (redelivered) while away: health, not readiness
                .andExpect(jsonPath("$.components.inboundLedger").doesNotExist());
        mvc.perform(get("/actuator/health").header("Authorization", TestTokens.role("viewer")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.components.inboundLedger.status").value("UP"));
        mvc.perform(get("/actuator/health/readiness").header("Authorization", TestTokens.role("integration")))
                .andExpect(jsonPath("$.components").doesNotExist()); // a role without viewer sees no details
        assertThat(readiness.get("readiness").isMember("db")).isTrue();
        assertThat(readiness.get("readiness").isMember("temporal")).isTrue();
    }

    @Test
    void healthAndItsProbesAreAnonymousOnTheApiPortButNoOtherActuatorEndpoint() throws Exception {
        mvc.perform(get("/actuator/health").header("Authorization", AdminTokenByDefault.NO_TOKEN))
                .andExpect(status().isOk()).andExpect(jsonPath("$.status").value("UP"));
        mvc.perform(get("/actuator/health/liveness").header("Authorization", AdminTokenByDefault.NO_TOKEN))
                .andExpect(status().isOk());
        // every other endpoint is on the management port (8083) only
        mvc.perform(get("/actuator/prometheus")).andExpect(status().isNotFound());
        mvc.perform(get("/actuator/metrics")).andExpect(status().isNotFound());
        mvc.perform(get("/actuator/health/db")).andExpect(status().isNotFound());
    }

    @Test
    void theStarterReadsTheLedgerAsARoleThatCanOnlySelect() throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            assertThat(connection.getMetaData().getUserName()).isEqualTo("o2c_reader");
            try (Statement statement = connection.createStatement()) {
                statement.executeQuery("select count(*) from process").close();
            }
            // past the pool's read-only flag: the role itself must refuse to write
            connection.setReadOnly(false);
            try (Statement statement = connection.createStatement()) {
                assertThatThrownBy(() -> statement.executeUpdate("""
                        insert into process (workflow_id, process_type, business_key, status, started_at, updated_at)
                        values ('written-by-the-starter', 'opportunity-to-project', 'x', 'RUNNING', now(), now())"""))
                        .isInstanceOf(SQLException.class)
                        .hasMessageContaining("permission denied");
                assertThatThrownBy(() -> statement.executeUpdate("delete from audit"))
                        .hasMessageContaining("permission denied");
            }
        }
    }

    @Test
    void openApiDocumentsEndpointsAndTheirProblems() throws Exception {
        mvc.perform(get("/v3/api-docs"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.paths['/api/v1/opportunity-to-project'].post.responses['202']").exists())
                .andExpect(jsonPath("$.paths['/api/v1/webhooks/{system}'].post.responses['422'].content['application/problem+json'].schema['$ref']")
                        .value("#/components/schemas/Problem"))
                .andExpect(jsonPath("$.paths['/api/v1/processes/{workflowId}'].get.responses['404'].content['application/problem+json']").exists())
                .andExpect(jsonPath("$.paths['/api/v1/exceptions/{id}/skip'].post.responses['409']").exists())
                .andExpect(jsonPath("$.paths['/api/v1/processes/{workflowId}/retry'].post.responses['409'].content['application/problem+json']").exists())
                .andExpect(jsonPath("$.paths['/api/v1/processes/{workflowId}/abort'].post.responses['202']").exists())
                .andExpect(jsonPath("$.components.schemas.ProcessDetails.properties.runs").exists())
                .andExpect(jsonPath("$.components.schemas.StartResponse.properties.incarnation").exists())
                .andExpect(jsonPath("$.paths['/api/v1/webhooks/{system}'].post.requestBody.content['application/json'].schema['$ref']")
                        .value("#/components/schemas/WebhookEvent"))
                .andExpect(jsonPath("$.paths['/api/v1/exceptions'].get.responses['200'].content['application/json'].schema['$ref']")
                        .value("#/components/schemas/ExceptionPage"))
                .andExpect(jsonPath("$.components.schemas.Problem.properties.type").exists())
                .andExpect(jsonPath("$.paths['/api/v1/projects/{psaProjectId}/billing'].get.responses['404'].content['application/problem+json']").exists())
                .andExpect(jsonPath("$.paths['/api/v1/projects/{psaProjectId}/billing'].get.responses['200'].content['application/json'].schema['$ref']")
                        .value("#/components/schemas/ProjectBilling"))
                .andExpect(jsonPath("$.paths['/api/v1/projects/{psaProjectId}/billing-runs'].post.responses['202']").exists())
                .andExpect(jsonPath("$.paths['/api/v1/projects/{psaProjectId}/amendments'].post.responses['422'].content['application/problem+json']").exists())
                .andExpect(jsonPath("$.paths['/api/v1/projects/{psaProjectId}/amendments'].post.responses['409']").exists())
                .andExpect(jsonPath("$.components.schemas.AmendmentBody.required").isArray())
                .andExpect(jsonPath("$.components.schemas.ProjectBilling.properties.cap").exists())
                .andExpect(jsonPath("$.components.schemas.ContractTerms.properties.capAmount.properties.amount.type").value("string"))
                .andExpect(jsonPath("$.components.schemas.ExceptionDetails.properties.payload.type").value("object"));
    }

    /**
     * The served OpenAPI document is the checked-in contract ({@code docs/openapi.json}). Regenerate it with
     * {@code ./mvnw -pl starter -am test -Dtest=StarterIntegrationTest -Dsurefire.failIfNoSpecifiedTests=false
     * -Do2c.updateOpenApi=true}; that is refused while the contract changed and {@code info.version}
     * ({@code OpenApiConfiguration.API_VERSION}) did not.
     */
    @Test
    void theServedOpenApiDocumentIsTheCheckedInContract() throws Exception {
        String served = OpenApiContract.normalized(mvc.perform(get("/v3/api-docs")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8));
        String checkedIn = OpenApiContract.checkedIn();
        boolean contractChanged = checkedIn == null
                || !OpenApiContract.withoutVersion(served).equals(OpenApiContract.withoutVersion(checkedIn));
        boolean versionChanged = checkedIn == null
                || !OpenApiContract.version(served).equals(OpenApiContract.version(checkedIn));
        if (Boolean.getBoolean(OpenApiContract.UPDATE)) {
            assertThat(contractChanged && !versionChanged)
                    .as("the API contract changed but info.version is still %s: bump OpenApiConfiguration.API_VERSION"
                            + " before regenerating docs/openapi.json", OpenApiContract.version(served))
                    .isFalse();
            OpenApiContract.write(served);
            return;
        }
        assertThat(checkedIn).as("docs/openapi.json is missing: generate it with -D%s=true", OpenApiContract.UPDATE)
                .isNotNull();
        assertThat(contractChanged || versionChanged)
                .as(contractChanged && !versionChanged
                        ? "the served API contract differs from docs/openapi.json without a version change (still "
                                + OpenApiContract.version(served) + "): bump OpenApiConfiguration.API_VERSION and"
                                + " regenerate with -D" + OpenApiContract.UPDATE + "=true"
                        : "the served API (version " + OpenApiContract.version(served) + ") is not the checked-in one"
                                + " (version " + OpenApiContract.version(checkedIn) + "): regenerate docs/openapi.json"
                                + " with -D" + OpenApiContract.UPDATE + "=true")
                .isFalse();
    }

    @Test
    void everyOperationDocumentsItsErrorsAsProblems() throws Exception {
        String served = OpenApiContract.normalized(mvc.perform(get("/v3/api-docs")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8));
        assertThat(OpenApiContract.undocumentedErrors(served)).isEmpty();
    }

    private String start(String opportunityId, String correlationId) throws Exception {
        mvc.perform(post("/api/v1/opportunity-to-project")
                        .header("X-Correlation-Id", correlationId)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"opportunityId\": \"" + opportunityId + "\"}"))
                .andExpect(status().isAccepted());
        String wf = OpportunityToProjectWorkflow.workflowId(opportunityId);
        awaitRequest(wf);
        return wf;
    }

    private static void awaitRun(String runId) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!FakeOpportunityToProjectWorkflow.RUN_REQUESTS.containsKey(runId) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(FakeOpportunityToProjectWorkflow.RUN_REQUESTS).containsKey(runId);
    }

    private void insertException(String id, String workflowId, String businessKey) {
        ledger().sql("""
                        insert into exception_record (id, workflow_id, process_type, business_key, step, owner_team,
                                                      failure_type, cause, skippable, opened_at)
                        values (:id, :wf, 'opportunity-to-project', :key, 'finance.validate',
                                'finance-ops', 'o2c.finance-attributes-invalid', 'tax id missing', false, now())
                        """)
                .param("id", id)
                .param("wf", workflowId)
                .param("key", businessKey)
                .update();
    }

    private void insertRun(String workflowId, String runId, int incarnation, String status, String detail,
            Instant startedAt) {
        ledger().sql("""
                        insert into process_run (workflow_id, run_id, incarnation, process_type, business_key, status,
                                                 detail, started_at, updated_at)
                        values (:wf, :run, :inc, 'opportunity-to-project', :wf, :status, :detail, :at, :updated)
                        """)
                .param("wf", workflowId)
                .param("run", runId)
                .param("inc", incarnation)
                .param("status", status)
                .param("detail", detail)
                .param("at", startedAt.atOffset(ZoneOffset.UTC))
                .param("updated", startedAt.plusSeconds(5).atOffset(ZoneOffset.UTC))
                .update();
    }

    /** Waits until the fake ran its first workflow task (the state query needs it). */
    private static void awaitRequest(String workflowId) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!FakeOpportunityToProjectWorkflow.REQUESTS.containsKey(workflowId) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(FakeOpportunityToProjectWorkflow.REQUESTS).containsKey(workflowId);
    }

    private void insertProcess(String workflowId, String status, Instant startedAt) {
        ledger().sql("""
                        insert into process (workflow_id, process_type, business_key, status, started_at, updated_at)
                        values (:wf, 'opportunity-to-project', :wf, :status, :at, :at)
                        """)
                .param("wf", workflowId)
                .param("status", status)
                .param("at", startedAt.atOffset(ZoneOffset.UTC))
                .update();
    }

    private org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder webhook(String body) {
        String timestamp = String.valueOf(Instant.now().getEpochSecond());
        return post("/api/v1/webhooks/crm")
                .contentType(MediaType.APPLICATION_JSON)
                .header("X-O2C-Event-Id", JsonPath.<String>read(body, "$.id"))
                .header("X-O2C-Event-Type", "opportunity.won")
                .header("X-O2C-Timestamp", timestamp)
                .header("X-O2C-Signature", WebhookSigner.sign("it-secret", timestamp, body))
                .content(body.getBytes(StandardCharsets.UTF_8));
    }
}
