package dev.o2c.starter.cash;

import dev.o2c.starter.FakeWorkflows;
import dev.o2c.starter.TestLedger;
import dev.o2c.starter.events.InboundDatabase;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.o2c.starter.security.TestTokens;
import dev.o2c.starter.security.TestSecurity;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.hasSize;
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
import dev.o2c.starter.billing.FakeInboundEventWorkflow;
import dev.o2c.starter.billing.ProjectBillingService;
import dev.o2c.starter.process.ProcessStarter;
import dev.o2c.starter.web.Links;
import dev.o2c.starter.webhook.WebhookController;
import dev.o2c.starter.webhook.WebhookService;
import dev.o2c.starter.webhook.WebhookSigner;
import dev.o2c.starter.webhook.WebhookVerifier;
import dev.o2c.workflows.cash.CashRefusal;
import dev.o2c.workflows.cash.DisputeOutcome;
import dev.o2c.workflows.cash.DisputeRequest;
import dev.o2c.workflows.cash.DisputeResolution;
import dev.o2c.workflows.cash.InvoiceCredited;
import dev.o2c.workflows.cash.InvoiceRejected;
import dev.o2c.workflows.cash.InvoiceToCashRequest;
import dev.o2c.workflows.cash.InvoiceToCashWorkflow;
import dev.o2c.workflows.cash.PaymentReceived;
import dev.o2c.workflows.cash.VoidRequest;
import dev.o2c.workflows.cash.WriteOffRequest;
import dev.o2c.workflows.common.TaskQueues;
import dev.o2c.workflows.model.Money;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
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
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The invoice endpoints and the invoicing webhooks against a real Temporal test server, with fakes of invoice-to-cash
 * and the inbound-event process on the {@code o2c-workflows} queue: the fake's validators refuse with
 * {@code CashRefusal.X.failure(...)}, so the real mapping of a refusal to a problem is exercised. Only the ledger is a
 * mock.
 */
@WebMvcTest(controllers = {InvoiceController.class, WebhookController.class},
        properties = {"o2c.webhook.secret=" + InvoiceApiTest.SECRET, "o2c.temporal-ui-url=http://ui.test",
                "o2c.query-timeout=PT5S", "o2c.decision-timeout=PT5S"})
@Import({InboundDatabase.class, InvoiceService.class, ProjectBillingService.class, WebhookService.class, WebhookVerifier.class, Links.class,
        InvoiceApiTest.Temporal.class, TestSecurity.class})
class InvoiceApiTest {

    /** Webhooks are recorded before they are answered: a real inbound event ledger, fresh for this class. */
    @DynamicPropertySource
    static void inboundEvents(DynamicPropertyRegistry registry) {
        TestLedger.inboundOnly(registry);
    }

    static final String SECRET = "cash-secret";
    static final String PROBLEM = "application/problem+json";
    static final ObjectMapper JSON = new ObjectMapper();
    static final TestWorkflowEnvironment ENV = FakeWorkflows.started(FakeInvoiceToCashWorkflow.class,
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
    @MockitoBean ProcessStarter starter;

    @AfterAll
    static void stopTemporal() {
        ENV.close();
    }

    @BeforeEach
    void ledger() {
        when(processes.find(anyString())).thenReturn(Optional.empty());
    }

    // ---------------------------------------------------------------------------------------------------- the view

    @Test
    void invoiceIsTheInvoiceQueryWithDunningPaymentsAndLinks() throws Exception {
        String wf = startInvoice("inv-view");

        mvc.perform(get("/api/v1/invoices/inv-view"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.invoiceId").value("inv-view"))
                .andExpect(jsonPath("$.number").value("INV-inv-view"))
                .andExpect(jsonPath("$.processId").value(wf))
                .andExpect(jsonPath("$.processStatus").value("RUNNING"))
                .andExpect(jsonPath("$.status").value("PARTIALLY_PAID"))
                .andExpect(jsonPath("$.total.amount").value("1190.00"))
                .andExpect(jsonPath("$.total.currency").value("EUR"))
                .andExpect(jsonPath("$.paid.amount").value("500.00"))
                .andExpect(jsonPath("$.credited.amount").value("0.00"))
                .andExpect(jsonPath("$.writtenOff.amount").value("0.00"))
                .andExpect(jsonPath("$.balance.amount").value("690.00"))
                .andExpect(jsonPath("$.balance.currency").value("EUR"))
                .andExpect(jsonPath("$.issueDate").value("2026-04-01"))
                .andExpect(jsonPath("$.dueDate").value("2026-04-15"))
                .andExpect(jsonPath("$.receivableId").value("AR-1"))
                .andExpect(jsonPath("$.psaProjectId").value("p-1"))
                .andExpect(jsonPath("$.dunning.stage").value(1))
                .andExpect(jsonPath("$.dunning.stages").value(3))
                .andExpect(jsonPath("$.dunning.nextAt").value("2026-05-01T00:00:00Z"))
                .andExpect(jsonPath("$.dunning.held").value(false))
                .andExpect(jsonPath("$.dunning.escalated").value(false))
                .andExpect(jsonPath("$.dunning.reminders[0].stage").value(1))
                .andExpect(jsonPath("$.dunning.reminders[0].reminderId").value("REM-1"))
                .andExpect(jsonPath("$.disputes", hasSize(0)))
                .andExpect(jsonPath("$.payments[0].paymentId").value("pay-1"))
                .andExpect(jsonPath("$.payments[0].amount.amount").value("500.00"))
                .andExpect(jsonPath("$.payments[0].status").value("APPLIED"))
                .andExpect(jsonPath("$.payments[0].receivedAt").value("2026-04-10T08:00:00Z"))
                .andExpect(jsonPath("$.payments[0].appliedAt").value("2026-04-10T08:01:30Z"))
                .andExpect(jsonPath("$.payments[0].applyDelayMillis").value(90000))
                .andExpect(jsonPath("$.payments[0].erpPaymentId").value("ERP-PAY-1"))
                .andExpect(jsonPath("$.credits", hasSize(0)))
                .andExpect(jsonPath("$.writeOffs", hasSize(0)))
                .andExpect(jsonPath("$.rejectionReason").value(nullValue()))
                .andExpect(jsonPath("$.voidReason").value(nullValue()))
                .andExpect(jsonPath("$.links.self").value("http://localhost/api/v1/invoices/inv-view"))
                .andExpect(jsonPath("$.links.process").value("http://localhost/api/v1/processes/" + wf))
                .andExpect(jsonPath("$.links.projectBilling").value("http://localhost/api/v1/projects/p-1/billing"))
                .andExpect(jsonPath("$.links.temporalUi").value("http://ui.test/namespaces/default/workflows/" + wf));
    }

    @Test
    void invoiceOfASettledProcessIsStillShown() throws Exception {
        String wf = startInvoice("settled-view");
        WorkflowStub.fromTyped(ENV.getWorkflowClient().newWorkflowStub(InvoiceToCashWorkflow.class, wf))
                .getResult(Object.class);

        mvc.perform(get("/api/v1/invoices/settled-view"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("PAID"))
                .andExpect(jsonPath("$.processStatus").value("COMPLETED"))
                .andExpect(jsonPath("$.balance.amount").value("0.00"))
                .andExpect(jsonPath("$.payments[0].paymentId").value("pay-settled"));
    }

    @Test
    void unknownInvoiceIs404AndAnInvalidId400() throws Exception {
        mvc.perform(get("/api/v1/invoices/inv-nobody"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentType(PROBLEM))
                .andExpect(jsonPath("$.type").value("https://o2c.dev/problems/invoice-not-found"))
                .andExpect(jsonPath("$.invoiceId").value("inv-nobody"));
        mvc.perform(get("/api/v1/invoices/inv bad"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("https://o2c.dev/problems/validation-failed"))
                .andExpect(jsonPath("$.errors[0].field").value("invoiceId"));
    }

    // ------------------------------------------------------------------------------------------------- disputes

    @Test
    void disputeIsOpenedWithLocationAndResolved() throws Exception {
        String wf = startInvoice("inv-disp");

        mvc.perform(post("/api/v1/invoices/inv-disp/disputes").contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"reason": "hours billed twice", "amount": {"amount": "100.5", "currency": "EUR"},
                                 "actor": "alice", "requestId": "req-1"}"""))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", "http://localhost/api/v1/invoices/inv-disp/disputes/D-1"))
                .andExpect(jsonPath("$.disputeId").value("D-1"))
                .andExpect(jsonPath("$.status").value("OPEN"))
                .andExpect(jsonPath("$.amount.amount").value("100.50"))
                .andExpect(jsonPath("$.amount.currency").value("EUR"))
                .andExpect(jsonPath("$.openedBy").value("ada"));
        assertThat(FakeInvoiceToCashWorkflow.UPDATES.get(wf)).containsExactly(
                new DisputeRequest("hours billed twice", Money.of("100.50", "EUR"), "ada", "req-1"));

        mvc.perform(get("/api/v1/invoices/inv-disp/disputes/D-1"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.reason").value("hours billed twice"));
        mvc.perform(get("/api/v1/invoices/inv-disp"))
                .andExpect(jsonPath("$.dunning.held").value(true))
                .andExpect(jsonPath("$.disputes[0].disputeId").value("D-1"));

        mvc.perform(post("/api/v1/invoices/inv-disp/disputes/D-1/resolve").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"outcome\": \"REJECTED\", \"note\": \"hours were right\", \"actor\": \"bob\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.disputeId").value("D-1"))
                .andExpect(jsonPath("$.status").value("REJECTED"))
                .andExpect(jsonPath("$.resolvedBy").value("ada"))
                .andExpect(jsonPath("$.note").value("hours were right"));
        assertThat(FakeInvoiceToCashWorkflow.UPDATES.get(wf)).last()
                .isEqualTo(new DisputeResolution("D-1", DisputeOutcome.REJECTED, "hours were right", "ada"));
    }

    @Test
    void disputeRefusedByTheValidatorIs409WithItsReason() throws Exception {
        String wf = startInvoice("inv-disp-settled");
        FakeInvoiceToCashWorkflow.REFUSALS.put(wf + "/" + InvoiceToCashWorkflow.OPEN_DISPUTE, CashRefusal.SETTLED);

        mvc.perform(post("/api/v1/invoices/inv-disp-settled/disputes").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"reason\": \"too expensive\", \"actor\": \"alice\"}"))
                .andExpect(status().isConflict())
                .andExpect(content().contentType(PROBLEM))
                .andExpect(jsonPath("$.type").value("https://o2c.dev/problems/invoice-settled"))
                .andExpect(jsonPath("$.reason").value("SETTLED"))
                .andExpect(jsonPath("$.detail").value("refused by the test: settled"))
                .andExpect(jsonPath("$.processId").value(wf));
        assertThat(FakeInvoiceToCashWorkflow.UPDATES.get(wf)).isNull();
    }

    @Test
    void disputeWithAnInvalidBodyIs400AndOneTheValidatorFindsInvalid422() throws Exception {
        String wf = startInvoice("inv-disp-bad");

        mvc.perform(post("/api/v1/invoices/inv-disp-bad/disputes").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"reason\": \"\", \"amount\": {\"amount\": \"12,5\", \"currency\": \"eur\"}}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("https://o2c.dev/problems/validation-failed"))
                .andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.containsInAnyOrder(
                        "reason", "amount.amount", "amount.currency")));
        mvc.perform(post("/api/v1/invoices/inv-disp-bad/disputes").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"reason\": \"" + "x".repeat(501) + "\", \"actor\": \"alice\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("reason"));

        FakeInvoiceToCashWorkflow.REFUSALS.put(wf + "/" + InvoiceToCashWorkflow.OPEN_DISPUTE, CashRefusal.INVALID);
        mvc.perform(post("/api/v1/invoices/inv-disp-bad/disputes").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"reason\": \"r\", \"amount\": {\"amount\": \"0\", \"currency\": \"EUR\"},"
                                + " \"actor\": \"alice\"}"))
                .andExpect(status().is(422))
                .andExpect(content().contentType(PROBLEM))
                .andExpect(jsonPath("$.type").value("https://o2c.dev/problems/invalid-cash-decision"))
                .andExpect(jsonPath("$.reason").value("INVALID"));
        assertThat(FakeInvoiceToCashWorkflow.UPDATES.get(wf)).isNull();
    }

    @Test
    void resolvingAnUnknownDisputeIs404AndADisputeOnAnUnknownInvoice404() throws Exception {
        startInvoice("inv-res");

        mvc.perform(post("/api/v1/invoices/inv-res/disputes/D-9/resolve").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"outcome\": \"UPHELD\", \"actor\": \"bob\"}"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentType(PROBLEM))
                .andExpect(jsonPath("$.type").value("https://o2c.dev/problems/dispute-not-found"))
                .andExpect(jsonPath("$.reason").value("UNKNOWN_DISPUTE"))
                .andExpect(jsonPath("$.detail").value("invoice has no dispute D-9"));
        mvc.perform(post("/api/v1/invoices/inv-nobody/disputes").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"reason\": \"r\", \"actor\": \"alice\"}"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("https://o2c.dev/problems/invoice-not-found"));
        mvc.perform(post("/api/v1/invoices/inv-res/disputes/D-1/resolve").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"outcome\": \"MAYBE\", \"actor\": \"bob\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("https://o2c.dev/problems/malformed-request"));
    }

    @Test
    void decisionOnASettledProcessIs409Settled() throws Exception {
        String wf = startInvoice("settled-decide");
        WorkflowStub.fromTyped(ENV.getWorkflowClient().newWorkflowStub(InvoiceToCashWorkflow.class, wf))
                .getResult(Object.class);

        mvc.perform(post("/api/v1/invoices/settled-decide/void").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"reason\": \"wrong entity\", \"actor\": \"alice\"}"))
                .andExpect(status().isConflict())
                .andExpect(content().contentType(PROBLEM))
                .andExpect(jsonPath("$.type").value("https://o2c.dev/problems/invoice-settled"))
                .andExpect(jsonPath("$.reason").value("SETTLED"))
                .andExpect(jsonPath("$.processId").value(wf));
    }

    // --------------------------------------------------------------------------------------- void and write-off

    @Test
    void voidIsAcceptedWith202AndTheInvoice() throws Exception {
        String wf = startInvoice("inv-void");

        mvc.perform(post("/api/v1/invoices/inv-void/void").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"reason\": \"wrong entity\", \"actor\": \"alice\"}"))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.invoiceId").value("inv-void"))
                .andExpect(jsonPath("$.status").value("VOID"))
                .andExpect(jsonPath("$.voidReason").value("wrong entity"))
                .andExpect(jsonPath("$.links.self").value("http://localhost/api/v1/invoices/inv-void"));
        assertThat(FakeInvoiceToCashWorkflow.UPDATES.get(wf)).containsExactly(new VoidRequest("wrong entity", "ada"));
        mvc.perform(get("/api/v1/invoices/inv-void")).andExpect(jsonPath("$.status").value("VOID"));
    }

    @Test
    void voidOfAnInvoiceWithPaymentsIs409HasPayments() throws Exception {
        String wf = startInvoice("inv-void-paid");
        FakeInvoiceToCashWorkflow.REFUSALS.put(wf + "/" + InvoiceToCashWorkflow.VOID_INVOICE, CashRefusal.HAS_PAYMENTS);

        mvc.perform(post("/api/v1/invoices/inv-void-paid/void").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"reason\": \"wrong entity\", \"actor\": \"alice\"}"))
                .andExpect(status().isConflict())
                .andExpect(content().contentType(PROBLEM))
                .andExpect(jsonPath("$.type").value("https://o2c.dev/problems/invoice-has-payments"))
                .andExpect(jsonPath("$.reason").value("HAS_PAYMENTS"))
                .andExpect(jsonPath("$.detail").value("refused by the test: has_payments"));
        mvc.perform(post("/api/v1/invoices/inv-void-paid/void").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"actor\": \"alice\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("reason"));
        assertThat(FakeInvoiceToCashWorkflow.UPDATES.get(wf)).isNull();
    }

    @Test
    void writeOffIsAcceptedWith202AndTheLowerBalance() throws Exception {
        String wf = startInvoice("inv-wo");

        // the actor is the token's, never the body's
        mvc.perform(post("/api/v1/invoices/inv-wo/write-off").contentType(MediaType.APPLICATION_JSON)
                        .header("Authorization", TestTokens.bearer("fiona", List.of("finance"), List.of()))
                        .content("""
                                {"amount": {"amount": "90", "currency": "EUR"}, "reason": "short payment",
                                 "actor": "mallory"}"""))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.writtenOff.amount").value("90.00"))
                .andExpect(jsonPath("$.balance.amount").value("600.00"))
                .andExpect(jsonPath("$.writeOffs[0].amount.amount").value("90.00"))
                .andExpect(jsonPath("$.writeOffs[0].actor").value("fiona"));
        assertThat(FakeInvoiceToCashWorkflow.UPDATES.get(wf)).containsExactly(
                new WriteOffRequest(Money.of("90.00", "EUR"), "short payment", "fiona"));
    }

    @Test
    void writeOffAboveTheBalanceIs409AndWithoutAmount400() throws Exception {
        String wf = startInvoice("inv-wo-big");
        FakeInvoiceToCashWorkflow.REFUSALS.put(wf + "/" + InvoiceToCashWorkflow.WRITE_OFF, CashRefusal.EXCEEDS_BALANCE);

        mvc.perform(post("/api/v1/invoices/inv-wo-big/write-off").contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"amount": {"amount": "5000.00", "currency": "EUR"}, "reason": "r", "actor": "a"}"""))
                .andExpect(status().isConflict())
                .andExpect(content().contentType(PROBLEM))
                .andExpect(jsonPath("$.type").value("https://o2c.dev/problems/exceeds-balance"))
                .andExpect(jsonPath("$.reason").value("EXCEEDS_BALANCE"));
        mvc.perform(post("/api/v1/invoices/inv-wo-big/write-off").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"reason\": \"r\", \"actor\": \"a\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("amount"));
        assertThat(FakeInvoiceToCashWorkflow.UPDATES.get(wf)).isNull();
    }

    // ------------------------------------------------------------------------------------------------- webhooks

    @Test
    void paymentReceivedIsSignalledToTheInvoice() throws Exception {
        String wf = startInvoice("inv-pay");
        Instant before = Instant.now();

        deliver(WebhookSigner.event("evt-pay-7", "payment.received", "invoicing",
                        "{\"paymentId\": \"pay-7\", \"invoiceId\": \"inv-pay\", \"amount\": \"250.5\","
                                + " \"currency\": \"EUR\"}"))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.outcome").value("routed"))
                .andExpect(jsonPath("$.workflowId").value(wf))
                .andExpect(jsonPath("$.links.invoice").value("http://localhost/api/v1/invoices/inv-pay"));

        eventually(() ->
                assertThat(FakeInvoiceToCashWorkflow.SIGNALS.get(wf)).hasSize(1));
        PaymentReceived payment = (PaymentReceived) FakeInvoiceToCashWorkflow.SIGNALS.get(wf).get(0);
        assertThat(payment.paymentId()).isEqualTo("pay-7");
        assertThat(payment.invoiceId()).isEqualTo("inv-pay");
        assertThat(payment.amount()).isEqualTo(Money.of("250.50", "EUR"));
        assertThat(payment.eventId()).isEqualTo("evt-pay-7");
        assertThat(payment.receivedAt()).isBetween(before, Instant.now());
    }

    @Test
    void paymentWithABadAmountOrCurrencyIs400() throws Exception {
        for (String data : List.of(
                "{\"paymentId\": \"p\", \"invoiceId\": \"inv-x\", \"amount\": \"-1.00\", \"currency\": \"EUR\"}",
                "{\"paymentId\": \"p\", \"invoiceId\": \"inv-x\", \"amount\": \"0\", \"currency\": \"EUR\"}",
                "{\"paymentId\": \"p\", \"invoiceId\": \"inv-x\", \"amount\": \"1.005\", \"currency\": \"EUR\"}",
                "{\"paymentId\": \"p\", \"invoiceId\": \"inv-x\", \"amount\": 10, \"currency\": \"EUR\"}",
                "{\"paymentId\": \"p\", \"invoiceId\": \"inv-x\", \"amount\": \"10\", \"currency\": \"eur\"}",
                "{\"paymentId\": \"p/1\", \"invoiceId\": \"inv-x\", \"amount\": \"10\", \"currency\": \"EUR\"}")) {
            deliver(WebhookSigner.event("evt-bad", "payment.received", "invoicing", data))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentType(PROBLEM))
                    .andExpect(jsonPath("$.type").value("https://o2c.dev/problems/validation-failed"));
        }
        assertNoWorkflow("inbound-event-evt-bad");
    }

    @Test
    void paymentForAnUnknownInvoiceIsParkedAsUnmanaged() throws Exception {
        deliver(WebhookSigner.event("evt-pay-lost", "payment.received", "invoicing",
                        "{\"paymentId\": \"pay-lost\", \"invoiceId\": \"inv-unknown\", \"amount\": \"10.00\","
                                + " \"currency\": \"EUR\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.outcome").value("unmanaged"))
                .andExpect(jsonPath("$.workflowId").value("inbound-event-evt-pay-lost"));

        // what the starter started the inbound-event process with, read from its history: the worker-side fake
        // cannot decode InboundEvent today (see startInput)
        JsonNode parked = startInput("inbound-event-evt-pay-lost");
        assertThat(parked.path("system").asString()).isEqualTo("invoicing");
        assertThat(parked.path("type").asString()).isEqualTo("payment.received");
        assertThat(parked.path("businessKey").asString()).isEqualTo("inv-unknown");
        assertThat(parked.path("target").asString()).isEqualTo("invoice-to-cash-inv-unknown");
        assertThat(parked.path("signal").isNull()).isTrue();
        assertThat(parked.path("payment").path("paymentId").asString()).isEqualTo("pay-lost");
        assertThat(parked.path("payment").path("invoiceId").asString()).isEqualTo("inv-unknown");
        assertThat(parked.path("payment").path("amount").path("amount").asString()).isEqualTo("10.00");
        assertThat(parked.path("payment").path("amount").path("currency").asString()).isEqualTo("EUR");
        assertThat(parked.path("payment").path("eventId").asString()).isEqualTo("evt-pay-lost");
        assertThat(parked.path("rejection").isNull()).isTrue();
        assertThat(parked.path("credit").isNull()).isTrue();
        assertThat(parked.path("data").asString()).contains("\"paymentId\":\"pay-lost\"");
    }

    @Test
    void paymentRedeliveredToASettledInvoiceIsADuplicateAndAnotherOneIsParked() throws Exception {
        String wf = startInvoice("settled-pay");
        WorkflowStub.fromTyped(ENV.getWorkflowClient().newWorkflowStub(InvoiceToCashWorkflow.class, wf))
                .getResult(Object.class);

        deliver(WebhookSigner.event("evt-settled-again", "payment.received", "invoicing",
                        "{\"paymentId\": \"pay-settled\", \"invoiceId\": \"settled-pay\", \"amount\": \"1190.00\","
                                + " \"currency\": \"EUR\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.outcome").value("duplicate"))
                .andExpect(jsonPath("$.workflowId").value(wf));
        assertNoWorkflow("inbound-event-evt-settled-again");

        deliver(WebhookSigner.event("evt-settled-new", "payment.received", "invoicing",
                        "{\"paymentId\": \"pay-over\", \"invoiceId\": \"settled-pay\", \"amount\": \"5.00\","
                                + " \"currency\": \"EUR\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.outcome").value("unmanaged"))
                .andExpect(jsonPath("$.workflowId").value("inbound-event-evt-settled-new"));
        assertThat(startInput("inbound-event-evt-settled-new").path("payment").path("paymentId").asString())
                .isEqualTo("pay-over");
    }

    @Test
    void rejectionAndCreditAreSignalledToTheInvoice() throws Exception {
        String wf = startInvoice("inv-rc");

        deliver(WebhookSigner.event("evt-rej-1", "invoice.rejected", "invoicing",
                        "{\"invoiceId\": \"inv-rc\", \"reason\": \"wrong PO number\"}"))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.outcome").value("routed"))
                .andExpect(jsonPath("$.workflowId").value(wf));
        deliver(WebhookSigner.event("evt-cred-1", "invoice.credited", "invoicing",
                        "{\"creditMemoId\": \"cm-1\", \"invoiceId\": \"inv-rc\", \"amount\": \"100.00\","
                                + " \"currency\": \"EUR\", \"balance\": \"590.00\"}"))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.outcome").value("routed"));

        eventually(() ->
                assertThat(FakeInvoiceToCashWorkflow.SIGNALS.get(wf)).hasSize(2));
        InvoiceRejected rejection = (InvoiceRejected) FakeInvoiceToCashWorkflow.SIGNALS.get(wf).get(0);
        assertThat(rejection.invoiceId()).isEqualTo("inv-rc");
        assertThat(rejection.reason()).isEqualTo("wrong PO number");
        assertThat(rejection.eventId()).isEqualTo("evt-rej-1");
        assertThat(rejection.receivedAt()).isNotNull();
        assertThat(FakeInvoiceToCashWorkflow.SIGNALS.get(wf).get(1))
                .isEqualTo(new InvoiceCredited("cm-1", "inv-rc", Money.of("100.00", "EUR"), "evt-cred-1"));
    }

    // ------------------------------------------------------------------------------------------------- helpers

    /** Starts the fake invoice-to-cash: 1190.00 EUR of project p-1, due 2026-04-15. */
    static String startInvoice(String invoiceId) {
        String wf = InvoiceToCashWorkflow.workflowId(invoiceId);
        InvoiceToCashWorkflow stub = ENV.getWorkflowClient().newWorkflowStub(InvoiceToCashWorkflow.class,
                WorkflowOptions.newBuilder().setWorkflowId(wf).setTaskQueue(TaskQueues.WORKFLOWS).build());
        WorkflowClient.start(stub::run, new InvoiceToCashRequest(invoiceId, "INV-" + invoiceId, "p-1", "opp-1",
                "acc-1", "C-1", "AR-1", Money.of("1190", "EUR"), LocalDate.of(2026, 4, 1), LocalDate.of(2026, 4, 15),
                "project-billing-p-1-run-1", "corr-" + invoiceId, Duration.ofDays(14)));
        return wf;
    }

    /**
     * The input a workflow was started with, from its history. Parked events are read this way rather than from
     * {@link FakeInboundEventWorkflow#STARTS}: {@code InboundEvent.isCashEvent()} is written as a {@code cashEvent}
     * property that the worker's converter then refuses as unknown, so the inbound-event workflow task fails to decode
     * its input (a bug of the workflows module: the method needs {@code @JsonIgnore}).
     */
    static JsonNode startInput(String workflowId) {
        var history = ENV.getWorkflowClient().fetchHistory(workflowId).getHistory();
        var payload = history.getEvents(0).getWorkflowExecutionStartedEventAttributes().getInput().getPayloads(0);
        return JSON.readTree(payload.getData().toStringUtf8());
    }

    static void assertNoWorkflow(String workflowId) {
        assertThatThrownBy(() -> ENV.getWorkflowClient().newUntypedWorkflowStub(workflowId).describe())
                .isInstanceOf(WorkflowNotFoundException.class);
    }

    private ResultActions deliver(String body) throws Exception {
        String ts = String.valueOf(Instant.now().getEpochSecond());
        return mvc.perform(post("/api/v1/webhooks/invoicing")
                .contentType(MediaType.APPLICATION_JSON)
                .header("X-O2C-Timestamp", ts)
                .header("X-O2C-Signature", WebhookSigner.sign(SECRET, ts, body))
                .content(body.getBytes(StandardCharsets.UTF_8)));
    }

    /** Retries an assertion for up to 10 s: the fake workflows see signals and starts asynchronously. */
    static void eventually(Runnable assertion) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try {
                assertion.run();
                return;
            } catch (AssertionError | NullPointerException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }
}
