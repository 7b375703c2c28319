package dev.o2c.starter.process;

import dev.o2c.starter.security.TestSecurity;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doReturn;
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

import dev.o2c.ledger.query.AuditQueries;
import dev.o2c.ledger.query.AuditView;
import dev.o2c.ledger.query.Page;
import dev.o2c.ledger.query.PageRequest;
import dev.o2c.ledger.query.ProcessQueries;
import dev.o2c.ledger.query.ProcessView;
import dev.o2c.ledger.query.RunView;
import dev.o2c.starter.exception.DecisionSender;
import dev.o2c.starter.web.Links;
import dev.o2c.workflows.common.DecisionAccepted;
import dev.o2c.workflows.common.OpenException;
import dev.o2c.workflows.common.OwnerTeam;
import dev.o2c.workflows.common.ProcessState;
import dev.o2c.workflows.common.ProcessStatus;
import dev.o2c.workflows.common.Resolution;
import dev.o2c.workflows.common.ResolutionAction;
import dev.o2c.workflows.common.StepState;
import dev.o2c.workflows.common.StepStatus;
import dev.o2c.workflows.common.TaskQueues;
import dev.o2c.workflows.opportunity.OpportunityToProjectRequest;
import dev.o2c.workflows.opportunity.OpportunityToProjectResult;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowServiceException;
import io.temporal.client.WorkflowStub;
import io.temporal.common.converter.DefaultDataConverter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;

@WebMvcTest(controllers = ProcessController.class,
        properties = {"o2c.query-timeout=PT0.3S", "o2c.decision-timeout=PT0.5S"})
@Import({ProcessStarter.class, ProcessService.class, DecisionSender.class, Links.class, TestSecurity.class})
class ProcessControllerTest {

    static final String PROBLEM = "application/problem+json";
    static final String WF = "opportunity-to-project-opp-1";

    @Autowired MockMvc mvc;
    @MockitoBean WorkflowClient client;
    @MockitoBean ProcessQueries processes;
    @MockitoBean AuditQueries audit;

    final WorkflowStub startStub = mock(WorkflowStub.class);
    final WorkflowStub idStub = mock(WorkflowStub.class);
    final WorkflowStub runStub = mock(WorkflowStub.class);

    @BeforeEach
    void stubs() {
        when(client.newUntypedWorkflowStub(anyString(), any(WorkflowOptions.class))).thenReturn(startStub);
        when(client.newUntypedWorkflowStub(anyString())).thenReturn(idStub);
        when(client.newUntypedWorkflowStub(anyString(), any(Optional.class), any(Optional.class))).thenReturn(runStub);
        doThrow(new WorkflowNotFoundException(execution(WF, ""), null, null)).when(idStub).describe();
        when(processes.find(anyString())).thenReturn(Optional.empty());
        when(processes.runs(anyString())).thenReturn(List.of());
        when(audit.forWorkflow(anyString())).thenReturn(List.of());
    }

    @Test
    void startsTheSagaOnceWithTheRequestsCorrelationId() throws Exception {
        when(startStub.start(any())).thenReturn(execution(WF, "run-1"));

        mvc.perform(post("/api/v1/opportunity-to-project")
                        .header("X-Correlation-Id", "corr-42")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"opportunityId\": \"opp-1\"}"))
                .andExpect(status().isAccepted())
                .andExpect(header().string("Location", "http://localhost/api/v1/processes/" + WF))
                .andExpect(header().string("X-Correlation-Id", "corr-42"))
                .andExpect(jsonPath("$.workflowId").value(WF))
                .andExpect(jsonPath("$.runId").value("run-1"))
                .andExpect(jsonPath("$.status").value("RUNNING"))
                .andExpect(jsonPath("$.correlationId").value("corr-42"))
                .andExpect(jsonPath("$.created").value(true))
                .andExpect(jsonPath("$.links.self").value("http://localhost/api/v1/processes/" + WF))
                .andExpect(jsonPath("$.links.temporalUi")
                        .value("http://localhost:8233/namespaces/default/workflows/" + WF));

        ArgumentCaptor<WorkflowOptions> options = ArgumentCaptor.forClass(WorkflowOptions.class);
        verify(client).newUntypedWorkflowStub(eq("OpportunityToProjectWorkflow"), options.capture());
        assertThat(options.getValue().getWorkflowId()).isEqualTo(WF);
        assertThat(options.getValue().getTaskQueue()).isEqualTo(TaskQueues.WORKFLOWS);
        // the server still refuses a start while a run is open; a closed run is looked at before starting
        assertThat(options.getValue().getWorkflowIdReusePolicy())
                .isEqualTo(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE);
        ArgumentCaptor<Object> request = ArgumentCaptor.forClass(Object.class);
        verify(startStub).start(request.capture());
        assertThat(request.getValue()).isEqualTo(
                new OpportunityToProjectRequest("opp-1", "corr-42", "api", Duration.ofDays(14)));
    }

    @Test
    void sameOpportunityAgainAnswersTheRunningProcessWith200() throws Exception {
        doReturn(description(WF, "run-first", WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING)).when(idStub).describe();
        when(processes.find(WF)).thenReturn(Optional.of(row(WF, "NEEDS_ATTENTION")));

        mvc.perform(post("/api/v1/opportunity-to-project")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"opportunityId\": \"opp-1\"}"))
                .andExpect(status().isOk())
                .andExpect(header().string("Location", "http://localhost/api/v1/processes/" + WF))
                .andExpect(jsonPath("$.runId").value("run-first"))
                .andExpect(jsonPath("$.status").value("NEEDS_ATTENTION"))
                .andExpect(jsonPath("$.correlationId").value("corr-original"))
                .andExpect(jsonPath("$.created").value(false));
        verify(startStub, never()).start(any());
    }

    @Test
    void aStartRacingAnotherAnswersTheRunThatWon() throws Exception {
        doThrow(new WorkflowNotFoundException(execution(WF, ""), null, null))
                .doReturn(description(WF, "run-other", WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING))
                .when(idStub).describe();
        when(startStub.start(any())).thenThrow(
                new WorkflowExecutionAlreadyStarted(execution(WF, ""), "OpportunityToProjectWorkflow", null));

        mvc.perform(post("/api/v1/opportunity-to-project")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"opportunityId\": \"opp-1\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.runId").value("run-other"))
                .andExpect(jsonPath("$.created").value(false));
    }

    @Test
    void aCompletedProcessIsAnsweredFromItsResultAndNotStartedAgain() throws Exception {
        doReturn(description(WF, "run-done", WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED)).when(idStub).describe();
        when(runStub.getResult(OpportunityToProjectResult.class))
                .thenReturn(new OpportunityToProjectResult(ProcessStatus.COMPLETED, Map.of(), "done", 2));

        mvc.perform(post("/api/v1/opportunity-to-project")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"opportunityId\": \"opp-1\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.runId").value("run-done"))
                .andExpect(jsonPath("$.status").value("COMPLETED"))
                .andExpect(jsonPath("$.incarnation").value(2));
        verify(client).newUntypedWorkflowStub(WF, Optional.of("run-done"), Optional.empty());
        verify(startStub, never()).start(any());
    }

    @Test
    void aCompensatedProcessStartsANewRunUnderTheNextIncarnation() throws Exception {
        doReturn(description(WF, "run-1", WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED)).when(idStub).describe();
        when(runStub.getResult(OpportunityToProjectResult.class))
                .thenReturn(new OpportunityToProjectResult(ProcessStatus.COMPENSATED, Map.of(), "rejected", 2));
        when(startStub.start(any())).thenReturn(execution(WF, "run-2"));

        mvc.perform(post("/api/v1/opportunity-to-project")
                        .header("X-Correlation-Id", "corr-again")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"opportunityId\": \"opp-1\"}"))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.runId").value("run-2"))
                .andExpect(jsonPath("$.created").value(true))
                .andExpect(jsonPath("$.incarnation").value(3));
        verify(startStub).start(new OpportunityToProjectRequest("opp-1", "corr-again", "api", Duration.ofDays(14), 3));
    }

    @Test
    void aLostProcessStartsAgainUnderTheSameIncarnation() throws Exception {
        when(processes.find(WF)).thenReturn(Optional.of(new ProcessView(WF, "run-lost", "opportunity-to-project",
                "opp-1", "LOST", "corr-original", "erp.upsertCustomer", null, Map.of(), Instant.EPOCH, Instant.EPOCH,
                4)));
        when(startStub.start(any())).thenReturn(execution(WF, "run-again"));

        mvc.perform(post("/api/v1/opportunity-to-project")
                        .header("X-Correlation-Id", "corr-lost")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"opportunityId\": \"opp-1\"}"))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.incarnation").value(4));
        verify(startStub).start(new OpportunityToProjectRequest("opp-1", "corr-lost", "api", Duration.ofDays(14), 4));
    }

    @Test
    void aProcessOnlyTheLedgerStillKnowsAsCompletedIsAnswered() throws Exception {
        when(processes.find(WF)).thenReturn(Optional.of(row(WF, "COMPLETED")));

        mvc.perform(post("/api/v1/opportunity-to-project")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"opportunityId\": \"opp-1\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.runId").value("run-first"))
                .andExpect(jsonPath("$.status").value("COMPLETED"));
        verify(startStub, never()).start(any());
    }

    @Test
    void temporalUnavailableIsA503WithRetryAfter() throws Exception {
        doThrow(new WorkflowServiceException(execution(WF, ""), null,
                new io.grpc.StatusRuntimeException(io.grpc.Status.UNAVAILABLE))).when(idStub).describe();

        mvc.perform(post("/api/v1/opportunity-to-project")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"opportunityId\": \"opp-1\"}"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "5"))
                .andExpect(jsonPath("$.type").value("https://o2c.dev/problems/temporal-unavailable"));
    }

    @Test
    void ledgerUnavailableIsA503WithRetryAfter() throws Exception {
        when(processes.list(any(), any(), any())).thenThrow(new org.springframework.dao.DataAccessResourceFailureException("down"));

        mvc.perform(get("/api/v1/processes"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "5"))
                .andExpect(jsonPath("$.type").value("https://o2c.dev/problems/ledger-unavailable"));
    }

    @Test
    void aLedgerAnswerKeepsTheOrderOfCreatedIds() throws Exception {
        when(idStub.query("state", ProcessState.class))
                .thenThrow(new WorkflowNotFoundException(execution(WF, ""), null, null));
        Map<String, String> ids = new java.util.LinkedHashMap<>();
        for (String key : List.of("crmAccountId", "erpCustomerId", "psaProjectId", "billingPlanId", "erpProjectId",
                "invoicingCustomerId", "aFirstLooking")) {
            ids.put(key, key.toUpperCase(java.util.Locale.ROOT));
        }
        Instant t = Instant.parse("2026-03-01T10:00:00Z");
        when(processes.find(WF)).thenReturn(Optional.of(new ProcessView(WF, "run-1", "opportunity-to-project", "opp-1",
                "COMPLETED", null, null, null, ids, t, t)));

        MvcResult result = mvc.perform(get("/api/v1/processes/" + WF)).andExpect(status().isOk()).andReturn();
        String body = result.getResponse().getContentAsString();
        List<Integer> positions = ids.keySet().stream().map(key -> body.indexOf("\"" + key + "\"")).toList();
        assertThat(positions).isSorted().doesNotContain(-1);
    }

    @Test
    void invalidStartBodiesAre400ProblemsListingTheField() throws Exception {
        for (String body : List.of("{}", "{\"opportunityId\": \"  \"}", "{\"opportunityId\": \"opp 1/../x\"}",
                "{\"opportunityId\": \"" + "x".repeat(101) + "\"}")) {
            mvc.perform(post("/api/v1/opportunity-to-project").contentType(MediaType.APPLICATION_JSON).content(body))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentType(PROBLEM))
                    .andExpect(jsonPath("$.type").value("https://o2c.dev/problems/validation-failed"))
                    .andExpect(jsonPath("$.status").value(400))
                    .andExpect(jsonPath("$.errors[0].field").value("opportunityId"))
                    .andExpect(jsonPath("$.correlationId").isNotEmpty());
        }
        verify(startStub, never()).start(any());
    }

    @Test
    void malformedJsonIsA400Problem() throws Exception {
        mvc.perform(post("/api/v1/opportunity-to-project").contentType(MediaType.APPLICATION_JSON).content("{\"opp"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(PROBLEM))
                .andExpect(jsonPath("$.type").value("https://o2c.dev/problems/malformed-request"));
    }

    @Test
    void getAnswersTheLiveStateWithLinksAndAudit() throws Exception {
        long t = Instant.parse("2026-03-01T10:00:00Z").toEpochMilli();
        ProcessState state = new ProcessState(WF, "opportunity-to-project", "opp-1", ProcessStatus.NEEDS_ATTENTION,
                "corr-7",
                List.of(new StepState("crm.readOpportunity", "crm", StepStatus.COMPLETED, 1, null, t, t + 100),
                        new StepState("finance.validate", "o2c", StepStatus.FAILED, 1, "tax id missing", t + 200, null)),
                Map.of("crmAccountId", "A-1"),
                new OpenException("ex-1", "finance.validate", OwnerTeam.FINANCE_OPS, "o2c.finance-attributes-invalid",
                        "tax id missing", false, t + 300, t + 400),
                t, t + 300);
        when(idStub.query("state", ProcessState.class)).thenReturn(state);
        when(audit.forWorkflow(WF)).thenReturn(List.of(new AuditView(1, Instant.ofEpochMilli(t), WF, "run-1",
                "crm.readOpportunity", "crm", "GET /opportunities/opp-1", "opp-1", null, 1, "SUCCEEDED", 200, null,
                12L, "corr-7")));

        mvc.perform(get("/api/v1/processes/" + WF))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.source").value("temporal"))
                .andExpect(jsonPath("$.status").value("NEEDS_ATTENTION"))
                .andExpect(jsonPath("$.correlationId").value("corr-7"))
                .andExpect(jsonPath("$.currentStep").value("finance.validate"))
                .andExpect(jsonPath("$.steps", hasSize(2)))
                .andExpect(jsonPath("$.steps[1].lastError").value("tax id missing"))
                .andExpect(jsonPath("$.steps[0].completedAt").value("2026-03-01T10:00:00.100Z"))
                .andExpect(jsonPath("$.createdIds.crmAccountId").value("A-1"))
                .andExpect(jsonPath("$.openException.owner").value("finance-ops"))
                .andExpect(jsonPath("$.openException.links.self").value("http://localhost/api/v1/exceptions/ex-1"))
                .andExpect(jsonPath("$.openException.links.retry")
                        .value("http://localhost/api/v1/processes/" + WF + "/retry?exceptionId=ex-1"))
                .andExpect(jsonPath("$.openException.links.skip").doesNotExist())
                .andExpect(jsonPath("$.audit[0].operation").value("GET /opportunities/opp-1"))
                .andExpect(jsonPath("$.links.temporalUi").value("http://localhost:8233/namespaces/default/workflows/" + WF));
    }

    @Test
    void theProcessDecidesOnTheExceptionItsLiveStateIsParkedOn() throws Exception {
        when(idStub.query("state", ProcessState.class)).thenReturn(parked(true));
        when(idStub.update(eq("decide"), eq(DecisionAccepted.class), any())).thenAnswer(invocation -> {
            Resolution r = invocation.getArgument(2);
            return new DecisionAccepted(r.exceptionId(), "finance.validate", r.action(), r.actor(), 0L);
        });

        mvc.perform(post("/api/v1/processes/" + WF + "/skip")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"actor\": \"dana\", \"note\": \"not needed\"}"))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.exceptionId").value("ex-1"))
                .andExpect(jsonPath("$.workflowId").value(WF))
                .andExpect(jsonPath("$.action").value("SKIP"))
                .andExpect(jsonPath("$.links.exception").value("http://localhost/api/v1/exceptions/ex-1"));
        verify(idStub).update("decide", DecisionAccepted.class,
                new Resolution("ex-1", ResolutionAction.SKIP, "ada", "not needed"));

        // pinned to an exception: sent as is, the workflow judges whether it is stale
        mvc.perform(post("/api/v1/processes/" + WF + "/abort?exceptionId=ex-0")).andExpect(status().isAccepted());
        verify(idStub).update("decide", DecisionAccepted.class,
                new Resolution("ex-0", ResolutionAction.ABORT, "ada", null));
    }

    @Test
    void aProcessDecisionIs409WhenNotParkedNotSkippableOrNotRunning() throws Exception {
        when(idStub.query("state", ProcessState.class)).thenReturn(parked(false));
        mvc.perform(post("/api/v1/processes/" + WF + "/skip"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.type").value("https://o2c.dev/problems/skip-not-allowed"))
                .andExpect(jsonPath("$.reason").value("SKIP_NOT_ALLOWED"));

        ProcessState running = new ProcessState(WF, "opportunity-to-project", "opp-1", ProcessStatus.RUNNING, "c",
                List.of(), Map.of(), null, 0, 0);
        when(idStub.query("state", ProcessState.class)).thenReturn(running);
        mvc.perform(post("/api/v1/processes/" + WF + "/retry"))
                .andExpect(status().isConflict())
                .andExpect(content().contentType(PROBLEM))
                .andExpect(jsonPath("$.type").value("https://o2c.dev/problems/process-not-parked"))
                .andExpect(jsonPath("$.reason").value("NOT_PARKED"));

        when(idStub.query("state", ProcessState.class))
                .thenThrow(new WorkflowNotFoundException(execution(WF, ""), null, null));
        when(processes.find(WF)).thenReturn(Optional.of(row(WF, "ABORTED")));
        mvc.perform(post("/api/v1/processes/" + WF + "/abort"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.type").value("https://o2c.dev/problems/process-not-running"));
        mvc.perform(post("/api/v1/processes/opportunity-to-project-nope/abort"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("https://o2c.dev/problems/process-not-found"));
        verify(idStub, never()).update(anyString(), any(), any());
    }

    @Test
    void aProcessThatDoesNotAnswerItsStateCannotBeDecidedOnNowAnd503sWithRetryAfter() throws Exception {
        when(idStub.query("state", ProcessState.class)).thenThrow(new io.temporal.client.WorkflowQueryException(
                execution(WF, "r"), "OpportunityToProjectWorkflow", new IllegalStateException("task failing")));

        mvc.perform(post("/api/v1/processes/" + WF + "/retry"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "5"))
                .andExpect(jsonPath("$.type").value("https://o2c.dev/problems/process-unresponsive"));
        verify(idStub, never()).update(anyString(), any(), any());
    }

    @Test
    void aLostProcessLinksTheStartAndAnEndedOneListsItsEarlierRuns() throws Exception {
        when(idStub.query("state", ProcessState.class))
                .thenThrow(new WorkflowNotFoundException(execution(WF, ""), null, null));
        Instant t = Instant.parse("2026-03-01T10:00:00Z");
        when(processes.find(WF)).thenReturn(Optional.of(new ProcessView(WF, "run-2", "opportunity-to-project", "opp-1",
                "LOST", null, null, null, Map.of(), t, t, 2)));
        when(processes.runs(WF)).thenReturn(List.of(
                new RunView(WF, "run-2", 2, "LOST", null, null, t, t),
                new RunView(WF, "run-1", 1, "ABORTED", "finance.validate", "aborted by ops", t.minusSeconds(600),
                        t.minusSeconds(60))));

        mvc.perform(get("/api/v1/processes/" + WF))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("LOST"))
                .andExpect(jsonPath("$.incarnation").value(2))
                .andExpect(jsonPath("$.links.start").value("http://localhost/api/v1/opportunity-to-project"))
                .andExpect(jsonPath("$.runs", hasSize(1)))
                .andExpect(jsonPath("$.runs[0].runId").value("run-1"))
                .andExpect(jsonPath("$.runs[0].endedAt").value("2026-03-01T09:59:00Z"))
                .andExpect(jsonPath("$.runs[0].detail").value("aborted by ops"));

        when(processes.find(WF)).thenReturn(Optional.of(row(WF, "COMPLETED")));
        mvc.perform(get("/api/v1/processes/" + WF))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.links.start").doesNotExist());
    }

    @Test
    void lostIsAListableStatus() throws Exception {
        when(processes.list(any(), eq("LOST"), any(PageRequest.class)))
                .thenReturn(new Page<>(List.of(row(WF, "LOST")), null));

        mvc.perform(get("/api/v1/processes?status=lost"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items[0].status").value("LOST"))
                .andExpect(jsonPath("$.items[0].links.start").value("http://localhost/api/v1/opportunity-to-project"));
    }

    static ProcessState parked(boolean skippable) {
        return new ProcessState(WF, "opportunity-to-project", "opp-1", ProcessStatus.NEEDS_ATTENTION, "c", List.of(),
                Map.of(), new OpenException("ex-1", "finance.validate", OwnerTeam.FINANCE_OPS,
                        "o2c.finance-attributes-invalid", "tax id missing", skippable, 0, 1), 0, 0);
    }

    @Test
    void unknownProcessIsA404Problem() throws Exception {
        when(idStub.query("state", ProcessState.class))
                .thenThrow(new WorkflowNotFoundException(execution("nope", ""), null, null));

        mvc.perform(get("/api/v1/processes/nope"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentType(PROBLEM))
                .andExpect(jsonPath("$.type").value("https://o2c.dev/problems/process-not-found"))
                .andExpect(jsonPath("$.instance").value("/api/v1/processes/nope"));
    }

    @Test
    void processGoneFromTemporalIsAnsweredFromTheLedger() throws Exception {
        when(idStub.query("state", ProcessState.class))
                .thenThrow(new WorkflowNotFoundException(execution(WF, ""), null, null));
        when(processes.find(WF)).thenReturn(Optional.of(row(WF, "COMPLETED")));

        mvc.perform(get("/api/v1/processes/" + WF))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.source").value("ledger"))
                .andExpect(jsonPath("$.status").value("COMPLETED"))
                .andExpect(jsonPath("$.createdIds.erpCustomerId").value("C-1"))
                .andExpect(jsonPath("$.steps", hasSize(0)));
    }

    @Test
    void aQueryNoWorkerAnswersInTimeIsAnsweredFromTheLedger() throws Exception {
        when(idStub.query("state", ProcessState.class)).thenAnswer(invocation -> {
            Thread.sleep(5_000); // the worker holding the workflow just died
            return null;
        });
        when(processes.find(WF)).thenReturn(Optional.of(row(WF, "RUNNING")));

        long started = System.nanoTime();
        mvc.perform(get("/api/v1/processes/" + WF))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.source").value("ledger"))
                .andExpect(jsonPath("$.status").value("RUNNING"));
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - started)).isLessThan(java.time.Duration.ofSeconds(4));
    }

    @Test
    void listComesFromTheLedgerWithANextLink() throws Exception {
        when(processes.list(eq("opportunity-to-project"), eq("NEEDS_ATTENTION"), any(PageRequest.class)))
                .thenReturn(new Page<>(List.of(row(WF, "NEEDS_ATTENTION")), "CURSOR2"));

        mvc.perform(get("/api/v1/processes?type=opportunity-to-project&status=needs_attention&limit=1"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items[0].workflowId").value(WF))
                .andExpect(jsonPath("$.items[0].links.self").value("http://localhost/api/v1/processes/" + WF))
                .andExpect(jsonPath("$.nextCursor").value("CURSOR2"))
                .andExpect(jsonPath("$.links.next").value(
                        "http://localhost/api/v1/processes?type=opportunity-to-project&status=needs_attention&limit=1&cursor=CURSOR2"));
        ArgumentCaptor<PageRequest> page = ArgumentCaptor.forClass(PageRequest.class);
        verify(processes).list(eq("opportunity-to-project"), eq("NEEDS_ATTENTION"), page.capture());
        assertThat(page.getValue()).isEqualTo(new PageRequest(1, null));
    }

    @Test
    void invalidListParametersAre400Problems() throws Exception {
        expectFieldError("/api/v1/processes?status=SLEEPING", "status");
        expectFieldError("/api/v1/processes?type=lunch", "type");
        expectFieldError("/api/v1/processes?limit=500", "limit");
        expectFieldError("/api/v1/processes?limit=0", "limit");
        expectFieldError("/api/v1/processes?limit=many", "limit");
        verify(processes, never()).list(any(), any(), any());
    }

    @Test
    void invalidCursorIsA400Problem() throws Exception {
        when(processes.list(any(), any(), any())).thenThrow(new dev.o2c.ledger.query.InvalidCursorException("malformed cursor"));

        mvc.perform(get("/api/v1/processes?cursor=zzz"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("https://o2c.dev/problems/invalid-cursor"));
    }

    @Test
    void correlationIdIsGeneratedWhenAbsentOrUnsafe() throws Exception {
        when(idStub.query("state", ProcessState.class))
                .thenThrow(new WorkflowNotFoundException(execution("x", ""), null, null));
        String uuid = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

        MvcResult absent = mvc.perform(get("/api/v1/processes/x"))
                .andExpect(header().string("X-Correlation-Id", matchesPattern(uuid)))
                .andReturn();
        // the generated id is the one the problem carries
        assertThat(absent.getResponse().getContentAsString())
                .contains(absent.getResponse().getHeader("X-Correlation-Id"));

        for (String unsafe : List.of("a".repeat(101), "bad id", "x\r\ny", "ünïcode")) {
            mvc.perform(get("/api/v1/processes/x").header("X-Correlation-Id", unsafe))
                    .andExpect(header().string("X-Correlation-Id", matchesPattern(uuid)));
        }
        mvc.perform(get("/api/v1/processes/x").header("X-Correlation-Id", "sandbox:evt_1.2-3"))
                .andExpect(header().string("X-Correlation-Id", "sandbox:evt_1.2-3"))
                .andExpect(jsonPath("$.correlationId").value("sandbox:evt_1.2-3"));
    }

    @Test
    void unknownPathIsA404Problem() throws Exception {
        mvc.perform(get("/api/v1/nothing-here"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentType(PROBLEM))
                .andExpect(jsonPath("$.type").value("https://o2c.dev/problems/not-found"));
    }

    private void expectFieldError(String url, String field) throws Exception {
        mvc.perform(get(url))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(PROBLEM))
                .andExpect(jsonPath("$.type").value("https://o2c.dev/problems/validation-failed"))
                .andExpect(jsonPath("$.errors[0].field").value(field));
    }

    static WorkflowExecution execution(String workflowId, String runId) {
        return WorkflowExecution.newBuilder().setWorkflowId(workflowId).setRunId(runId).build();
    }

    static WorkflowExecutionDescription description(String workflowId, String runId, WorkflowExecutionStatus status) {
        return new WorkflowExecutionDescription(DescribeWorkflowExecutionResponse.newBuilder()
                .setWorkflowExecutionInfo(WorkflowExecutionInfo.newBuilder()
                        .setExecution(execution(workflowId, runId))
                        .setStatus(status))
                .build(), DefaultDataConverter.newDefaultInstance());
    }

    static ProcessView row(String workflowId, String status) {
        Instant t = Instant.parse("2026-03-01T10:00:00Z");
        return new ProcessView(workflowId, "run-first", "opportunity-to-project", "opp-1", status, "corr-original",
                "finance.validate", "tax id missing", Map.of("erpCustomerId", "C-1"), t, t.plusSeconds(60));
    }
}
