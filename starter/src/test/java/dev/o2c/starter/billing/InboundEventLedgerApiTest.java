package dev.o2c.starter.billing;

import dev.o2c.starter.FakeWorkflows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.o2c.ledger.query.ProcessQueries;
import dev.o2c.starter.TestLedger;
import dev.o2c.starter.cash.InvoiceService;
import dev.o2c.starter.events.EventController;
import dev.o2c.starter.events.EventService;
import dev.o2c.starter.events.InboundDatabase;
import dev.o2c.starter.process.ProcessStarter;
import dev.o2c.starter.security.TestSecurity;
import dev.o2c.starter.security.TestTokens;
import dev.o2c.starter.web.Links;
import dev.o2c.starter.webhook.WebhookController;
import dev.o2c.starter.webhook.WebhookService;
import dev.o2c.starter.webhook.WebhookSigner;
import dev.o2c.starter.webhook.WebhookVerifier;
import dev.o2c.workflows.billing.WorkApproved;
import io.temporal.client.WorkflowClient;
import io.temporal.testing.TestWorkflowEnvironment;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
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
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The inbound event ledger through the API, against a real Temporal test server (fake billing and inbound-event
 * workflows) and a real PostgreSQL: webhooks listed once however often delivered, an unmanaged event replayed by an
 * operator once its project's billing runs, a routed one refused. In the billing package for the billing fakes.
 */
@WebMvcTest(controllers = {WebhookController.class, EventController.class},
        properties = {"o2c.webhook.secret=" + InboundEventLedgerApiTest.SECRET, "o2c.query-timeout=PT5S"})
@Import({InboundDatabase.class, EventService.class, ProjectBillingService.class, InvoiceService.class,
        WebhookService.class, WebhookVerifier.class, Links.class, ProcessStarter.class,
        InboundEventLedgerApiTest.Temporal.class, TestSecurity.class})
class InboundEventLedgerApiTest {

    static final String SECRET = "ledger-secret";
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

    @DynamicPropertySource
    static void inboundEvents(DynamicPropertyRegistry registry) {
        TestLedger.inboundOnly(registry);
    }

    @Autowired MockMvc mvc;
    @MockitoBean ProcessQueries processes;

    @AfterAll
    static void stopTemporal() {
        ENV.close();
    }

    @BeforeEach
    void ledger() {
        when(processes.find(anyString())).thenReturn(Optional.empty());
    }

    @Test
    void anUnmanagedEventIsListedOnceAndAnOperatorReplaysItOnceItsProjectBills() throws Exception {
        String event = WebhookSigner.event("evt-late-1", "time.approved", "psa",
                "{\"timeEntryId\": \"te-late\", \"projectId\": \"p-late\"}");
        deliver("psa", event).andExpect(status().isOk())
                .andExpect(jsonPath("$.outcome").value("unmanaged"));
        deliver("psa", event).andExpect(status().isOk())
                .andExpect(jsonPath("$.outcome").value("duplicate"))
                .andExpect(jsonPath("$.workflowId").value("inbound-event-evt-late-1"));

        mvc.perform(get("/api/v1/events").param("status", "UNMANAGED").param("system", "psa"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items[?(@.id == 'psa:evt-late-1')].attempts").value(2))
                .andExpect(jsonPath("$.items[?(@.id == 'psa:evt-late-1')].routedTo").value("inbound-event-evt-late-1"))
                .andExpect(jsonPath("$.items[?(@.id == 'psa:evt-late-1')].verdict").value("VALID"))
                .andExpect(jsonPath("$.items[?(@.id == 'psa:evt-late-1')].links.replay")
                        .value("http://localhost/api/v1/events/psa:evt-late-1/replay"));

        // the project's billing runs now: the operator sends the event on
        String billing = ProjectBillingApiTest.startProject(ENV.getWorkflowClient(), "p-late");
        mvc.perform(post("/api/v1/events/psa:evt-late-1/replay")
                        .header("Authorization", TestTokens.bearer("olga", List.of("operator"), List.of("pmo"))))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("ROUTED"))
                .andExpect(jsonPath("$.outcome").value("routed"))
                .andExpect(jsonPath("$.routedTo").value(billing))
                .andExpect(jsonPath("$.replays").value(1))
                .andExpect(jsonPath("$.replayedBy").value("olga"))
                .andExpect(jsonPath("$.replayedAt").isNotEmpty())
                .andExpect(jsonPath("$.payload.data.timeEntryId").value("te-late"));
        ProjectBillingApiTest.eventually(() -> assertThat(FakeProjectBillingWorkflow.SIGNALS.get(billing))
                .contains(new WorkApproved(WorkApproved.TIME, "te-late", "evt-late-1")));

        // routed now: no second replay, and a redelivery is a duplicate of the routing
        mvc.perform(post("/api/v1/events/psa:evt-late-1/replay"))
                .andExpect(status().isConflict())
                .andExpect(content().contentType(PROBLEM))
                .andExpect(jsonPath("$.type").value("https://o2c.dev/problems/event-not-replayable"))
                .andExpect(jsonPath("$.reason").value("ROUTED"));
        deliver("psa", event).andExpect(status().isOk())
                .andExpect(jsonPath("$.outcome").value("duplicate"))
                .andExpect(jsonPath("$.workflowId").value(billing));
        mvc.perform(get("/api/v1/events/psa:evt-late-1"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("ROUTED"))
                .andExpect(jsonPath("$.attempts").value(3))
                .andExpect(jsonPath("$.links.process").value("http://localhost/api/v1/processes/" + billing))
                .andExpect(jsonPath("$.links.replay").doesNotExist());
        mvc.perform(get("/api/v1/events").param("status", "UNMANAGED"))
                .andExpect(jsonPath("$.items[*].id", not(hasItem("psa:evt-late-1"))));
    }

    @Test
    void aRefusedEventIsRefusedAgainOnReplayAndAnUnverifiedOneIsNotReplayed() throws Exception {
        String renamed = WebhookSigner.event("evt-ren-1", "account.renamed", "crm", "{}");
        deliver("crm", renamed).andExpect(status().is(422));
        mvc.perform(post("/api/v1/events/crm:evt-ren-1/replay"))
                .andExpect(status().is(422))
                .andExpect(jsonPath("$.type").value("https://o2c.dev/problems/unknown-event"));
        mvc.perform(get("/api/v1/events/crm:evt-ren-1"))
                .andExpect(jsonPath("$.status").value("REFUSED"))
                .andExpect(jsonPath("$.outcome").value("unknown-event"))
                .andExpect(jsonPath("$.replays").value(1))
                .andExpect(jsonPath("$.replayedBy").value("ada"));

        // signed with another secret: recorded (without its body), never replayed
        String forged = WebhookSigner.event("evt-forged-1", "opportunity.won", "crm", "{\"opportunityId\": \"o-f\"}");
        String ts = String.valueOf(Instant.now().getEpochSecond());
        mvc.perform(post("/api/v1/webhooks/crm").contentType(MediaType.APPLICATION_JSON)
                        .header("X-O2C-Timestamp", ts)
                        .header("X-O2C-Signature", WebhookSigner.sign("not-the-secret", ts, forged))
                        .content(forged))
                .andExpect(status().isUnauthorized());
        mvc.perform(get("/api/v1/events/crm:evt-forged-1"))
                .andExpect(jsonPath("$.verdict").value("INVALID"))
                .andExpect(jsonPath("$.status").value("REFUSED"))
                .andExpect(jsonPath("$.outcome").value("invalid-signature"))
                .andExpect(jsonPath("$.payload").doesNotExist());
        mvc.perform(post("/api/v1/events/crm:evt-forged-1/replay"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.reason").value("UNVERIFIED"));

        mvc.perform(post("/api/v1/events/crm:nobody/replay"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("https://o2c.dev/problems/event-not-found"));
        mvc.perform(get("/api/v1/events/evt-without-system"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("https://o2c.dev/problems/validation-failed"));
        mvc.perform(get("/api/v1/events").param("status", "LOST"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("status"));
    }

    @Test
    void theListIsNewestFirstAndPagesWithACursor() throws Exception {
        for (int i = 1; i <= 3; i++) {
            deliver("erp", WebhookSigner.event("evt-page-" + i, "account.renamed", "erp", "{}"))
                    .andExpect(status().is(422));
        }
        JsonNode first = json(mvc.perform(get("/api/v1/events").param("system", "erp").param("limit", "2"))
                .andExpect(status().isOk()));
        assertThat(first.path("items").findValuesAsString("eventId")).containsExactly("evt-page-3", "evt-page-2");
        assertThat(first.path("links").path("next").asString()).contains("cursor=");
        JsonNode second = json(mvc.perform(get("/api/v1/events").param("system", "erp").param("limit", "2")
                .param("cursor", first.path("nextCursor").asString())));
        assertThat(second.path("items").findValuesAsString("eventId")).containsExactly("evt-page-1");
        assertThat(second.path("nextCursor").isNull() || second.path("nextCursor").isMissingNode()).isTrue();
        mvc.perform(get("/api/v1/events").param("cursor", "garbage"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("https://o2c.dev/problems/invalid-cursor"));
    }

    private static JsonNode json(ResultActions result) throws Exception {
        return JsonMapper.builder().build().readTree(result.andReturn().getResponse().getContentAsString());
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
