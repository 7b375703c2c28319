package dev.o2c.starter.process;

import dev.o2c.starter.security.Caller;
import dev.o2c.ledger.query.AuditQueries;
import dev.o2c.ledger.query.PageRequest;
import dev.o2c.ledger.query.ProcessFilter;
import dev.o2c.ledger.query.ProcessQueries;
import dev.o2c.ledger.query.ProcessView;
import dev.o2c.ledger.query.RunView;
import dev.o2c.starter.exception.DecisionSender;
import dev.o2c.starter.exception.ExceptionService;
import dev.o2c.starter.exception.ResolutionAccepted;
import dev.o2c.starter.exception.ResolutionRequest;
import dev.o2c.starter.web.ApiProblem;
import dev.o2c.starter.web.BoundedCall;
import dev.o2c.starter.web.Links;
import dev.o2c.starter.web.ProblemTypes;
import dev.o2c.workflows.common.DecisionRefusal;
import dev.o2c.workflows.common.OpenException;
import dev.o2c.workflows.common.OwnerTeam;
import dev.o2c.workflows.common.ProcessState;
import dev.o2c.workflows.common.ProcessStatus;
import dev.o2c.workflows.common.Resolution;
import dev.o2c.workflows.common.ResolutionAction;
import dev.o2c.workflows.common.StepState;
import dev.o2c.workflows.common.StepStatus;
import dev.o2c.workflows.opportunity.OpportunityToProjectWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowQueryException;
import io.temporal.client.WorkflowServiceException;
import dev.o2c.starter.config.O2cProperties;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Reads processes (live state through the workflow's {@code state} query, lists and fallbacks from the ledger) and
 * takes operator decisions on the exception a process is parked on, read from that live state.
 */
@Service
public class ProcessService {

    /** The query every o2c workflow answers with a {@link ProcessState}. */
    static final String STATE_QUERY = "state";

    private static final Logger log = LoggerFactory.getLogger(ProcessService.class);

    private final WorkflowClient client;
    private final ProcessQueries processes;
    private final AuditQueries audit;
    private final Links links;
    private final DecisionSender decisions;
    private final Duration queryTimeout;

    public ProcessService(WorkflowClient client, ProcessQueries processes, AuditQueries audit, Links links,
            DecisionSender decisions, O2cProperties properties) {
        this.client = client;
        this.processes = processes;
        this.audit = audit;
        this.links = links;
        this.decisions = decisions;
        this.queryTimeout = properties.queryTimeout();
    }

    /**
     * Decides on the exception the process is parked on, as its live {@code state} shows it: works when the ledger has
     * no record of the exception (recording it failed), unlike {@code /exceptions/{id}/...}.
     *
     * @param exceptionId the exception the client means (from the {@code openException} links), or null for whichever
     *     is open now; a decision pinned to an exception the process no longer waits on is refused as stale
     * @throws ApiProblem 404 unknown process; 409 not parked, not running, skip not allowed or refused by the workflow;
     *     503 the process does not answer
     */
    public ResolutionAccepted decide(String workflowId, ResolutionAction action, ResolutionRequest body,
            String exceptionId) {
        ProcessState state;
        try {
            state = queryState(workflowId);
        } catch (TimeoutException e) {
            throw new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.PROCESS_UNRESPONSIVE,
                    "Process unresponsive", "Process " + workflowId + " did not answer within "
                            + queryTimeout.toSeconds() + " s (no worker holds it right now); try again shortly.")
                    .with("workflowId", workflowId);
        } catch (WorkflowNotFoundException e) {
            if (processes.find(workflowId).isPresent()) {
                throw DecisionSender.notRunning(workflowId);
            }
            throw notFound(workflowId);
        } catch (WorkflowQueryException e) {
            // the workflow exists but did not answer its state (its worker fails the task): nothing to decide on yet
            log.warn("State query of {} failed; cannot tell its open exception", workflowId, e);
            throw new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.PROCESS_UNRESPONSIVE,
                    "Process unresponsive", "Process " + workflowId + " did not answer its state query; try again"
                            + " shortly, or decide through /exceptions/{id}/... naming the exception.")
                    .with("workflowId", workflowId);
        }
        if (state == null) {
            throw notParked(workflowId, "Process " + workflowId + " has not started its first step yet");
        }
        if (state.status() != null && state.status().isTerminal()) {
            throw DecisionSender.notRunning(workflowId);
        }
        OpenException open = state.openException();
        if (open == null) {
            throw notParked(workflowId, "Process " + workflowId + " is " + state.status()
                    + ": no exception waits for a decision");
        }
        String target = exceptionId == null || exceptionId.isBlank() ? open.exceptionId() : exceptionId.strip();
        if (target.equals(open.exceptionId()) && action == ResolutionAction.SKIP && !open.skippable()) {
            throw ApiProblem.conflict(ProblemTypes.SKIP_NOT_ALLOWED, "Step cannot be skipped",
                    "Step " + open.step() + " of " + workflowId + " cannot be skipped; retry or abort")
                    .with("reason", DecisionRefusal.SKIP_NOT_ALLOWED.name())
                    .with("workflowId", workflowId)
                    .with("exceptionId", target);
        }
        Caller caller = Caller.current();
        Resolution resolution = new Resolution(target, action, caller.actor(), body == null ? null : body.note(),
                caller.teams());
        return ExceptionService.accepted(decisions.send(workflowId, resolution), workflowId, links);
    }

    private static ApiProblem notParked(String workflowId, String detail) {
        return ApiProblem.conflict(ProblemTypes.PROCESS_NOT_PARKED, "Process not parked", detail)
                .with("reason", DecisionRefusal.NOT_PARKED.name())
                .with("workflowId", workflowId);
    }

    /**
     * @throws ApiProblem 404 when neither Temporal nor the ledger knows the workflow
     */
    public ProcessDetails get(String workflowId) {
        ProcessState state;
        try {
            state = queryState(workflowId);
        } catch (TimeoutException e) {
            // a query needs a worker: right after the worker that held the workflow died, the server keeps the query
            // waiting (and the SDK retries it) until another worker picks the workflow up
            log.warn("State query of {} unanswered after {}; answering from the ledger", workflowId, queryTimeout);
            return fromLedger(workflowId).orElseThrow(() -> notFound(workflowId));
        } catch (WorkflowNotFoundException e) {
            return fromLedger(workflowId).orElseThrow(() -> notFound(workflowId));
        } catch (WorkflowException e) {
            // the workflow exists but did not answer (not an o2c workflow, its worker is down, a query bug) or
            // Temporal is unreachable: the ledger projection is the best we have
            log.warn("State query of {} failed; answering from the ledger", workflowId, e);
            Optional<ProcessDetails> fallback = fromLedger(workflowId);
            if (fallback.isPresent()) {
                return fallback.get();
            }
            if (e instanceof WorkflowServiceException) {
                throw e;
            }
            throw notFound(workflowId);
        }
        if (state == null) {
            return fromLedger(workflowId).orElseThrow(() -> notFound(workflowId));
        }
        return live(workflowId, state);
    }

    /** The {@code state} query, bounded by {@code o2c.query-timeout}. */
    private ProcessState queryState(String workflowId) throws TimeoutException {
        return BoundedCall.within(queryTimeout, "querying " + workflowId,
                () -> client.newUntypedWorkflowStub(workflowId).query(STATE_QUERY, ProcessState.class));
    }

    /** Processes newest first, from the ledger projection (Temporal visibility is not used: see docs/processes.md, "Where state is read"). */
    public ProcessPage list(String type, String status, Integer limit, String cursor) {
        return search(type, status, null, null, null, limit, cursor);
    }

    /**
     * The operations console's list: the REST list's filters, plus the owner team of an open exception, an age and any
     * business id the process touches (see {@link ProcessFilter}).
     */
    public ProcessPage search(String type, String status, String owner, Instant startedBefore, String businessId,
            Integer limit, String cursor) {
        String ownerFilter = blankToNull(owner);
        if (ownerFilter != null && Arrays.stream(OwnerTeam.values()).noneMatch(t -> t.code().equals(ownerFilter))) {
            throw ApiProblem.invalidField("owner", "must be one of "
                    + Arrays.stream(OwnerTeam.values()).map(OwnerTeam::code).toList());
        }
        String typeFilter = blankToNull(type);
        if (typeFilter != null && !ProcessTypes.KNOWN.contains(typeFilter)) {
            throw ApiProblem.invalidField("type", "must be one of " + ProcessTypes.KNOWN);
        }
        String statusFilter = blankToNull(status);
        if (statusFilter != null) {
            statusFilter = parseStatus(statusFilter).name();
        }
        ProcessFilter filter = new ProcessFilter(typeFilter, statusFilter, ownerFilter, startedBefore,
                blankToNull(businessId));
        PageRequest request = new PageRequest(limit, cursor);
        dev.o2c.ledger.query.Page<ProcessView> page = filter.equals(new ProcessFilter(typeFilter, statusFilter, null,
                null, null)) ? processes.list(typeFilter, statusFilter, request) : processes.list(filter, request);
        List<ProcessSummary> items = page.items().stream().map(this::summary).toList();
        return new ProcessPage(items, page.nextCursor(), Links.page(page.nextCursor()));
    }

    private static ProcessStatus parseStatus(String status) {
        return ProcessStatus.parse(status).orElseThrow(() ->
                ApiProblem.invalidField("status", "must be one of " + List.of(ProcessStatus.values())));
    }

    private ProcessDetails live(String workflowId, ProcessState state) {
        List<ProcessDetails.Step> steps = state.steps().stream()
                .map(s -> new ProcessDetails.Step(s.name(), s.system(), s.status().name(), s.attempts(), s.lastError(),
                        instant(s.startedAt()), instant(s.completedAt())))
                .toList();
        OpenException open = state.openException();
        ProcessDetails.ParkedOn parkedOn = open == null ? null : new ProcessDetails.ParkedOn(
                open.exceptionId(), open.step(), open.owner() == null ? null : open.owner().code(),
                open.failureType(), open.cause(), open.skippable(), Instant.ofEpochMilli(open.parkedAt()),
                Instant.ofEpochMilli(open.abortAt()),
                exceptionLinks(workflowId, open.exceptionId(), open.skippable()));
        String currentStep = open != null ? open.step() : currentStep(state.steps());
        return new ProcessDetails(
                workflowId,
                state.processType(),
                state.businessKey(),
                state.status() == null ? null : state.status().name(),
                state.correlationId(),
                "temporal",
                currentStep,
                null,
                steps,
                state.createdIds(),
                parkedOn,
                instant(state.startedAt()),
                instant(state.updatedAt()),
                audit.forWorkflow(workflowId),
                state.incarnation(),
                earlierRuns(workflowId, null),
                processLinks(workflowId, state.processType(), state.status() == null ? null : state.status().name()));
    }

    private Optional<ProcessDetails> fromLedger(String workflowId) {
        return processes.find(workflowId).map(row -> new ProcessDetails(
                row.workflowId(),
                row.processType(),
                row.businessKey(),
                row.status(),
                row.correlationId(),
                "ledger",
                row.currentStep(),
                row.detail(),
                List.of(),
                row.createdIds(),
                null,
                row.startedAt(),
                row.updatedAt(),
                audit.forWorkflow(workflowId),
                row.incarnation(),
                earlierRuns(workflowId, row.runId()),
                processLinks(workflowId, row.processType(), row.status())));
    }

    /**
     * The runs of the workflow id before the one shown, newest first. The live view does not know its run id from the
     * query, so it asks Temporal which run is the newest, and only when the ledger recorded more than one run.
     *
     * @param shownRunId the run shown, or null to ask Temporal
     */
    private List<ProcessDetails.Run> earlierRuns(String workflowId, String shownRunId) {
        List<RunView> runs = processes.runs(workflowId);
        if (runs.isEmpty()) {
            return List.of();
        }
        String shown = shownRunId;
        if (shown == null) {
            try {
                shown = client.newUntypedWorkflowStub(workflowId).describe().getExecution().getRunId();
            } catch (RuntimeException e) {
                log.warn("Could not tell the newest run of {}; listing every recorded run", workflowId, e);
            }
        }
        String current = shown;
        return runs.stream()
                .filter(run -> !run.runId().equals(current))
                .map(run -> new ProcessDetails.Run(run.runId(), run.incarnation(), run.status(), run.startedAt(),
                        ProcessStatus.parse(run.status()).filter(ProcessStatus::isTerminal).isPresent()
                                ? run.updatedAt() : null, run.detail()))
                .toList();
    }

    private ProcessSummary summary(ProcessView row) {
        return new ProcessSummary(row.workflowId(), row.processType(), row.businessKey(), row.status(),
                row.correlationId(), row.currentStep(), row.detail(), row.createdIds(), row.startedAt(),
                row.updatedAt(), row.incarnation(), processLinks(row.workflowId(), row.processType(), row.status()));
    }

    Map<String, URI> processLinks(String workflowId) {
        return processLinks(workflowId, null, null);
    }

    /** {@code self}, {@code temporalUi} when there is a UI, {@code start} when the process may be provisioned again. */
    Map<String, URI> processLinks(String workflowId, String processType, String status) {
        Map<String, URI> map = new LinkedHashMap<>();
        map.put("self", links.process(workflowId));
        links.putTemporalUi(map, workflowId);
        if (OpportunityToProjectWorkflow.PROCESS_TYPE.equals(processType)
                && ProcessStatus.parse(status).filter(ProcessStatus::allowsNewRun).isPresent()) {
            map.put("start", links.api("/opportunity-to-project"));
        }
        return map;
    }

    private Map<String, URI> exceptionLinks(String workflowId, String exceptionId, boolean skippable) {
        Map<String, URI> map = new LinkedHashMap<>();
        map.put("self", links.api("/exceptions/{id}", exceptionId));
        map.put("retry", decisionLink(workflowId, "retry", exceptionId));
        if (skippable) {
            map.put("skip", decisionLink(workflowId, "skip", exceptionId));
        }
        map.put("abort", decisionLink(workflowId, "abort", exceptionId));
        return map;
    }

    private URI decisionLink(String workflowId, String action, String exceptionId) {
        return UriComponentsBuilder.fromUri(links.api("/processes/{workflowId}/" + action, workflowId))
                .queryParam("exceptionId", "{exceptionId}")
                .encode()
                .buildAndExpand(exceptionId)
                .toUri();
    }

    private static String currentStep(List<StepState> steps) {
        return steps.stream()
                .filter(s -> s.status() == StepStatus.RUNNING || s.status() == StepStatus.COMPENSATING)
                .map(StepState::name)
                .findFirst()
                .orElse(null);
    }

    private static ApiProblem notFound(String workflowId) {
        return ApiProblem.notFound(ProblemTypes.PROCESS_NOT_FOUND, "No process with workflow id " + workflowId);
    }

    private static Instant instant(Long epochMillis) {
        return epochMillis == null || epochMillis == 0 ? null : Instant.ofEpochMilli(epochMillis);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
