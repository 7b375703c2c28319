package dev.o2c.starter.webhook;

import dev.o2c.starter.TestLedger;
import dev.o2c.starter.events.InboundDatabase;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.o2c.starter.security.TestSecurity;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.o2c.ledger.query.ProcessQueries;
import dev.o2c.starter.billing.ProjectBillingService;
import dev.o2c.starter.cash.InvoiceService;
import dev.o2c.starter.config.O2cProperties;
import dev.o2c.starter.process.ProcessStarter;
import dev.o2c.starter.process.StartOutcome;
import dev.o2c.starter.web.Links;
import dev.o2c.workflows.cash.InvoiceCredited;
import dev.o2c.workflows.cash.InvoiceRejected;
import dev.o2c.workflows.cash.PaymentReceived;
import dev.o2c.workflows.model.Money;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.mockito.ArgumentCaptor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

@WebMvcTest(value = WebhookController.class, properties = "o2c.webhook.secret=test-secret")
@Import({InboundDatabase.class, WebhookService.class, WebhookVerifier.class, Links.class, TestSecurity.class})
class WebhookControllerTest {

    /** Webhooks are recorded before they are answered: a real inbound event ledger, fresh for this class. */
    @DynamicPropertySource
    static void inboundEvents(DynamicPropertyRegistry registry) {
        TestLedger.inboundOnly(registry);
    }

    static final String SECRET = "test-secret";
    static final String WF = "opportunity-to-project-opp-9";
    static final String WON = WebhookSigner.event("evt-1", "opportunity.won", "crm",
            "{\"opportunityId\": \"opp-9\", \"accountId\": \"acc-1\"}");

    @Autowired MockMvc mvc;
    @Autowired @Qualifier(InboundDatabase.QUALIFIER) JdbcClient inbound;
    @MockitoBean ProcessStarter starter;
    @MockitoBean ProjectBillingService billing;
    @MockitoBean ProcessQueries processes;
    @MockitoBean InvoiceService invoices;

    /** Each test delivers its events for the first time. */
    @BeforeEach
    void emptyInboundLedger() {
        inbound.sql("truncate inbound_event").update();
    }

    @Test
    void signedOpportunityWonStartsTheSaga() throws Exception {
        when(starter.startUnlessRan(anyString(), anyString(), anyString()))
                .thenReturn(new StartOutcome(WF, "run-1", "RUNNING", "corr-w", true));

        deliver("crm", WON, now(), SECRET, "corr-w")
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.eventId").value("evt-1"))
                .andExpect(jsonPath("$.outcome").value("started"))
                .andExpect(jsonPath("$.workflowId").value(WF))
                .andExpect(jsonPath("$.runId").value("run-1"))
                .andExpect(jsonPath("$.links.process").value("http://localhost/api/v1/processes/" + WF));

        verify(starter).startUnlessRan("opp-9", "corr-w", "webhook:evt-1");
    }

    @Test
    void redeliveredEventIsA2xxDuplicate() throws Exception {
        when(starter.startUnlessRan(anyString(), anyString(), anyString()))
                .thenReturn(new StartOutcome(WF, "run-1", "COMPLETED", "corr-w", false));

        deliver("crm", WON, now(), SECRET, null)
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.outcome").value("duplicate"))
                .andExpect(jsonPath("$.runId").value("run-1"));
    }

    @Test
    void theEventIsRecordedBeforeItIsRoutedAndAnsweredAndTheRecordSaysWhereItWent() throws Exception {
        when(starter.startUnlessRan(anyString(), anyString(), anyString())).thenAnswer(call -> {
            // routing happens after the record is written: an ack can never precede it
            assertThat(row("crm", "evt-1")).containsEntry("status", "RECEIVED").containsEntry("verdict", "VALID");
            return new StartOutcome(WF, "run-1", "RUNNING", "corr-w", true);
        });

        deliver("crm", WON, now(), SECRET, "corr-w").andExpect(status().isAccepted());

        verify(starter).startUnlessRan("opp-9", "corr-w", "webhook:evt-1");
        assertThat(row("crm", "evt-1"))
                .containsEntry("type", "opportunity.won")
                .containsEntry("status", "STARTED")
                .containsEntry("outcome", "started")
                .containsEntry("routed_to", WF)
                .containsEntry("run_id", "run-1")
                .containsEntry("correlation_id", "corr-w")
                .containsEntry("attempts", 1);
        assertThat((String) row("crm", "evt-1").get("payload")).contains("\"opportunityId\": \"opp-9\"");
    }

    @Test
    void aRedeliveryIsADuplicateFromTheRecordEvenWhenTemporalForgotTheProcess() throws Exception {
        // Temporal would start a new run every time: its retention dropped the first one
        when(starter.startUnlessRan(anyString(), anyString(), anyString()))
                .thenReturn(new StartOutcome(WF, "run-1", "RUNNING", null, true));
        deliver("crm", WON, now(), SECRET, null).andExpect(status().isAccepted());

        deliver("crm", WON, now(), SECRET, null)
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.outcome").value("duplicate"))
                .andExpect(jsonPath("$.workflowId").value(WF))
                .andExpect(jsonPath("$.runId").value("run-1"))
                .andExpect(jsonPath("$.links.event").value("http://localhost/api/v1/events/crm:evt-1"));

        verify(starter, org.mockito.Mockito.times(1)).startUnlessRan(anyString(), anyString(), anyString());
        assertThat(row("crm", "evt-1")).containsEntry("attempts", 2).containsEntry("status", "STARTED");
    }

    @Test
    void aRefusedEventIsRoutedAgainWhenRedeliveredAndAForgeryNeverTouchesAVerifiedRecord() throws Exception {
        // a forged delivery first: recorded without its body, then superseded by the sender's real one
        deliver("crm", WON, now(), "another-secret", null).andExpect(status().isUnauthorized());
        assertThat(row("crm", "evt-1")).containsEntry("verdict", "INVALID").containsEntry("status", "REFUSED")
                .containsEntry("outcome", "invalid-signature").containsEntry("payload", null);

        when(starter.startUnlessRan(anyString(), anyString(), anyString()))
                .thenThrow(new io.temporal.client.WorkflowServiceException(
                        io.temporal.api.common.v1.WorkflowExecution.getDefaultInstance(), null,
                        new io.grpc.StatusRuntimeException(io.grpc.Status.UNAVAILABLE)))
                .thenReturn(new StartOutcome(WF, "run-2", "RUNNING", null, true));
        deliver("crm", WON, now(), SECRET, null).andExpect(status().isServiceUnavailable());
        assertThat(row("crm", "evt-1")).containsEntry("verdict", "VALID").containsEntry("status", "FAILED");

        // FAILED is not acknowledged: the redelivery routes it
        deliver("crm", WON, now(), SECRET, null).andExpect(status().isAccepted());
        assertThat(row("crm", "evt-1")).containsEntry("status", "STARTED").containsEntry("run_id", "run-2")
                .containsEntry("attempts", 3);

        // a stale replay of the same bytes changes nothing in the verified record
        deliver("crm", WON, String.valueOf(Instant.now().getEpochSecond() - 3600), SECRET, null)
                .andExpect(status().isUnauthorized());
        assertThat(row("crm", "evt-1")).containsEntry("verdict", "VALID").containsEntry("status", "STARTED")
                .containsEntry("attempts", 3);
    }

    @Test
    void aBodyJsonbCannotHoldIsRecordedWithoutItsPayload() throws Exception {
        when(starter.startUnlessRan(anyString(), anyString(), anyString()))
                .thenReturn(new StartOutcome(WF, "run-1", "RUNNING", null, true));
        deliver("crm", WebhookSigner.event("evt-nul", "opportunity.won", "crm",
                        "{\"opportunityId\": \"opp-9\", \"note\": \"a\\u0000b\"}"), now(), SECRET, null)
                .andExpect(status().isAccepted());
        assertThat(row("crm", "evt-nul")).containsEntry("status", "STARTED").containsEntry("payload", null);
    }

    @Test
    void anEventWithoutAUsableIdIsNotRecorded() throws Exception {
        deliver("crm", "{\"type\": \"opportunity.won\"}", now(), SECRET, null).andExpect(status().isBadRequest());
        deliver("crm", WebhookSigner.event("evt/1", "opportunity.won", "crm", "{}"), now(), SECRET, null)
                .andExpect(status().isBadRequest());
        assertThat(inbound.sql("select count(*) from inbound_event").query(Long.class).single()).isZero();
    }

    private java.util.Map<String, Object> row(String system, String eventId) {
        return inbound.sql("select type, verdict, status, outcome, routed_to, run_id, correlation_id, attempts,"
                        + " payload::text as payload from inbound_event where system = ? and event_id = ?")
                .params(system, eventId).query().singleRow();
    }

    @Test
    void wrongSecretIs401() throws Exception {
        deliver("crm", WON, now(), "another-secret", null)
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentType("application/problem+json"))
                .andExpect(jsonPath("$.type").value("https://o2c.dev/problems/invalid-signature"));
        verifyNoInteractions(starter);
    }

    @Test
    void bodyChangedAfterSigningIs401() throws Exception {
        String ts = now();
        String signature = WebhookSigner.sign(SECRET, ts, WON);
        mvc.perform(post("/api/v1/webhooks/crm")
                        .contentType(MediaType.APPLICATION_JSON)
                        .header("X-O2C-Timestamp", ts)
                        .header("X-O2C-Signature", signature)
                        .content(WON.replace("opp-9", "opp-8")))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.type").value("https://o2c.dev/problems/invalid-signature"));
        verifyNoInteractions(starter);
    }

    @Test
    void signatureOverAnotherTimestampIs401() throws Exception {
        String ts = now();
        mvc.perform(post("/api/v1/webhooks/crm")
                        .contentType(MediaType.APPLICATION_JSON)
                        .header("X-O2C-Timestamp", ts)
                        .header("X-O2C-Signature", WebhookSigner.sign(SECRET, String.valueOf(Long.parseLong(ts) - 1), WON))
                        .content(WON))
                .andExpect(status().isUnauthorized());
        verifyNoInteractions(starter);
    }

    @Test
    void missingOrMalformedSignatureIs401() throws Exception {
        mvc.perform(post("/api/v1/webhooks/crm").contentType(MediaType.APPLICATION_JSON)
                        .header("X-O2C-Timestamp", now()).content(WON))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.type").value("https://o2c.dev/problems/invalid-signature"));
        mvc.perform(post("/api/v1/webhooks/crm").contentType(MediaType.APPLICATION_JSON)
                        .header("X-O2C-Timestamp", now()).header("X-O2C-Signature", "sha256=zz").content(WON))
                .andExpect(status().isUnauthorized());
        mvc.perform(post("/api/v1/webhooks/crm").contentType(MediaType.APPLICATION_JSON)
                        .header("X-O2C-Signature", WebhookSigner.sign(SECRET, "", WON)).content(WON))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.type").value("https://o2c.dev/problems/stale-timestamp"));
        verifyNoInteractions(starter);
    }

    @ParameterizedTest
    @ValueSource(longs = {-301, 301, -86_400})
    void timestampMoreThanFiveMinutesOffIs401EvenWhenCorrectlySigned(long offsetSeconds) throws Exception {
        String ts = String.valueOf(Instant.now().getEpochSecond() + offsetSeconds);
        deliver("crm", WON, ts, SECRET, null)
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.type").value("https://o2c.dev/problems/stale-timestamp"));
        verifyNoInteractions(starter);
    }

    @Test
    void timestampWithinToleranceIsAccepted() throws Exception {
        when(starter.startUnlessRan(anyString(), anyString(), anyString()))
                .thenReturn(new StartOutcome(WF, "run-1", "RUNNING", null, true));
        deliver("crm", WON, String.valueOf(Instant.now().getEpochSecond() - 240), SECRET, null)
                .andExpect(status().isAccepted());
    }

    @Test
    void unknownSystemIs404() throws Exception {
        deliver("billing-bot", WON, now(), SECRET, null)
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("https://o2c.dev/problems/unknown-system"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"time.approved", "expense.approved", "milestone.completed", "contract.amended"})
    void billingEventsFromAnotherSystemAre422SoTheSenderRedelivers(String type) throws Exception {
        String body = WebhookSigner.event("evt-2", type, "erp", "{\"projectId\": \"p-1\"}");
        deliver("erp", body, now(), SECRET, null)
                .andExpect(status().is(422))
                .andExpect(content().contentType("application/problem+json"))
                .andExpect(jsonPath("$.type").value("https://o2c.dev/problems/unsupported-event"))
                .andExpect(jsonPath("$.eventId").value("evt-2"))
                .andExpect(jsonPath("$.eventType").value(type));
        verifyNoInteractions(starter, billing);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"projectId\": \"p-1\"}", "{\"projectId\": \"a/b\", \"timeEntryId\": \"te-1\"}"})
    void approvalWithoutUsableIdsIs400(String data) throws Exception {
        deliver("psa", WebhookSigner.event("evt-8", "time.approved", "psa", data), now(), SECRET, null)
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("https://o2c.dev/problems/validation-failed"));
        verifyNoInteractions(billing);
    }

    @Test
    void paymentReceivedIsRoutedToTheInvoiceWithItsMoney() throws Exception {
        when(invoices.paymentReceived(any())).thenReturn(InvoiceService.Delivery.ROUTED);
        String body = WebhookSigner.event("evt-3", "payment.received", "invoicing",
                "{\"paymentId\": \"pay-1\", \"invoiceId\": \"inv-1\", \"amount\": \"10.5\", \"currency\": \"EUR\"}");
        Instant before = Instant.now();
        deliver("invoicing", body, now(), SECRET, null)
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.outcome").value("routed"))
                .andExpect(jsonPath("$.workflowId").value("invoice-to-cash-inv-1"))
                .andExpect(jsonPath("$.links.process").value("http://localhost/api/v1/processes/invoice-to-cash-inv-1"));

        ArgumentCaptor<PaymentReceived> sent = ArgumentCaptor.forClass(PaymentReceived.class);
        verify(invoices).paymentReceived(sent.capture());
        assertThat(sent.getValue().paymentId()).isEqualTo("pay-1");
        assertThat(sent.getValue().invoiceId()).isEqualTo("inv-1");
        assertThat(sent.getValue().amount()).isEqualTo(Money.of("10.50", "EUR"));
        assertThat(sent.getValue().eventId()).isEqualTo("evt-3");
        assertThat(sent.getValue().receivedAt()).isBetween(before, Instant.now());
        verifyNoInteractions(billing);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"amount\": \"ten\", \"currency\": \"EUR\"", "\"amount\": \"-5\", \"currency\": \"EUR\"",
            "\"amount\": \"0.00\", \"currency\": \"EUR\"", "\"amount\": \"1.234\", \"currency\": \"EUR\"",
            "\"amount\": \"10\", \"currency\": \"Euro\"", "\"amount\": \"10\"", "\"currency\": \"EUR\""})
    void paymentWithABadAmountIs400(String money) throws Exception {
        String body = WebhookSigner.event("evt-3b", "payment.received", "invoicing",
                "{\"paymentId\": \"pay-1\", \"invoiceId\": \"inv-1\", " + money + "}");
        deliver("invoicing", body, now(), SECRET, null)
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType("application/problem+json"))
                .andExpect(jsonPath("$.type").value("https://o2c.dev/problems/validation-failed"));
        verifyNoInteractions(invoices, billing);
    }

    @Test
    void paymentRedeliveredAfterSettlementIsADuplicate() throws Exception {
        when(invoices.paymentReceived(any())).thenReturn(InvoiceService.Delivery.DUPLICATE);
        String body = WebhookSigner.event("evt-3c", "payment.received", "invoicing",
                "{\"paymentId\": \"pay-1\", \"invoiceId\": \"inv-1\", \"amount\": \"10.00\", \"currency\": \"EUR\"}");
        deliver("invoicing", body, now(), SECRET, null)
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.outcome").value("duplicate"))
                .andExpect(jsonPath("$.workflowId").value("invoice-to-cash-inv-1"));
        verifyNoInteractions(billing);
    }

    @Test
    void paymentNoProcessTakesIsParkedCarryingThePayment() throws Exception {
        when(invoices.paymentReceived(any())).thenReturn(InvoiceService.Delivery.NO_PROCESS);
        when(billing.park(any())).thenReturn(new ProjectBillingService.Parked("inbound-event-evt-3d", "run-p", true));
        String body = WebhookSigner.event("evt-3d", "payment.received", "invoicing",
                "{\"paymentId\": \"pay-1\", \"invoiceId\": \"inv-1\", \"amount\": \"10.00\", \"currency\": \"EUR\"}");
        deliver("invoicing", body, now(), SECRET, "corr-p")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.outcome").value("unmanaged"))
                .andExpect(jsonPath("$.workflowId").value("inbound-event-evt-3d"));

        ArgumentCaptor<dev.o2c.workflows.billing.InboundEvent> parked =
                ArgumentCaptor.forClass(dev.o2c.workflows.billing.InboundEvent.class);
        verify(billing).park(parked.capture());
        assertThat(parked.getValue().system()).isEqualTo("invoicing");
        assertThat(parked.getValue().type()).isEqualTo("payment.received");
        assertThat(parked.getValue().businessKey()).isEqualTo("inv-1");
        assertThat(parked.getValue().target()).isEqualTo("invoice-to-cash-inv-1");
        assertThat(parked.getValue().correlationId()).isEqualTo("corr-p");
        assertThat(parked.getValue().payment().paymentId()).isEqualTo("pay-1");
        assertThat(parked.getValue().payment().amount()).isEqualTo(Money.of("10.00", "EUR"));
        assertThat(parked.getValue().isCashEvent()).isTrue();
    }

    @Test
    void rejectionAndCreditAreRouted() throws Exception {
        when(invoices.invoiceRejected(any())).thenReturn(InvoiceService.Delivery.ROUTED);
        when(invoices.invoiceCredited(any())).thenReturn(InvoiceService.Delivery.ROUTED);
        deliver("invoicing", WebhookSigner.event("evt-r", "invoice.rejected", "invoicing",
                        "{\"invoiceId\": \"inv-1\", \"reason\": \"wrong PO\"}"), now(), SECRET, null)
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.outcome").value("routed"));
        deliver("invoicing", WebhookSigner.event("evt-c", "invoice.credited", "invoicing",
                        "{\"creditMemoId\": \"cm-1\", \"invoiceId\": \"inv-1\", \"amount\": \"20.00\","
                                + " \"currency\": \"EUR\", \"balance\": \"0.00\"}"), now(), SECRET, null)
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.outcome").value("routed"));

        ArgumentCaptor<InvoiceRejected> rejection = ArgumentCaptor.forClass(InvoiceRejected.class);
        verify(invoices).invoiceRejected(rejection.capture());
        assertThat(rejection.getValue().reason()).isEqualTo("wrong PO");
        assertThat(rejection.getValue().eventId()).isEqualTo("evt-r");
        verify(invoices).invoiceCredited(new InvoiceCredited("cm-1", "inv-1", Money.of("20.00", "EUR"), "evt-c"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"payment.received", "invoice.rejected", "invoice.credited"})
    void invoicingEventsFromAnotherSystemAre422(String type) throws Exception {
        String body = WebhookSigner.event("evt-3e", type, "erp",
                "{\"paymentId\": \"pay-1\", \"invoiceId\": \"inv-1\", \"amount\": \"10.00\", \"currency\": \"EUR\"}");
        deliver("erp", body, now(), SECRET, null)
                .andExpect(status().is(422))
                .andExpect(jsonPath("$.type").value("https://o2c.dev/problems/unsupported-event"))
                .andExpect(jsonPath("$.eventType").value(type));
        verifyNoInteractions(invoices, billing);
    }

    @Test
    void opportunityWonFromAnotherSystemIs422() throws Exception {
        deliver("erp", WebhookSigner.event("evt-1", "opportunity.won", "erp", "{\"opportunityId\": \"opp-9\"}"),
                now(), SECRET, null)
                .andExpect(status().is(422))
                .andExpect(jsonPath("$.type").value("https://o2c.dev/problems/unsupported-event"));
        verifyNoInteractions(starter);
    }

    @Test
    void unknownEventTypeIs422() throws Exception {
        deliver("crm", WebhookSigner.event("evt-4", "account.renamed", "crm", "{}"), now(), SECRET, null)
                .andExpect(status().is(422))
                .andExpect(jsonPath("$.type").value("https://o2c.dev/problems/unknown-event"));
    }

    @Test
    void malformedJsonIs400() throws Exception {
        deliver("crm", "{\"id\": \"evt-5\", ", now(), SECRET, null)
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("https://o2c.dev/problems/malformed-request"));
        deliver("crm", "[1, 2]", now(), SECRET, null)
                .andExpect(status().isBadRequest());
        deliver("crm", "{\"type\": \"opportunity.won\"}", now(), SECRET, null)
                .andExpect(status().isBadRequest());
        verifyNoInteractions(starter);
    }

    @Test
    void opportunityWonWithoutAUsableOpportunityIdIs400() throws Exception {
        deliver("crm", WebhookSigner.event("evt-6", "opportunity.won", "crm", "{\"accountId\": \"a\"}"), now(), SECRET, null)
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("data.opportunityId"));
        deliver("crm", WebhookSigner.event("evt-7", "opportunity.won", "crm", "{\"opportunityId\": \"a/b\"}"), now(), SECRET, null)
                .andExpect(status().isBadRequest());
        verifyNoInteractions(starter);
    }

    @Test
    void aBodyOverTheLimitIs413BeforeItsSignatureIsLookedAt() throws Exception {
        String padding = "x".repeat((int) O2cProperties.Webhook.DEFAULT_MAX_BODY_BYTES);
        String huge = WebhookSigner.event("evt-big", "opportunity.won", "crm",
                "{\"opportunityId\": \"opp-9\", \"note\": \"" + padding + "\"}");
        deliver("crm", huge, now(), SECRET, null)
                .andExpect(status().is(413))
                .andExpect(content().contentType("application/problem+json"))
                .andExpect(jsonPath("$.type").value("https://o2c.dev/problems/payload-too-large"))
                .andExpect(jsonPath("$.maxBodyBytes").value(1048576));
        // no signature at all: still 413, not 401 (the size is checked first)
        mvc.perform(post("/api/v1/webhooks/crm").contentType(MediaType.APPLICATION_JSON).content(huge))
                .andExpect(status().is(413));
        verifyNoInteractions(starter, billing, invoices);
    }

    @Test
    void aBodyOfExactlyTheLimitIsRead() throws Exception {
        String event = WebhookSigner.event("evt-edge", "opportunity.won", "crm",
                "{\"opportunityId\": \"opp-9\", \"note\": \"\"}");
        String padded = event + " ".repeat((int) O2cProperties.Webhook.DEFAULT_MAX_BODY_BYTES - event.length());
        when(starter.startUnlessRan(anyString(), anyString(), anyString()))
                .thenReturn(new StartOutcome(WF, "run-1", "RUNNING", null, true));
        deliver("crm", padded, now(), SECRET, null).andExpect(status().isAccepted());
    }

    @Test
    void anEventSpeakingForAnotherSystemThanThePathIs403() throws Exception {
        // signed with the (shared) secret valid for psa, but the body says it comes from the CRM
        deliver("psa", WON, now(), SECRET, null)
                .andExpect(status().isForbidden())
                .andExpect(content().contentType("application/problem+json"))
                .andExpect(jsonPath("$.type").value("https://o2c.dev/problems/system-mismatch"))
                .andExpect(jsonPath("$.eventId").value("evt-1"));
        deliver("crm", "{\"id\": \"evt-1\", \"type\": \"opportunity.won\", \"data\": {\"opportunityId\": \"o\"}}",
                        now(), SECRET, null)
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("https://o2c.dev/problems/malformed-request"));
        verifyNoInteractions(starter, billing, invoices);
    }

    @ParameterizedTest
    @ValueSource(strings = {"evt/1", "evt 1", "évt-1", "evt-1\\n", "evt<1>", "", "a_101"})
    void anEventIdOverOneHundredCharactersOrOutsideTheCharsetIs400(String eventId) throws Exception {
        String id = eventId.equals("a_101") ? "a".repeat(101) : eventId;
        deliver("crm", WebhookSigner.event(id, "opportunity.won", "crm", "{\"opportunityId\": \"opp-9\"}"), now(),
                        SECRET, null)
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType("application/problem+json"))
                .andExpect(jsonPath("$.type").value("https://o2c.dev/problems/validation-failed"))
                .andExpect(jsonPath("$.errors[0].field").value("id"));
        verifyNoInteractions(starter);
    }

    @Test
    void anEventIdOfOneHundredCharactersIsTaken() throws Exception {
        when(starter.startUnlessRan(anyString(), anyString(), anyString()))
                .thenReturn(new StartOutcome(WF, "run-1", "RUNNING", null, true));
        String id = "Az09._:-".repeat(12) + "abcd";
        deliver("crm", WebhookSigner.event(id, "opportunity.won", "crm", "{\"opportunityId\": \"opp-9\"}"), now(),
                        SECRET, null)
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.eventId").value(id));
    }

    @Test
    void verifierSignsExactlyLikeTheContract() {
        O2cTestProperties.verifier(SECRET).verify("1700000000", WebhookSigner.sign(SECRET, "1700000000", WON),
                WON.getBytes(StandardCharsets.UTF_8));
        assertThat(O2cTestProperties.verifier(SECRET).sign("1700000000", WON.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(WebhookSigner.sign(SECRET, "1700000000", WON));
    }

    private ResultActions deliver(String system, String body, String timestamp, String secret, String correlationId)
            throws Exception {
        var request = post("/api/v1/webhooks/" + system)
                .contentType(MediaType.APPLICATION_JSON)
                .header("X-O2C-Event-Id", "ignored-header-id")
                .header("X-O2C-Timestamp", timestamp)
                .header("X-O2C-Signature", WebhookSigner.sign(secret, timestamp, body))
                .content(body.getBytes(StandardCharsets.UTF_8));
        if (correlationId != null) {
            request.header("X-Correlation-Id", correlationId);
        }
        return mvc.perform(request);
    }

    private static String now() {
        return String.valueOf(Instant.now().getEpochSecond());
    }
}
