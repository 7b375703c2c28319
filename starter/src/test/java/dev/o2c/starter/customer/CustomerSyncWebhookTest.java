package dev.o2c.starter.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.o2c.ledger.query.ProcessQueries;
import dev.o2c.starter.FakeWorkflows;
import dev.o2c.starter.TestLedger;
import dev.o2c.starter.billing.ProjectBillingService;
import dev.o2c.starter.cash.InvoiceService;
import dev.o2c.starter.events.InboundDatabase;
import dev.o2c.starter.process.ProcessStarter;
import dev.o2c.starter.security.TestSecurity;
import dev.o2c.starter.web.Links;
import dev.o2c.starter.webhook.WebhookController;
import dev.o2c.starter.webhook.WebhookService;
import dev.o2c.starter.webhook.WebhookSigner;
import dev.o2c.starter.webhook.WebhookVerifier;
import dev.o2c.workflows.customer.AccountUpdated;
import dev.o2c.workflows.customer.CustomerSyncRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.testing.TestWorkflowEnvironment;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/**
 * CRM {@code account.updated} webhooks routed to customer sync by signal-with-start, against a real Temporal test
 * server running a fake {@code CustomerSyncWorkflow}, with the real inbound event ledger.
 */
@WebMvcTest(value = WebhookController.class, properties = {"o2c.webhook.secret=" + CustomerSyncWebhookTest.SECRET,
        "o2c.park-timeout=P7D"})
@Import({InboundDatabase.class, WebhookService.class, WebhookVerifier.class, Links.class, CustomerSyncService.class,
        CustomerSyncWebhookTest.Temporal.class, TestSecurity.class})
class CustomerSyncWebhookTest {

    static final String SECRET = "customer-secret";
    static final TestWorkflowEnvironment ENV = FakeWorkflows.started(FakeCustomerSyncWorkflow.class);

    @DynamicPropertySource
    static void inboundEvents(DynamicPropertyRegistry registry) {
        TestLedger.inboundOnly(registry);
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Temporal {
        @Bean
        WorkflowClient workflowClient() {
            return ENV.getWorkflowClient();
        }
    }

    @Autowired MockMvc mvc;
    @Autowired @Qualifier(InboundDatabase.QUALIFIER) JdbcClient inbound;
    @MockitoBean ProcessStarter starter;
    @MockitoBean ProjectBillingService billing;
    @MockitoBean ProcessQueries processes;
    @MockitoBean InvoiceService invoices;

    @AfterAll
    static void stopTemporal() {
        ENV.close();
    }

    @BeforeEach
    void emptyInboundLedger() {
        inbound.sql("truncate inbound_event").update();
    }

    @Test
    void accountUpdatedStartsTheAccountsSyncWithTheEventThenSignalsTheRunningOneAndRecordsIt() throws Exception {
        String first = accountUpdated("evt-a1", "acc-1", 2);
        ResultActions routed = deliver("crm", first, "corr-acc").andExpect(status().isAccepted())
                .andExpect(jsonPath("$.outcome").value("routed"))
                .andExpect(jsonPath("$.workflowId").value("customer-sync-acc-1"))
                .andExpect(jsonPath("$.links.process").exists());
        String runId = com.jayway.jsonpath.JsonPath.read(routed.andReturn().getResponse().getContentAsString(),
                "$.runId");

        deliver("crm", accountUpdated("evt-a2", "acc-1", 3), null).andExpect(status().isAccepted())
                .andExpect(jsonPath("$.runId").value(runId)); // the running process took it: no second run

        List<CustomerSyncRequest> starts = awaitStarts("customer-sync-acc-1");
        assertThat(starts).singleElement().satisfies(r -> {
            assertThat(r.accountId()).isEqualTo("acc-1");
            assertThat(r.correlationId()).isEqualTo("corr-acc");
            assertThat(r.parkTimeout()).isEqualTo(Duration.ofDays(7));
        });
        assertThat(awaitSignals(runId, 2)).containsExactly(new AccountUpdated("acc-1", "evt-a1", 2),
                new AccountUpdated("acc-1", "evt-a2", 3));
        Map<String, Object> record = inbound.sql("select status, routed_to from inbound_event where event_id = 'evt-a1'")
                .query().singleRow();
        assertThat(record).containsEntry("status", "ROUTED").containsEntry("routed_to", "customer-sync-acc-1");
    }

    @Test
    void aRedeliveryIsADuplicateAndSignalsNothing() throws Exception {
        String event = accountUpdated("evt-b1", "acc-2", 2);
        String runId = com.jayway.jsonpath.JsonPath.read(deliver("crm", event, null)
                .andExpect(status().isAccepted()).andReturn().getResponse().getContentAsString(), "$.runId");

        deliver("crm", event, null).andExpect(status().isOk()).andExpect(jsonPath("$.outcome").value("duplicate"));

        assertThat(awaitSignals(runId, 1)).hasSize(1);
        Thread.sleep(200);
        assertThat(FakeCustomerSyncWorkflow.SIGNALS.get(runId)).hasSize(1);
    }

    @Test
    void anEventWithoutAUsableAccountOrVersionIs400AndStartsNothing() throws Exception {
        deliver("crm", accountUpdated("evt-c1", "acc 3!", 2), null).andExpect(status().isBadRequest());
        deliver("crm", WebhookSigner.event("evt-c2", "account.updated", "crm", "{\"accountId\": \"acc-3\"}"), null)
                .andExpect(status().isBadRequest());
        assertThat(FakeCustomerSyncWorkflow.STARTS).doesNotContainKey("customer-sync-acc-3");
    }

    @Test
    void accountUpdatedFromAnotherSystemIs422() throws Exception {
        deliver("psa", WebhookSigner.event("evt-d1", "account.updated", "psa",
                "{\"accountId\": \"acc-4\", \"version\": 2}"), null).andExpect(status().isUnprocessableContent());
    }

    private static String accountUpdated(String eventId, String accountId, long version) {
        return WebhookSigner.event(eventId, "account.updated", "crm",
                "{\"accountId\": \"" + accountId + "\", \"version\": " + version + "}");
    }

    private ResultActions deliver(String system, String body, String correlationId) throws Exception {
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        var request = post("/api/v1/webhooks/" + system).contentType(MediaType.APPLICATION_JSON)
                .header("X-O2C-Timestamp", timestamp)
                .header("X-O2C-Signature", WebhookSigner.sign(SECRET, timestamp, body))
                .content(body.getBytes(StandardCharsets.UTF_8));
        if (correlationId != null) {
            request.header("X-Correlation-Id", correlationId);
        }
        return mvc.perform(request);
    }

    private static List<CustomerSyncRequest> awaitStarts(String workflowId) throws InterruptedException {
        for (int i = 0; i < 100 && !FakeCustomerSyncWorkflow.STARTS.containsKey(workflowId); i++) {
            Thread.sleep(50);
        }
        return FakeCustomerSyncWorkflow.STARTS.get(workflowId);
    }

    private static List<AccountUpdated> awaitSignals(String runId, int count) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            List<AccountUpdated> signals = FakeCustomerSyncWorkflow.SIGNALS.get(runId);
            if (signals != null && signals.size() >= count) {
                return signals;
            }
            Thread.sleep(50);
        }
        return FakeCustomerSyncWorkflow.SIGNALS.get(runId);
    }
}
