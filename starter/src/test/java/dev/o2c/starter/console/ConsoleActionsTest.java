package dev.o2c.starter.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.oauth2Login;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.o2c.ledger.query.AuditQueries;
import dev.o2c.ledger.query.ExceptionQueries;
import dev.o2c.ledger.query.ExceptionView;
import dev.o2c.ledger.query.Page;
import dev.o2c.ledger.query.ProcessQueries;
import dev.o2c.starter.exception.DecisionSender;
import dev.o2c.starter.exception.ExceptionService;
import dev.o2c.starter.process.ProcessService;
import dev.o2c.starter.security.ConsoleSecurity;
import dev.o2c.starter.security.TestSecurity;
import dev.o2c.starter.web.Links;
import dev.o2c.workflows.common.DecisionAccepted;
import dev.o2c.workflows.common.DecisionRefusal;
import dev.o2c.workflows.common.FailureTypes;
import dev.o2c.workflows.common.OpenException;
import dev.o2c.workflows.common.OwnerTeam;
import dev.o2c.workflows.common.ProcessState;
import dev.o2c.workflows.common.ProcessStatus;
import dev.o2c.workflows.common.Resolution;
import dev.o2c.workflows.common.StepState;
import dev.o2c.workflows.common.StepStatus;
import dev.o2c.ledger.query.AuditView;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * The console's actions under the API's rules, with a signed-in person (no identity provider: Spring Security's
 * {@code oauth2Login()} stands in for the login, with the claims an access token would carry): the role a button
 * needs is the API operation's, the actor is the person, and a refusal shows as a message on the page.
 */
@WebMvcTest(controllers = {ProcessPages.class, ExceptionPages.class, EventPages.class}, properties = {
        "o2c.console.client-id=o2c-console", "o2c.console.client-secret=s", "o2c.console.issuer=http://idp.test",
        "o2c.decision-timeout=PT0.5S"})
@Import({ConsoleSecurity.class, ConsoleAdvice.class, TestSecurity.class, ExceptionService.class, ProcessService.class,
        DecisionSender.class, Links.class})
class ConsoleActionsTest {

    static final String WF = "opportunity-to-project-opp-1";

    @Autowired MockMvc mvc;
    @MockitoBean ExceptionQueries exceptions;
    @MockitoBean ProcessQueries processes;
    @MockitoBean AuditQueries audit;
    @MockitoBean WorkflowClient client;

    final WorkflowStub stub = mock(WorkflowStub.class);

    @BeforeEach
    void stubs() {
        when(client.newUntypedWorkflowStub(anyString())).thenReturn(stub);
        when(stub.update(eq("decide"), eq(DecisionAccepted.class), any())).thenAnswer(invocation -> {
            Resolution r = invocation.getArgument(2);
            return new DecisionAccepted(r.exceptionId(), "finance.validate", r.action(), r.actor(), 1_772_359_200_000L);
        });
        when(exceptions.find(anyString())).thenAnswer(i -> Optional.of(open(i.getArgument(0), "tax id missing")));
        when(exceptions.list(any(), any(), any())).thenReturn(new Page<>(List.of(open("ex-1", "tax id missing"),
                open("ex-2", "tax id missing"), open("ex-3", "PSA rejected the project")), null));
    }

    @Test
    void withoutASessionTheConsoleSendsTheBrowserToTheIdentityProvider() throws Exception {
        mvc.perform(get("/console/processes")).andExpect(status().isFound())
                .andExpect(redirectedUrl("/oauth2/authorization/o2c"));
    }

    @Test
    void aViewerSeesTheQueueWithoutDecisionButtonsAndCannotRetry() throws Exception {
        String page = mvc.perform(get("/console/exceptions").with(person("viola", List.of("viewer"), List.of())))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("tax id missing", "ex-3", "viola (viewer)")
                .doesNotContain(">Retry<", ">Abort<", "Retry all", "Abort all");

        mvc.perform(post("/console/exceptions/ex-1/retry").with(person("viola", List.of("viewer"), List.of()))
                        .with(csrf()))
                .andExpect(status().isFound())
                .andExpect(redirectedUrl("/console/exceptions"))
                .andExpect(flash().attribute("problem", new Flash.Problem(403, "Forbidden", "Your roles [viewer] do"
                        + " not allow this: it needs the role operator (POST /api/v1/exceptions/ex-1/retry)")));
        verify(stub, never()).update(anyString(), any(Class.class), any());
    }

    @Test
    void anOperatorRetriesAsThemselvesWithTheirTeams() throws Exception {
        String page = mvc.perform(get("/console/exceptions").with(otto(List.of("finance-ops"))))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains(">Retry<", "Retry all", "Abort all");

        mvc.perform(post("/console/exceptions/ex-1/retry").param("back", "/console/exceptions?status=open")
                        .with(otto(List.of("finance-ops"))).with(csrf()))
                .andExpect(redirectedUrl("/console/exceptions?status=open"))
                .andExpect(flash().attribute("notice", "Retry of exception ex-1 (step finance.validate) taken by "
                        + WF + ", decided by otto"));
        ArgumentCaptor<Resolution> sent = ArgumentCaptor.forClass(Resolution.class);
        verify(stub).update(eq("decide"), eq(DecisionAccepted.class), sent.capture());
        assertThat(sent.getValue().actor()).isEqualTo("otto");
        assertThat(sent.getValue().teams()).containsExactly("finance-ops");
    }

    @Test
    void anOperatorOfAnotherTeamSeesTheProcesssRefusal() throws Exception {
        doThrow(refusal(DecisionRefusal.OTHER_TEAM, "exception ex-1 belongs to finance-ops"))
                .when(stub).update(eq("decide"), eq(DecisionAccepted.class), any());

        mvc.perform(post("/console/exceptions/ex-1/abort").with(otto(List.of("pmo"))).with(csrf()))
                .andExpect(status().isFound())
                .andExpect(flash().attribute("problem", new Flash.Problem(403, "Forbidden",
                        "exception ex-1 belongs to finance-ops")));
    }

    @Test
    void bulkAbortByCauseDecidesEachOpenExceptionOfThatCauseAndListsEveryAnswer() throws Exception {
        when(stub.update(eq("decide"), eq(DecisionAccepted.class), any()))
                .thenAnswer(invocation -> {
                    Resolution r = invocation.getArgument(2);
                    return new DecisionAccepted(r.exceptionId(), "finance.validate", r.action(), r.actor(), 1L);
                })
                .thenThrow(refusal(DecisionRefusal.DUPLICATE, "ex-2 was decided already"));

        var result = mvc.perform(post("/console/exceptions/bulk").param("cause", "tax id missing")
                        .param("action", "abort").with(otto(List.of("finance-ops"))).with(csrf()))
                .andExpect(status().isFound()).andReturn();

        @SuppressWarnings("unchecked")
        List<Flash.Result> results = (List<Flash.Result>) result.getFlashMap().get("results");
        assertThat(results).extracting(Flash.Result::exceptionId).containsExactly("ex-1", "ex-2");
        assertThat(results.get(0).accepted()).isTrue();
        assertThat(results.get(0).message()).contains("Abort of exception ex-1");
        assertThat(results.get(1).accepted()).isFalse();
        assertThat(results.get(1).message()).isEqualTo("Already decided: ex-2 was decided already");
        assertThat(result.getFlashMap().get("resultsTitle"))
                .isEqualTo("abort by cause \"tax id missing\": 1 of 2 taken");
        ArgumentCaptor<Resolution> sent = ArgumentCaptor.forClass(Resolution.class);
        verify(stub, org.mockito.Mockito.times(2)).update(eq("decide"), eq(DecisionAccepted.class), sent.capture());
        assertThat(sent.getAllValues()).extracting(Resolution::exceptionId).containsExactly("ex-1", "ex-2");
        assertThat(sent.getAllValues()).allSatisfy(r -> assertThat(r.actor()).isEqualTo("otto"));
    }

    @Test
    void bulkByAViewerDecidesNothing() throws Exception {
        var result = mvc.perform(post("/console/exceptions/bulk").param("cause", "tax id missing")
                        .param("action", "retry").with(person("viola", List.of("viewer"), List.of())).with(csrf()))
                .andExpect(status().isFound()).andReturn();
        @SuppressWarnings("unchecked")
        List<Flash.Result> results = (List<Flash.Result>) result.getFlashMap().get("results");
        assertThat(results).hasSize(2).noneMatch(Flash.Result::accepted);
        verify(stub, never()).update(anyString(), any(Class.class), any());
    }

    @Test
    void aFormWithoutItsCsrfTokenIsRefused() throws Exception {
        mvc.perform(post("/console/exceptions/ex-1/retry").with(otto(List.of("finance-ops"))))
                .andExpect(status().isForbidden());
        verify(stub, never()).update(anyString(), any(Class.class), any());
    }

    @Test
    void anUnknownProcessIsAPageWithTheMessage() throws Exception {
        when(stub.query(eq("state"), any())).thenThrow(new io.temporal.client.WorkflowNotFoundException(
                WorkflowExecution.newBuilder().setWorkflowId("nope").build(), "o2c", null));
        when(processes.find("nope")).thenReturn(Optional.empty());
        String page = mvc.perform(get("/console/processes/nope").with(otto(List.of("pmo"))))
                .andExpect(status().isNotFound()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("No process with workflow id nope");
    }

    @Test
    void theProcessPageShowsStepsCreatedObjectsAuditTheTemporalUiAndTheDecisionsOneMayTake() throws Exception {
        long t = Instant.parse("2026-03-01T10:00:00Z").toEpochMilli();
        when(stub.query("state", ProcessState.class)).thenReturn(new ProcessState(WF, "opportunity-to-project",
                "opp-1", ProcessStatus.NEEDS_ATTENTION, "corr-7",
                List.of(new StepState("crm.readOpportunity", "crm", StepStatus.COMPLETED, 1, null, t, t + 100),
                        new StepState("finance.validate", "o2c", StepStatus.FAILED, 2, "tax id missing", t + 200,
                                null)),
                Map.of("crmAccountId", "A-1"),
                new OpenException("ex-1", "finance.validate", OwnerTeam.FINANCE_OPS,
                        "o2c.finance-attributes-invalid", "tax id missing", false, t + 300, t + 400),
                t, t + 300));
        when(audit.forWorkflow(WF)).thenReturn(List.of(new AuditView(1, Instant.ofEpochMilli(t), WF, "run-1",
                "crm.readOpportunity", "crm", "GET /opportunities/opp-1", "opp-1", null, 1, "SUCCEEDED", 200, null,
                12L, "corr-7")));

        String page = mvc.perform(get("/console/processes/" + WF).with(otto(List.of("finance-ops"))))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("NEEDS_ATTENTION", "crm.readOpportunity", "finance.validate", "2 attempt(s)",
                        "last error: tax id missing", "tax id missing", "finance-ops",
                        "href=\"/console/processes?q=A-1\"", "GET /opportunities/opp-1", "corr-7",
                        "http://localhost:8233/namespaces/default/workflows/" + WF)
                .contains("id=\"retry\"", "id=\"abort\"").as("the step is not skippable")
                .doesNotContain("id=\"skip\"");

        String viewers = mvc.perform(get("/console/processes/" + WF).with(person("viola", List.of("viewer"),
                        List.of()))).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(viewers).contains("tax id missing").doesNotContain("id=\"retry\"", "id=\"abort\"");
    }

    @Test
    void aBadFilterIsAPageSayingWhichAndWhy() throws Exception {
        String page = mvc.perform(get("/console/processes").param("status", "BOGUS").with(otto(List.of("pmo"))))
                .andExpect(status().isBadRequest()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("Invalid request", "status: must be one of [RUNNING, NEEDS_ATTENTION");
        mvc.perform(get("/console/processes").param("age", "1y").with(otto(List.of("pmo"))))
                .andExpect(status().isBadRequest());
        mvc.perform(get("/console/processes").param("owner", "marketing").with(otto(List.of("pmo"))))
                .andExpect(status().isBadRequest());
    }

    @Test
    void theProcessListSearchesByBusinessIdThroughTheLedger() throws Exception {
        when(processes.list(any(dev.o2c.ledger.query.ProcessFilter.class), any())).thenReturn(new Page<>(List.of(
                new dev.o2c.ledger.query.ProcessView(WF, "run-1", "opportunity-to-project", "opp-1",
                        "NEEDS_ATTENTION", "corr-1", "finance.validate", "parked", Map.of("psaProjectId", "P-9"),
                        Instant.parse("2026-03-01T10:00:00Z"), Instant.parse("2026-03-01T10:01:00Z"))), null));
        String page = mvc.perform(get("/console/processes").param("q", "P-9").param("owner", "finance-ops")
                        .with(otto(List.of("pmo"))))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains(WF, "NEEDS_ATTENTION", "finance.validate");
        ArgumentCaptor<dev.o2c.ledger.query.ProcessFilter> filter =
                ArgumentCaptor.forClass(dev.o2c.ledger.query.ProcessFilter.class);
        verify(processes).list(filter.capture(), any());
        assertThat(filter.getValue().businessId()).isEqualTo("P-9");
        assertThat(filter.getValue().owner()).isEqualTo("finance-ops");
    }

    private static RequestPostProcessor otto(List<String> teams) {
        return person("otto", List.of("operator"), teams);
    }

    /** A signed-in person whose access token carries these claims (the authorities the login maps them to). */
    private static RequestPostProcessor person(String name, List<String> roles, List<String> teams) {
        return oauth2Login()
                .attributes(claims -> {
                    claims.put("sub", name);
                    claims.put("preferred_username", name);
                    claims.put("roles", roles);
                    claims.put("teams", teams);
                })
                .authorities(roles.stream().map(r -> (org.springframework.security.core.GrantedAuthority)
                        new SimpleGrantedAuthority("ROLE_" + r)).toList());
    }

    private static ExceptionView open(String id, String cause) {
        Instant t = Instant.parse("2026-03-01T10:00:00Z");
        return new ExceptionView(id, WF, "run-1", "opportunity-to-project", "opp-1", "finance.validate",
                "finance-ops", "o2c.finance-attributes-invalid", cause, null, false, "OPEN", null, null, null,
                "corr-1", t, t.plusSeconds(86400), null);
    }

    private static WorkflowUpdateException refusal(DecisionRefusal reason, String message) {
        return new WorkflowUpdateException(WorkflowExecution.newBuilder().setWorkflowId(WF).build(), "upd-1",
                "decide", ApplicationFailure.newNonRetryableFailure(reason.name() + ": " + message,
                        FailureTypes.DECISION_REFUSED, reason.name()));
    }
}
