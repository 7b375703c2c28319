package dev.o2c.starter.webhook;

import dev.o2c.starter.TestLedger;
import dev.o2c.starter.events.InboundDatabase;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.o2c.starter.security.TestSecurity;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.o2c.ledger.query.ProcessQueries;
import dev.o2c.starter.billing.ProjectBillingService;
import dev.o2c.starter.cash.InvoiceService;
import dev.o2c.starter.process.ProcessStarter;
import dev.o2c.starter.process.StartOutcome;
import dev.o2c.starter.web.Links;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/** Per-system secrets: the CRM's is being rotated (two active), every other system keeps the shared one. */
@WebMvcTest(value = WebhookController.class, properties = {
        "o2c.webhook.secret=" + WebhookSecretRotationTest.SHARED,
        "o2c.webhook.secrets.crm= " + WebhookSecretRotationTest.NEW_CRM + " , " + WebhookSecretRotationTest.OLD_CRM,
        "o2c.webhook.max-body-bytes=4096"})
@Import({InboundDatabase.class, WebhookService.class, WebhookVerifier.class, Links.class, TestSecurity.class})
class WebhookSecretRotationTest {

    /** Webhooks are recorded before they are answered: a real inbound event ledger, fresh for this class. */
    @DynamicPropertySource
    static void inboundEvents(DynamicPropertyRegistry registry) {
        TestLedger.inboundOnly(registry);
    }

    static final String SHARED = "shared-secret-of-every-other-system";
    static final String OLD_CRM = "the-crm-secret-being-rotated-out";
    static final String NEW_CRM = "the-crm-secret-being-rotated-in";
    static final String WON = WebhookSigner.event("evt-r1", "opportunity.won", "crm",
            "{\"opportunityId\": \"opp-r\", \"accountId\": \"acc-1\"}");

    @Autowired MockMvc mvc;
    @MockitoBean ProcessStarter starter;
    @MockitoBean ProjectBillingService billing;
    @MockitoBean ProcessQueries processes;
    @MockitoBean InvoiceService invoices;

    @Test
    void theOldAndTheNewSecretAreBothAcceptedWhileRotating() throws Exception {
        when(starter.startUnlessRan(anyString(), anyString(), anyString()))
                .thenReturn(new StartOutcome("opportunity-to-project-opp-r", "run-1", "RUNNING", null, true));
        deliver("crm", WON, OLD_CRM).andExpect(status().isAccepted());
        // verified with the new secret (else 401), and recognised as the same event from the inbound event ledger
        deliver("crm", WON, NEW_CRM).andExpect(status().isOk())
                .andExpect(jsonPath("$.outcome").value("duplicate"));
    }

    @Test
    void aThirdSecretIsRefusedEvenTheSharedOne() throws Exception {
        deliver("crm", WON, "a-third-secret-nobody-configured").andExpect(status().isUnauthorized())
                .andExpect(content().contentType("application/problem+json"))
                .andExpect(jsonPath("$.type").value("https://o2c.dev/problems/invalid-signature"));
        deliver("crm", WON, SHARED).andExpect(status().isUnauthorized());
        verifyNoInteractions(starter);
    }

    @Test
    void aSystemWithoutItsOwnSecretKeepsTheSharedOne() throws Exception {
        String body = WebhookSigner.event("evt-r2", "account.renamed", "psa", "{}");
        deliver("psa", body, SHARED).andExpect(status().is(422));
        deliver("psa", body, NEW_CRM).andExpect(status().isUnauthorized());
    }

    @Test
    void theBodyLimitIsConfigurable() throws Exception {
        String body = WebhookSigner.event("evt-r3", "opportunity.won", "crm",
                "{\"opportunityId\": \"opp-r\", \"note\": \"" + "x".repeat(4096) + "\"}");
        deliver("crm", body, NEW_CRM).andExpect(status().is(413))
                .andExpect(jsonPath("$.maxBodyBytes").value(4096));
        verifyNoInteractions(starter);
    }

    private ResultActions deliver(String system, String body, String secret) throws Exception {
        String timestamp = String.valueOf(Instant.now().getEpochSecond());
        return mvc.perform(post("/api/v1/webhooks/" + system)
                .contentType(MediaType.APPLICATION_JSON)
                .header("X-O2C-Timestamp", timestamp)
                .header("X-O2C-Signature", WebhookSigner.sign(secret, timestamp, body))
                .content(body.getBytes(StandardCharsets.UTF_8)));
    }
}
