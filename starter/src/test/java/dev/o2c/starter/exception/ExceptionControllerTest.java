package dev.o2c.starter.exception;

import dev.o2c.starter.security.TestTokens;
import dev.o2c.starter.security.TestSecurity;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.o2c.ledger.query.ExceptionQueries;
import dev.o2c.ledger.query.ExceptionView;
import dev.o2c.ledger.query.Page;
import dev.o2c.ledger.query.PageRequest;
import dev.o2c.starter.web.Links;
import dev.o2c.workflows.common.DecisionAccepted;
import dev.o2c.workflows.common.DecisionRefusal;
import dev.o2c.workflows.common.Decisions;
import dev.o2c.workflows.common.FailureTypes;
import dev.o2c.workflows.common.Resolution;
import dev.o2c.workflows.common.ResolutionAction;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

@WebMvcTest(controllers = ExceptionController.class, properties = "o2c.decision-timeout=PT0.5S")
@Import({ExceptionService.class, DecisionSender.class, Links.class, TestSecurity.class})
class ExceptionControllerTest {

    static final String WF = "opportunity-to-project-opp-1";

    @Autowired MockMvc mvc;
    @MockitoBean ExceptionQueries exceptions;
    @MockitoBean WorkflowClient client;

    final WorkflowStub stub = mock(WorkflowStub.class);

    @BeforeEach
    void stubs() {
        when(client.newUntypedWorkflowStub(anyString())).thenReturn(stub);
        when(exceptions.find(anyString())).thenReturn(Optional.empty());
        when(stub.update(eq("decide"), eq(DecisionAccepted.class), any())).thenAnswer(invocation -> {
            Resolution r = invocation.getArgument(2);
            return new DecisionAccepted(r.exceptionId(), "finance.validate", r.action(), r.actor(), 1_772_359_200_000L);
        });
    }

    @Test
    void retryIsTheParkedWorkflowsDecideUpdate() throws Exception {
        when(exceptions.find("ex-1")).thenReturn(Optional.of(record("ex-1", "OPEN", false)));

        // the actor and the teams are the token's; an actor in the body is ignored
        mvc.perform(post("/api/v1/exceptions/ex-1/retry")
                        .header("Authorization", TestTokens.bearer("olga", List.of("operator"), List.of("finance-ops")))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"actor\": \"mallory\", \"note\": \"tax id fixed in CRM\"}"))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.exceptionId").value("ex-1"))
                .andExpect(jsonPath("$.workflowId").value(WF))
                .andExpect(jsonPath("$.action").value("RETRY"))
                .andExpect(jsonPath("$.step").value("finance.validate"))
                .andExpect(jsonPath("$.actor").value("olga"))
                .andExpect(jsonPath("$.acceptedAt").value("2026-03-01T10:00:00Z"))
                .andExpect(jsonPath("$.links.process").value("http://localhost/api/v1/processes/" + WF));

        verify(client).newUntypedWorkflowStub(WF);
        verify(stub).update("decide", DecisionAccepted.class,
                new Resolution("ex-1", ResolutionAction.RETRY, "olga", "tax id fixed in CRM", List.of("finance-ops")));
        verify(stub, never()).signal(anyString(), any());
    }

    @Test
    void abortWithoutBodyIsByTheOperator() throws Exception {
        when(exceptions.find("ex-1")).thenReturn(Optional.of(record("ex-1", "OPEN", false)));

        mvc.perform(post("/api/v1/exceptions/ex-1/abort"))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.action").value("ABORT"));

        verify(stub).update("decide", DecisionAccepted.class,
                new Resolution("ex-1", ResolutionAction.ABORT, "ada", null));
    }

    @Test
    void skipOfASkippableStepIsAccepted() throws Exception {
        when(exceptions.find("ex-2")).thenReturn(Optional.of(record("ex-2", "OPEN", true)));

        mvc.perform(post("/api/v1/exceptions/ex-2/skip").contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.action").value("SKIP"));

        verify(stub).update("decide", DecisionAccepted.class, new Resolution("ex-2", ResolutionAction.SKIP, "ada", null));
    }

    @Test
    void skipOfANonSkippableStepIs409() throws Exception {
        when(exceptions.find("ex-1")).thenReturn(Optional.of(record("ex-1", "OPEN", false)));

        mvc.perform(post("/api/v1/exceptions/ex-1/skip"))
                .andExpect(status().isConflict())
                .andExpect(content().contentType("application/problem+json"))
                .andExpect(jsonPath("$.type").value("https://o2c.dev/problems/skip-not-allowed"));
        verify(stub, never()).update(anyString(), any(), any());
    }

    @Test
    void anyActionOnAResolvedExceptionIs409() throws Exception {
        when(exceptions.find("ex-3")).thenReturn(Optional.of(record("ex-3", "RESOLVED", true)));

        for (String action : List.of("retry", "skip", "abort")) {
            mvc.perform(post("/api/v1/exceptions/ex-3/" + action))
                    .andExpect(status().isConflict())
                    .andExpect(jsonPath("$.type").value("https://o2c.dev/problems/exception-not-open"))
                    .andExpect(jsonPath("$.exceptionStatus").value("RESOLVED"));
        }
        verify(stub, never()).update(anyString(), any(), any());
    }

    @Test
    void unknownExceptionIs404ForEveryAction() throws Exception {
        for (String url : List.of("/api/v1/exceptions/nope", "/api/v1/exceptions/nope/retry")) {
            var request = url.endsWith("retry") ? post(url) : get(url);
            mvc.perform(request)
                    .andExpect(status().isNotFound())
                    .andExpect(jsonPath("$.type").value("https://o2c.dev/problems/exception-not-found"));
        }
    }

    @Test
    void processNoLongerRunningIs409() throws Exception {
        when(exceptions.find("ex-1")).thenReturn(Optional.of(record("ex-1", "OPEN", false)));
        doThrow(new WorkflowNotFoundException(WorkflowExecution.newBuilder().setWorkflowId(WF).build(), null, null))
                .when(stub).update(eq("decide"), eq(DecisionAccepted.class), any());

        mvc.perform(post("/api/v1/exceptions/ex-1/retry"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.type").value("https://o2c.dev/problems/process-not-running"));
    }

    @ParameterizedTest
    @CsvSource({
            "DUPLICATE, duplicate-decision",
            "STALE, stale-decision",
            "NOT_PARKED, process-not-parked",
            "SKIP_NOT_ALLOWED, skip-not-allowed",
            "NOT_ALLOWED, decision-not-allowed"})
    void aDecisionTheWorkflowRefusesIs409NamingTheReason(DecisionRefusal reason, String type) throws Exception {
        when(exceptions.find("ex-1")).thenReturn(Optional.of(record("ex-1", "OPEN", false)));
        ApplicationFailure failure = ApplicationFailure.newNonRetryableFailure("refused: " + reason,
                FailureTypes.DECISION_REFUSED, reason.name());
        doThrow(refusal(failure))
                .doThrow(refusal(ApplicationFailure.newFailureWithCause("refused: " + reason,
                        IllegalStateException.class.getName(), failure)))
                .when(stub).update(eq("decide"), eq(DecisionAccepted.class), any());

        for (int i = 0; i < 2; i++) {
            mvc.perform(post("/api/v1/exceptions/ex-1/retry"))
                    .andExpect(status().isConflict())
                    .andExpect(content().contentType("application/problem+json"))
                    .andExpect(jsonPath("$.type").value("https://o2c.dev/problems/" + type))
                    .andExpect(jsonPath("$.reason").value(reason.name()))
                    .andExpect(jsonPath("$.detail").value("refused: " + reason))
                    .andExpect(jsonPath("$.exceptionId").value("ex-1"))
                    .andExpect(jsonPath("$.workflowId").value(WF));
        }
    }

    @Test
    void aRefusalWhoseTypeTheSdkLostIsStillA409() throws Exception {
        when(exceptions.find("ex-1")).thenReturn(Optional.of(record("ex-1", "OPEN", false)));
        // SDK 1.38: an ApplicationFailure thrown by a validator reaches the client with its message only
        doThrow(sdkWrapped("exception ex-1 was already decided (RETRY by alice)"))
                .doThrow(sdkWrapped("STALE: parked on ex-2"))
                .when(stub).update(eq("decide"), eq(DecisionAccepted.class), any());

        mvc.perform(post("/api/v1/exceptions/ex-1/retry"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.type").value("https://o2c.dev/problems/decision-not-allowed"))
                .andExpect(jsonPath("$.reason").value("NOT_ALLOWED"))
                .andExpect(jsonPath("$.detail").value("exception ex-1 was already decided (RETRY by alice)"));
        mvc.perform(post("/api/v1/exceptions/ex-1/retry"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.type").value("https://o2c.dev/problems/stale-decision"))
                .andExpect(jsonPath("$.detail").value("parked on ex-2"));
    }

    @Test
    void aFailingUpdateHandlerIsNoRefusal() throws Exception {
        when(exceptions.find("ex-1")).thenReturn(Optional.of(record("ex-1", "OPEN", false)));
        doThrow(new WorkflowUpdateException(WorkflowExecution.newBuilder().setWorkflowId(WF).build(), "u", "decide",
                ApplicationFailure.newFailure("NullPointerException in the handler", "java.lang.NullPointerException")))
                .when(stub).update(eq("decide"), eq(DecisionAccepted.class), any());

        mvc.perform(post("/api/v1/exceptions/ex-1/retry"))
                .andExpect(status().isInternalServerError())
                .andExpect(jsonPath("$.type").value("https://o2c.dev/problems/internal-error"));
    }

    static WorkflowUpdateException sdkWrapped(String message) {
        return new WorkflowUpdateException(WorkflowExecution.newBuilder().setWorkflowId(WF).build(), "upd-1",
                "decide", ApplicationFailure.newFailure(message, Decisions.SDK_WRAPPED_TYPE));
    }

    @Test
    void anExceptionTheLedgerDoesNotKnowIsDecidedOnTheProcessTheClientNames() throws Exception {
        mvc.perform(post("/api/v1/exceptions/ex-9/abort?workflowId=" + WF))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.exceptionId").value("ex-9"))
                .andExpect(jsonPath("$.workflowId").value(WF));
        verify(stub).update("decide", DecisionAccepted.class,
                new Resolution("ex-9", ResolutionAction.ABORT, "ada", null));

        when(exceptions.find("ex-1")).thenReturn(Optional.of(record("ex-1", "OPEN", false)));
        mvc.perform(post("/api/v1/exceptions/ex-1/abort?workflowId=opportunity-to-project-other"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("workflowId"));
    }

    @Test
    void aProcessThatDoesNotTakeTheDecisionInTimeIs503WithRetryAfter() throws Exception {
        when(exceptions.find("ex-1")).thenReturn(Optional.of(record("ex-1", "OPEN", false)));
        when(stub.update(eq("decide"), eq(DecisionAccepted.class), any())).thenAnswer(invocation -> {
            Thread.sleep(3_000); // no worker holds the workflow
            return null;
        });

        mvc.perform(post("/api/v1/exceptions/ex-1/retry"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "5"))
                .andExpect(jsonPath("$.type").value("https://o2c.dev/problems/process-unresponsive"));
    }

    static WorkflowUpdateException refusal(ApplicationFailure failure) {
        return new WorkflowUpdateException(WorkflowExecution.newBuilder().setWorkflowId(WF).build(), "upd-1",
                "decide", failure);
    }

    @Test
    void invalidBodyIs400() throws Exception {
        when(exceptions.find("ex-1")).thenReturn(Optional.of(record("ex-1", "OPEN", false)));

        mvc.perform(post("/api/v1/exceptions/ex-1/retry")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"note\": \"" + "a".repeat(2001) + "\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("note"));
        verify(stub, never()).update(anyString(), any(), any());
    }

    @Test
    void getShowsPayloadAsJsonAndTheAllowedActions() throws Exception {
        when(exceptions.find("ex-2")).thenReturn(Optional.of(record("ex-2", "OPEN", true)));
        when(exceptions.find("ex-3")).thenReturn(Optional.of(record("ex-3", "RESOLVED", true)));

        mvc.perform(get("/api/v1/exceptions/ex-2"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.owner").value("finance-ops"))
                .andExpect(jsonPath("$.payload.violations[0]").value("taxId"))
                .andExpect(jsonPath("$.openedAt").value("2026-03-01T10:00:00Z"))
                .andExpect(jsonPath("$.links.skip").value("http://localhost/api/v1/exceptions/ex-2/skip"))
                .andExpect(jsonPath("$.links.retry").exists());
        mvc.perform(get("/api/v1/exceptions/ex-3"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.links.retry").doesNotExist())
                .andExpect(jsonPath("$.links.process").exists());
    }

    @Test
    void listFiltersByStatusAndOwner() throws Exception {
        when(exceptions.list(eq("OPEN"), eq("finance-ops"), any(PageRequest.class)))
                .thenReturn(new Page<>(List.of(record("ex-1", "OPEN", false)), null));

        mvc.perform(get("/api/v1/exceptions?status=open&owner=finance-ops"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items[0].id").value("ex-1"))
                .andExpect(jsonPath("$.nextCursor").doesNotExist())
                .andExpect(jsonPath("$.links.next").doesNotExist());
        verify(exceptions).list("OPEN", "finance-ops", PageRequest.first());
    }

    @Test
    void invalidListFiltersAre400() throws Exception {
        mvc.perform(get("/api/v1/exceptions?status=pending"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("status"));
        mvc.perform(get("/api/v1/exceptions?owner=janitors"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("owner"));
        verify(exceptions, never()).list(any(), any(), any());
    }

    static ExceptionView record(String id, String status, boolean skippable) {
        Instant t = Instant.parse("2026-03-01T10:00:00Z");
        boolean resolved = "RESOLVED".equals(status);
        return new ExceptionView(id, WF, "run-1", "opportunity-to-project", "opp-1", "finance.validate",
                "finance-ops", "o2c.finance-attributes-invalid", "tax id missing", "{\"violations\": [\"taxId\"]}",
                skippable, status, resolved ? "RETRY" : null, resolved ? "bob" : null, null, "corr-1", t,
                t.plusSeconds(86400), resolved ? t.plusSeconds(60) : null);
    }

}
