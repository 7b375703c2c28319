package dev.o2c.starter.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.matchesPattern;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.o2c.ledger.query.DiscrepancyView;
import dev.o2c.ledger.query.Page;
import dev.o2c.ledger.query.PageRequest;
import dev.o2c.ledger.query.ReconciliationQueries;
import dev.o2c.ledger.query.ReconciliationQueries.DiscrepancyFilter;
import dev.o2c.ledger.query.ReconciliationRunView;
import dev.o2c.starter.FakeWorkflows;
import dev.o2c.starter.security.TestSecurity;
import dev.o2c.starter.security.TestTokens;
import dev.o2c.starter.web.Links;
import dev.o2c.workflows.reconciliation.ReconciliationCheck;
import dev.o2c.workflows.reconciliation.ReconciliationRequest;
import dev.o2c.workflows.reconciliation.ReconciliationWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The reconciliation endpoints against a real Temporal test server running a fake of the reconciliation workflow on
 * the {@code o2c-workflows} queue (the start, the one-at-a-time rule, the {@code report} query); the ledger is a mock
 * ({@code ReconciliationQueriesTest} runs its queries against PostgreSQL).
 */
@WebMvcTest(controllers = ReconciliationController.class,
        properties = {"o2c.temporal-ui-url=http://ui.test", "o2c.query-timeout=PT5S"})
@Import({ReconciliationService.class, Links.class, ReconciliationApiTest.Temporal.class, TestSecurity.class})
class ReconciliationApiTest {

    static final String PROBLEM = "application/problem+json";
    static final String R1 = "rec-20260301T020000Z";
    static final TestWorkflowEnvironment ENV = FakeWorkflows.started(FakeReconciliationWorkflow.class);

    @TestConfiguration(proxyBeanMethods = false)
    static class Temporal {
        @Bean
        WorkflowClient workflowClient() {
            return ENV.getWorkflowClient();
        }
    }

    @Autowired MockMvc mvc;
    @MockitoBean ReconciliationQueries ledger;

    @AfterAll
    static void stopTemporal() {
        ENV.close();
    }

    @BeforeEach
    void emptyLedger() {
        FakeReconciliationWorkflow.STARTED.clear();
        when(ledger.findRun(anyString())).thenReturn(Optional.empty());
        when(ledger.listRuns(any())).thenReturn(new Page<>(List.of(), null));
        when(ledger.discrepancies(any(), any())).thenReturn(new Page<>(List.of(), null));
    }

    @AfterEach
    void endTheRun() {
        try {
            ENV.getWorkflowClient().newUntypedWorkflowStub(ReconciliationWorkflow.WORKFLOW_ID).terminate("test over");
        } catch (WorkflowNotFoundException e) {
            // none ran, or it ended
        }
    }

    // ------------------------------------------------------------------------------------------------------ start

    @Test
    void aStartRunsTheReconciliationWorkflowOnDemandForTheCaller() throws Exception {
        String runId = mvc.perform(post("/api/v1/reconciliations")
                        .header("Authorization", TestTokens.bearer("olga", List.of("operator"), List.of("finance-ops")))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"checks\": [\"receivables\", \"Payments\", \"receivables\"]}"))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.runId").value(matchesPattern("rec-\\d{8}T\\d{6}Z")))
                .andExpect(jsonPath("$.status").value("RUNNING"))
                .andExpect(jsonPath("$.created").value(true))
                .andExpect(jsonPath("$.checks[0]").value("receivables"))
                .andExpect(jsonPath("$.checks[1]").value("payments"))
                .andExpect(jsonPath("$.checks.length()").value(2))
                .andReturn().getResponse().getHeader("Location").replace("http://localhost/api/v1/reconciliations/", "");

        ReconciliationRequest request = awaitStarted(1).getFirst();
        assertThat(request.runId()).isEqualTo(runId);
        assertThat(request.trigger()).isEqualTo(ReconciliationRequest.ON_DEMAND);
        assertThat(request.requestedBy()).isEqualTo("olga");
        assertThat(request.checks()).containsExactly(ReconciliationCheck.RECEIVABLES, ReconciliationCheck.PAYMENTS);
        assertThat(request.progress()).isNull();
        assertThat(ReconciliationWorkflow.runId(Instant.now()).compareTo(runId)).isGreaterThanOrEqualTo(0);
    }

    @Test
    void aStartWithoutBodyRunsAllFourChecksAndFinanceMayAskForIt() throws Exception {
        mvc.perform(post("/api/v1/reconciliations").header("Authorization",
                        TestTokens.bearer("fiona", List.of("finance"), List.of())))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.checks.length()").value(4))
                .andExpect(jsonPath("$.links.self").value(matchesPattern(
                        "http://localhost/api/v1/reconciliations/rec-\\d{8}T\\d{6}Z")))
                .andExpect(jsonPath("$.links.discrepancies").value(matchesPattern(
                        "http://localhost/api/v1/reconciliations/rec-\\d{8}T\\d{6}Z/discrepancies")))
                .andExpect(jsonPath("$.links.temporalUi").value(
                        "http://ui.test/namespaces/default/workflows/reconciliation"));

        assertThat(awaitStarted(1).getFirst().requestedBy()).isEqualTo("fiona");
    }

    @Test
    void aStartWhileOneRunsAnswersTheRunningOneAndStartsNothing() throws Exception {
        String first = mvc.perform(post("/api/v1/reconciliations").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"checks\": [\"work\"]}"))
                .andExpect(status().isAccepted())
                .andReturn().getResponse().getHeader("Location");
        awaitStarted(1);

        mvc.perform(post("/api/v1/reconciliations").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"checks\": [\"receivables\"]}"))
                .andExpect(status().isOk())
                .andExpect(header().string("Location", first))
                .andExpect(jsonPath("$.created").value(false))
                .andExpect(jsonPath("$.status").value("RUNNING"))
                .andExpect(jsonPath("$.checks[0]").value("work"))
                .andExpect(jsonPath("$.checks.length()").value(1));

        Thread.sleep(200);
        assertThat(FakeReconciliationWorkflow.STARTED).as("one run, never a second").hasSize(1);
    }

    @Test
    void anUnknownCheckIs400AndStartsNothing() throws Exception {
        mvc.perform(post("/api/v1/reconciliations").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"checks\": [\"receivables\", \"invoices\"]}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(PROBLEM))
                .andExpect(jsonPath("$.type").value("https://o2c.dev/problems/validation-failed"))
                .andExpect(jsonPath("$.errors[0].field").value("checks"));
        mvc.perform(post("/api/v1/reconciliations").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"checks\": \"receivables\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(PROBLEM));

        Thread.sleep(200);
        assertThat(FakeReconciliationWorkflow.STARTED).isEmpty();
    }

    @Test
    void aRunOfTheSameSecondInTheLedgerMakesTheNewRunTheNextSeconds() throws Exception {
        when(ledger.findRun(anyString())).thenReturn(Optional.of(run(R1, "COMPLETED")), Optional.empty());

        mvc.perform(post("/api/v1/reconciliations")).andExpect(status().isAccepted());

        ArgumentCaptor<String> looked = ArgumentCaptor.forClass(String.class);
        verify(ledger, times(2)).findRun(looked.capture());
        assertThat(looked.getAllValues().get(1)).isGreaterThan(looked.getAllValues().get(0));
        assertThat(awaitStarted(1).getFirst().runId()).isEqualTo(looked.getAllValues().get(1));
    }

    // ------------------------------------------------------------------------------------------------- reports

    @Test
    void aReportIsTheLedgersRunWithItsChecksAndWhatItOpenedAndClosed() throws Exception {
        when(ledger.findRun(R1)).thenReturn(Optional.of(run(R1, "COMPLETED")));

        mvc.perform(get("/api/v1/reconciliations/" + R1))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.runId").value(R1))
                .andExpect(jsonPath("$.trigger").value("ON_DEMAND"))
                .andExpect(jsonPath("$.requestedBy").value("olga"))
                .andExpect(jsonPath("$.status").value("COMPLETED"))
                .andExpect(jsonPath("$.startedAt").value("2026-03-01T02:00:00Z"))
                .andExpect(jsonPath("$.finishedAt").value("2026-03-01T02:01:00Z"))
                .andExpect(jsonPath("$.checks[0].check").value("receivables"))
                .andExpect(jsonPath("$.checks[0].checked").value(100000))
                .andExpect(jsonPath("$.checks[0].skipped").value(12))
                .andExpect(jsonPath("$.checks[0].pages").value(200))
                .andExpect(jsonPath("$.checks[0].finished").value(true))
                .andExpect(jsonPath("$.checks[0].discrepancies.RECEIVABLE_MISSING").value(1))
                .andExpect(jsonPath("$.checks[0].discrepancies.RECEIVABLE_AMOUNT_MISMATCH").value(1))
                .andExpect(jsonPath("$.opened.RECEIVABLE_MISSING").value(1))
                .andExpect(jsonPath("$.closed.PAYMENT_NOT_APPLIED").value(2))
                .andExpect(jsonPath("$.source").value("ledger"))
                .andExpect(jsonPath("$.links.self").value("http://localhost/api/v1/reconciliations/" + R1))
                .andExpect(jsonPath("$.links.discrepancies")
                        .value("http://localhost/api/v1/reconciliations/" + R1 + "/discrepancies"));
    }

    @Test
    void aRunningRunTheLedgerHasNoRowOfYetIsTheWorkflowsReport() throws Exception {
        String location = mvc.perform(post("/api/v1/reconciliations").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"checks\": [\"receivables\", \"payments\"]}"))
                .andExpect(status().isAccepted())
                .andReturn().getResponse().getHeader("Location");
        String runId = location.substring(location.lastIndexOf('/') + 1);

        mvc.perform(get("/api/v1/reconciliations/" + runId))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.runId").value(runId))
                .andExpect(jsonPath("$.status").value("RUNNING"))
                .andExpect(jsonPath("$.source").value("temporal"))
                .andExpect(jsonPath("$.startedAt").exists())
                .andExpect(jsonPath("$.checks[0].check").value("receivables"))
                .andExpect(jsonPath("$.checks[0].pages").value(1))
                .andExpect(jsonPath("$.checks[0].checked").value(500))
                .andExpect(jsonPath("$.checks[0].discrepancies.RECEIVABLE_MISSING").value(1))
                .andExpect(jsonPath("$.checks[1].check").value("payments"))
                .andExpect(jsonPath("$.checks[1].pages").value(0));
        mvc.perform(get("/api/v1/reconciliations/" + runId + "/discrepancies")).andExpect(status().isOk());
    }

    @Test
    void anUnknownRunIs404AndARunIdThatIsNoneIs400() throws Exception {
        for (String url : List.of("/api/v1/reconciliations/rec-20990101T000000Z",
                "/api/v1/reconciliations/rec-20990101T000000Z/discrepancies")) {
            mvc.perform(get(url))
                    .andExpect(status().isNotFound())
                    .andExpect(content().contentType(PROBLEM))
                    .andExpect(jsonPath("$.type").value("https://o2c.dev/problems/reconciliation-not-found"))
                    .andExpect(jsonPath("$.runId").value("rec-20990101T000000Z"));
        }
        mvc.perform(get("/api/v1/reconciliations/rec-1"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("https://o2c.dev/problems/validation-failed"));
    }

    @Test
    void runsAreListedNewestFirstInPages() throws Exception {
        when(ledger.listRuns(new PageRequest(1, null)))
                .thenReturn(new Page<>(List.of(run(R1, "COMPLETED")), "next-1"));

        mvc.perform(get("/api/v1/reconciliations?limit=1"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items[0].runId").value(R1))
                .andExpect(jsonPath("$.items[0].checks[0].pages").value(200))
                .andExpect(jsonPath("$.nextCursor").value("next-1"))
                .andExpect(jsonPath("$.links.next").value("http://localhost/api/v1/reconciliations?limit=1&cursor=next-1"));
        mvc.perform(get("/api/v1/reconciliations?limit=0")).andExpect(status().isBadRequest());
    }

    // ------------------------------------------------------------------------------------------- discrepancies

    @Test
    void aRunsDiscrepanciesLinkTheirObjectsToO2csViews() throws Exception {
        when(ledger.findRun(R1)).thenReturn(Optional.of(run(R1, "COMPLETED")));
        when(ledger.discrepancies(eq(new DiscrepancyFilter(R1, "RECEIVABLE_AMOUNT_MISMATCH", "OPEN", null, null)),
                eq(new PageRequest(10, null)))).thenReturn(new Page<>(List.of(discrepancy()), null));

        mvc.perform(get("/api/v1/reconciliations/" + R1
                        + "/discrepancies?kind=receivable_amount_mismatch&status=open&limit=10"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items[0].id").value("dsc_1"))
                .andExpect(jsonPath("$.items[0].fingerprint").value("RECEIVABLE_AMOUNT_MISMATCH|inv_1|rcv_1"))
                .andExpect(jsonPath("$.items[0].kind").value("RECEIVABLE_AMOUNT_MISMATCH"))
                .andExpect(jsonPath("$.items[0].check").value("receivables"))
                .andExpect(jsonPath("$.items[0].ownerTeam").value("finance-ops"))
                .andExpect(jsonPath("$.items[0].subjectId").value("inv_1"))
                .andExpect(jsonPath("$.items[0].cause").value("amount 100.00 EUR, receivable 90.00 EUR"))
                .andExpect(jsonPath("$.items[0].status").value("OPEN"))
                .andExpect(jsonPath("$.items[0].openedAt").value("2026-03-01T02:00:05Z"))
                .andExpect(jsonPath("$.items[0].lastSeenAt").value("2026-03-02T02:00:05Z"))
                .andExpect(jsonPath("$.items[0].closedAt").doesNotExist())
                .andExpect(jsonPath("$.items[0].objects[0].system").value("invoicing"))
                .andExpect(jsonPath("$.items[0].objects[0].type").value("invoice"))
                .andExpect(jsonPath("$.items[0].objects[0].id").value("inv_1"))
                .andExpect(jsonPath("$.items[0].objects[0].links.invoice")
                        .value("http://localhost/api/v1/invoices/inv_1"))
                .andExpect(jsonPath("$.items[0].objects[0].links.process")
                        .value("http://localhost/api/v1/processes/invoice-to-cash-inv_1"))
                .andExpect(jsonPath("$.items[0].objects[1].system").value("erp"))
                .andExpect(jsonPath("$.items[0].objects[1].links").isEmpty())
                .andExpect(jsonPath("$.items[0].objects[2].links.process")
                        .value("http://localhost/api/v1/processes/opportunity-to-project-opp_1"))
                .andExpect(jsonPath("$.items[0].objects[3].links.projectBilling")
                        .value("http://localhost/api/v1/projects/prj_1/billing"))
                .andExpect(jsonPath("$.items[0].links.firstRun").value("http://localhost/api/v1/reconciliations/" + R1))
                .andExpect(jsonPath("$.items[0].links.lastRun").value(
                        "http://localhost/api/v1/reconciliations/rec-20260302T020000Z"))
                .andExpect(jsonPath("$.items[0].links.closedRun").doesNotExist());
    }

    @Test
    void discrepanciesOfEveryRunAreFilteredByStatusKindOwnerAndCheck() throws Exception {
        when(ledger.discrepancies(any(), any())).thenReturn(new Page<>(List.of(discrepancy()), "c2"));

        mvc.perform(get("/api/v1/discrepancies?status=OPEN&kind=RECEIVABLE_AMOUNT_MISMATCH&ownerTeam=finance-ops"
                        + "&check=receivables"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items[0].id").value("dsc_1"))
                .andExpect(jsonPath("$.nextCursor").value("c2"));
        verify(ledger).discrepancies(new DiscrepancyFilter(null, "RECEIVABLE_AMOUNT_MISMATCH", "OPEN", "finance-ops",
                "receivables"), new PageRequest(50, null));

        for (String bad : List.of("status=gone", "kind=NOT_A_KIND", "ownerTeam=marketing", "check=invoices")) {
            mvc.perform(get("/api/v1/discrepancies?" + bad))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentType(PROBLEM))
                    .andExpect(jsonPath("$.type").value("https://o2c.dev/problems/validation-failed"));
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static List<ReconciliationRequest> awaitStarted(int runs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5000;
        while (FakeReconciliationWorkflow.STARTED.size() < runs && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(FakeReconciliationWorkflow.STARTED).hasSize(runs);
        return FakeReconciliationWorkflow.STARTED;
    }

    static ReconciliationRunView run(String runId, String status) {
        Instant started = Instant.parse("2026-03-01T02:00:00Z");
        return new ReconciliationRunView(runId, "reconciliation", "ON_DEMAND", "olga", status, started,
                started.plusSeconds(60),
                List.of(new ReconciliationRunView.CheckSummary("receivables", 100_000, 12, 200, true,
                        Map.of("RECEIVABLE_MISSING", 1, "RECEIVABLE_AMOUNT_MISMATCH", 1))),
                Map.of("RECEIVABLE_MISSING", 1), Map.of("PAYMENT_NOT_APPLIED", 2), null);
    }

    static DiscrepancyView discrepancy() {
        Instant opened = Instant.parse("2026-03-01T02:00:05Z");
        return new DiscrepancyView("dsc_1", "RECEIVABLE_AMOUNT_MISMATCH|inv_1|rcv_1", "receivables",
                "RECEIVABLE_AMOUNT_MISMATCH", "finance-ops", "inv_1", "amount 100.00 EUR, receivable 90.00 EUR",
                List.of(new DiscrepancyView.ObjectRef("invoicing", "invoice", "inv_1"),
                        new DiscrepancyView.ObjectRef("erp", "receivable", "rcv_1"),
                        new DiscrepancyView.ObjectRef("crm", "opportunity", "opp_1"),
                        new DiscrepancyView.ObjectRef("psa", "project", "prj_1")),
                "OPEN", R1, "rec-20260302T020000Z", null, opened, opened.plusSeconds(86_400), null);
    }
}
