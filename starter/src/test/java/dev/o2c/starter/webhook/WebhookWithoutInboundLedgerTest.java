package dev.o2c.starter.webhook;

import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.o2c.ledger.query.ProcessQueries;
import dev.o2c.starter.billing.ProjectBillingService;
import dev.o2c.starter.cash.InvoiceService;
import dev.o2c.starter.events.EventController;
import dev.o2c.starter.events.EventService;
import dev.o2c.starter.events.InboundDatabase;
import dev.o2c.starter.process.ProcessStarter;
import dev.o2c.starter.security.TestSecurity;
import dev.o2c.starter.web.Links;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The inbound event ledger is down (nothing listens where it should be): the starter still starts, and a webhook is
 * answered 503 with Retry-After, so the sender redelivers it; nothing is routed, so nothing is acknowledged unrecorded.
 */
@WebMvcTest(value = {WebhookController.class, EventController.class}, properties = "o2c.webhook.secret=test-secret")
@Import({InboundDatabase.class, EventService.class, WebhookService.class, WebhookVerifier.class, Links.class,
        TestSecurity.class})
class WebhookWithoutInboundLedgerTest {

    @DynamicPropertySource
    static void unreachableInboundLedger(DynamicPropertyRegistry registry) throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort(); // closed again: connections to it are refused
        }
        int closed = port;
        registry.add("o2c.inbound.datasource.url", () -> "jdbc:postgresql://127.0.0.1:" + closed + "/o2c_inbound");
    }

    @Autowired MockMvc mvc;
    @MockitoBean ProcessStarter starter;
    @MockitoBean ProjectBillingService billing;
    @MockitoBean ProcessQueries processes;
    @MockitoBean InvoiceService invoices;

    @Test
    void aWebhookIsAnswered503AndNotRouted() throws Exception {
        String ts = String.valueOf(Instant.now().getEpochSecond());
        mvc.perform(post("/api/v1/webhooks/crm")
                        .contentType(MediaType.APPLICATION_JSON)
                        .header("X-O2C-Timestamp", ts)
                        .header("X-O2C-Signature", WebhookSigner.sign("test-secret", ts, WebhookControllerTest.WON))
                        .content(WebhookControllerTest.WON.getBytes(StandardCharsets.UTF_8)))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "5"))
                .andExpect(content().contentType("application/problem+json"))
                .andExpect(jsonPath("$.type").value("https://o2c.dev/problems/inbound-ledger-unavailable"));
        verifyNoInteractions(starter, billing, invoices);
    }

    @Test
    void theEventsAreAnswered503() throws Exception {
        mvc.perform(get("/api/v1/events"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(jsonPath("$.type").value("https://o2c.dev/problems/inbound-ledger-unavailable"));
    }
}
