package dev.o2c.starter.reconciliation;

import dev.o2c.ledger.query.DiscrepancyView;
import dev.o2c.ledger.query.Page;
import dev.o2c.ledger.query.PageRequest;
import dev.o2c.ledger.query.ReconciliationQueries;
import dev.o2c.ledger.query.ReconciliationQueries.DiscrepancyFilter;
import dev.o2c.ledger.query.ReconciliationRunView;
import dev.o2c.starter.config.O2cProperties;
import dev.o2c.starter.security.Caller;
import dev.o2c.starter.web.ApiProblem;
import dev.o2c.starter.web.BoundedCall;
import dev.o2c.starter.web.Links;
import dev.o2c.starter.web.OwnerTeamFilter;
import dev.o2c.starter.web.ProblemTypes;
import dev.o2c.workflows.common.ProcessStatus;
import dev.o2c.workflows.common.TaskQueues;
import dev.o2c.workflows.reconciliation.CheckProgress;
import dev.o2c.workflows.reconciliation.DiscrepancyKind;
import dev.o2c.workflows.reconciliation.ReconciliationCheck;
import dev.o2c.workflows.reconciliation.ReconciliationReport;
import dev.o2c.workflows.reconciliation.ReconciliationRequest;
import dev.o2c.workflows.reconciliation.ReconciliationWorkflow;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.metadata.POJOWorkflowInterfaceMetadata;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;

/**
 * Reconciliation for the API (docs/processes.md, "Reconciliation"): starts the one {@link ReconciliationWorkflow}
 * (workflow id {@code reconciliation}) on demand, and reads runs and discrepancies from the ledger
 * ({@link ReconciliationQueries}); the running workflow's {@code report} query stands in for a run the ledger has no
 * row of yet.
 *
 * <p>Only one reconciliation runs at a time: a start while one runs answers the running one. The starter names the
 * run ({@code rec-{yyyyMMdd'T'HHmmss'Z'}}, now) so that it can answer it without waiting for a worker; a run of the
 * same second that is in the ledger already (a run that took less than a second) makes it wait for the next second.
 */
@Service
public class ReconciliationService {

    static final String WORKFLOW_TYPE = POJOWorkflowInterfaceMetadata.newInstance(ReconciliationWorkflow.class)
            .getWorkflowType()
            .orElseThrow();
    /** The query of {@link ReconciliationWorkflow#report()}. */
    static final String REPORT_QUERY = "report";
    static final Pattern RUN_ID = Pattern.compile("rec-\\d{8}T\\d{6}Z");
    static final List<String> STATUSES = List.of("OPEN", "ACKNOWLEDGED", "CLOSED");

    private static final Logger log = LoggerFactory.getLogger(ReconciliationService.class);

    private final WorkflowClient client;
    private final ReconciliationQueries ledger;
    private final Links links;
    private final Duration queryTimeout;
    private final Clock clock;

    public ReconciliationService(WorkflowClient client, ReconciliationQueries ledger, Links links,
            O2cProperties properties) {
        this.client = client;
        this.ledger = ledger;
        this.links = links;
        this.queryTimeout = properties.queryTimeout();
        this.clock = Clock.systemUTC();
    }

    // ------------------------------------------------------------------------------------------------------ start

    /**
     * Starts an on-demand run of {@code checkCodes} (all four when null or empty), or answers the one running.
     *
     * @throws ApiProblem 400 an unknown check
     */
    public ReconciliationStarted start(List<String> checkCodes) {
        List<ReconciliationCheck> checks = checks(checkCodes, "checks");
        Optional<ReconciliationStarted> running = running();
        if (running.isPresent()) {
            return running.get();
        }
        String actor = Caller.current().actor();
        String runId = newRunId();
        ReconciliationRequest request = new ReconciliationRequest(runId, ReconciliationRequest.ON_DEMAND, actor,
                checks, 0, null);
        WorkflowOptions options = WorkflowOptions.newBuilder()
                .setWorkflowId(ReconciliationWorkflow.WORKFLOW_ID)
                .setTaskQueue(TaskQueues.WORKFLOWS)
                .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
                .build();
        try {
            client.newUntypedWorkflowStub(WORKFLOW_TYPE, options).start(request);
        } catch (WorkflowExecutionAlreadyStarted e) {
            // another start (the schedule, a second click) won between our look and our start: that run is the one
            log.info("reconciliation started concurrently; answering the running one");
            return running().orElseThrow(() -> e);
        }
        log.info("Started reconciliation {} (checks {}, by {})", runId, request.checkCodes(), actor);
        return new ReconciliationStarted(runId, ProcessStatus.RUNNING.name(), true, request.checkCodes(),
                runLinks(runId));
    }

    /** The parsed checks, in the given order, duplicates dropped; 400 naming an unknown one. */
    static List<ReconciliationCheck> checks(List<String> codes, String field) {
        if (codes == null || codes.isEmpty()) {
            return List.of(ReconciliationCheck.values());
        }
        List<ReconciliationCheck> checks = new ArrayList<>();
        for (String code : codes) {
            try {
                checks.add(ReconciliationCheck.fromCode(code == null ? "" : code.strip().toLowerCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw ApiProblem.invalidField(field, "unknown check " + code + "; one of " + checkCodes());
            }
        }
        return checks.stream().distinct().toList();
    }

    /**
     * The run going on now, as a start's answer ({@code created} false); empty when none runs. Its name and checks are
     * read from the input the running workflow execution was started with (a start of the API, or the request it
     * continued as new with, always names the run), so no worker is needed; only a scheduled run's first execution
     * has no name in its input: then its {@code report} query names it, else its start time.
     */
    private Optional<ReconciliationStarted> running() {
        WorkflowStub stub = client.newUntypedWorkflowStub(ReconciliationWorkflow.WORKFLOW_ID);
        WorkflowExecutionDescription description;
        try {
            description = stub.describe();
        } catch (WorkflowNotFoundException e) {
            return Optional.empty();
        }
        if (description.getStatus() != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
            return Optional.empty();
        }
        String executionId = description.getExecution().getRunId();
        Optional<ReconciliationRequest> input = input(executionId);
        String runId = input.map(ReconciliationRequest::runId).orElse(null);
        List<String> checks = input.map(ReconciliationRequest::checkCodes).orElse(List.of());
        if (runId == null) {
            Optional<ReconciliationReport> report = liveReport();
            if (report.isPresent()) {
                runId = report.get().runId();
                checks = report.get().checks().stream().map(c -> c.check().code()).toList();
            } else {
                runId = ReconciliationWorkflow.runId(description.getStartTime());
            }
        }
        log.info("reconciliation {} is running; answered, nothing started", runId);
        return Optional.of(new ReconciliationStarted(runId, ProcessStatus.RUNNING.name(), false, checks,
                runLinks(runId)));
    }

    /** The request the execution was started with, from its first history event; empty when it cannot be read. */
    private Optional<ReconciliationRequest> input(String executionId) {
        try (Stream<HistoryEvent> events = client.streamHistory(ReconciliationWorkflow.WORKFLOW_ID, executionId)) {
            HistoryEvent started = events.findFirst().orElseThrow();
            return Optional.ofNullable(client.getOptions().getDataConverter().fromPayloads(0,
                    Optional.of(started.getWorkflowExecutionStartedEventAttributes().getInput()),
                    ReconciliationRequest.class, ReconciliationRequest.class));
        } catch (RuntimeException e) {
            log.warn("Could not read the input of the running reconciliation {}", executionId, e);
            return Optional.empty();
        }
    }

    /**
     * {@code rec-<now>}; when the ledger knows a run of this second already (one that took less than a second), the
     * next second's.
     */
    private String newRunId() {
        for (int attempt = 0; attempt < 3; attempt++) {
            Instant now = clock.instant();
            String runId = ReconciliationWorkflow.runId(now);
            boolean taken;
            try {
                taken = ledger.findRun(runId).isPresent();
            } catch (DataAccessException e) {
                log.warn("Ledger unavailable; naming the run {} without checking it is new", runId, e);
                return runId;
            }
            if (!taken) {
                return runId;
            }
            sleepUntilNextSecond(now);
        }
        return ReconciliationWorkflow.runId(clock.instant());
    }

    private static void sleepUntilNextSecond(Instant now) {
        try {
            Thread.sleep(1000 - now.getNano() / 1_000_000 + 5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while naming a reconciliation run", e);
        }
    }

    // ------------------------------------------------------------------------------------------------- reports

    /**
     * The run's report: the ledger's, else the running workflow's while the ledger has no row of it yet.
     *
     * @throws ApiProblem 404 no such run
     */
    public Reconciliation report(String runId) {
        checkRunId(runId);
        Optional<ReconciliationRunView> row = ledger.findRun(runId);
        if (row.isPresent()) {
            return view(row.get());
        }
        return liveReport().filter(r -> runId.equals(r.runId())).map(this::view)
                .orElseThrow(() -> notFound(runId));
    }

    /** Runs newest first, from the ledger. */
    public ReconciliationPage list(Integer limit, String cursor) {
        Page<ReconciliationRunView> page = ledger.listRuns(new PageRequest(limit, cursor));
        return new ReconciliationPage(page.items().stream().map(this::view).toList(), page.nextCursor(),
                Links.page(page.nextCursor()));
    }

    /**
     * The discrepancies of one run: the rows of its checks that were open while it ran (found or skipped by it) and
     * those it closed.
     *
     * @throws ApiProblem 404 no such run; 400 an unknown kind or status
     */
    public DiscrepancyPage runDiscrepancies(String runId, String kind, String status, Integer limit, String cursor) {
        checkRunId(runId);
        if (ledger.findRun(runId).isEmpty()
                && liveReport().filter(r -> runId.equals(r.runId())).isEmpty()) {
            throw notFound(runId);
        }
        return discrepancies(new DiscrepancyFilter(runId, kind(kind), status(status), null, null), limit, cursor);
    }

    /** Every run's discrepancies, newest first. */
    public DiscrepancyPage discrepancies(String status, String kind, String ownerTeam, String check, Integer limit,
            String cursor) {
        return discrepancies(new DiscrepancyFilter(null, kind(kind), status(status), OwnerTeamFilter.parse("ownerTeam", ownerTeam),
                check(check)), limit, cursor);
    }

    private DiscrepancyPage discrepancies(DiscrepancyFilter filter, Integer limit, String cursor) {
        Page<DiscrepancyView> page = ledger.discrepancies(filter, new PageRequest(limit, cursor));
        return new DiscrepancyPage(page.items().stream().map(this::view).toList(), page.nextCursor(),
                Links.page(page.nextCursor()));
    }

    /** The running (or last) workflow's report; empty when there is none or it does not answer in time. */
    private Optional<ReconciliationReport> liveReport() {
        try {
            return Optional.ofNullable(BoundedCall.within(queryTimeout, "querying reconciliation",
                    () -> client.newUntypedWorkflowStub(ReconciliationWorkflow.WORKFLOW_ID)
                            .query(REPORT_QUERY, ReconciliationReport.class)));
        } catch (WorkflowNotFoundException e) {
            return Optional.empty();
        } catch (TimeoutException | WorkflowException e) {
            log.warn("The reconciliation workflow did not answer its report query", e);
            return Optional.empty();
        }
    }

    // ------------------------------------------------------------------------------------------------ mapping

    private Reconciliation view(ReconciliationRunView run) {
        List<Reconciliation.Check> checks = run.checks().stream()
                .map(c -> new Reconciliation.Check(c.check(), c.checked(), c.skipped(), c.pages(), c.finished(),
                        c.discrepancies()))
                .toList();
        return new Reconciliation(run.runId(), run.trigger(), run.requestedBy(), run.status(), run.startedAt(),
                run.finishedAt(), checks, run.opened(), run.closed(), run.failure(), "ledger",
                runLinks(run.runId()));
    }

    /** A run only the workflow knows yet: no trigger, start time from its run id, nothing opened it knows of. */
    private Reconciliation view(ReconciliationReport report) {
        List<Reconciliation.Check> checks = report.checks().stream()
                .map(ReconciliationService::check)
                .toList();
        return new Reconciliation(report.runId(), null, null, report.status().name(), startedAt(report.runId()),
                null, checks, Map.of(), report.closed(), report.failure(), "temporal", runLinks(report.runId()));
    }

    private static Reconciliation.Check check(CheckProgress progress) {
        return new Reconciliation.Check(progress.check().code(), progress.checked(), progress.skipped(),
                progress.pages(), progress.finished(), new java.util.TreeMap<>(progress.discrepancies()));
    }

    private Discrepancy view(DiscrepancyView d) {
        List<Discrepancy.SystemObject> objects = d.objects().stream()
                .map(o -> new Discrepancy.SystemObject(o.system(), o.type(), o.id(), objectLinks(o)))
                .toList();
        Map<String, URI> map = new LinkedHashMap<>();
        map.put("firstRun", run(d.firstRunId()));
        map.put("lastRun", run(d.lastRunId()));
        if (d.closedRunId() != null) {
            map.put("closedRun", run(d.closedRunId()));
        }
        return new Discrepancy(d.id(), d.fingerprint(), d.kind(), d.check(), d.ownerTeam(), d.subjectId(), d.cause(),
                objects, d.status(), d.openedAt(), d.lastSeenAt(), d.closedAt(), d.firstRunId(), d.lastRunId(),
                d.closedRunId(), map);
    }

    /** The o2c views of a system's object: the process that made it, its billing, its invoice. */
    Map<String, URI> objectLinks(DiscrepancyView.ObjectRef object) {
        Map<String, URI> map = new LinkedHashMap<>();
        if (object.id() == null) {
            return map;
        }
        switch (object.system() + "/" + object.type()) {
            case "crm/opportunity" -> map.put("process", links.process("opportunity-to-project-" + object.id()));
            case "psa/project" -> {
                map.put("projectBilling", links.api("/projects/{psaProjectId}/billing", object.id()));
                map.put("process", links.process("project-billing-" + object.id()));
            }
            case "invoicing/invoice" -> {
                map.put("invoice", links.api("/invoices/{invoiceId}", object.id()));
                map.put("process", links.process("invoice-to-cash-" + object.id()));
            }
            default -> {
                // no o2c view of it (receivables, payments, entries, plans): its system and id say where it is
            }
        }
        return map;
    }

    private Map<String, URI> runLinks(String runId) {
        Map<String, URI> map = new LinkedHashMap<>();
        map.put("self", run(runId));
        map.put("discrepancies", links.api("/reconciliations/{runId}/discrepancies", runId));
        links.putTemporalUi(map, ReconciliationWorkflow.WORKFLOW_ID);
        return map;
    }

    private URI run(String runId) {
        return links.api("/reconciliations/{runId}", runId);
    }

    // --------------------------------------------------------------------------------------------- parameters

    private static void checkRunId(String runId) {
        if (runId == null || !RUN_ID.matcher(runId).matches()) {
            throw ApiProblem.invalidField("runId", "a run id: rec-yyyyMMddTHHmmssZ");
        }
    }

    private static Instant startedAt(String runId) {
        try {
            return LocalDateTime.parse(runId.substring(4), java.time.format.DateTimeFormatter
                    .ofPattern("yyyyMMdd'T'HHmmss'Z'")).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException | StringIndexOutOfBoundsException e) {
            return null;
        }
    }

    private static String kind(String kind) {
        if (kind == null || kind.isBlank()) {
            return null;
        }
        String name = kind.strip().toUpperCase(Locale.ROOT);
        if (Arrays.stream(DiscrepancyKind.values()).noneMatch(k -> k.name().equals(name))) {
            throw ApiProblem.invalidField("kind", "one of "
                    + Arrays.stream(DiscrepancyKind.values()).map(Enum::name).toList());
        }
        return name;
    }

    private static String status(String status) {
        if (status == null || status.isBlank()) {
            return null;
        }
        String name = status.strip().toUpperCase(Locale.ROOT);
        if (!STATUSES.contains(name)) {
            throw ApiProblem.invalidField("status", "one of " + STATUSES);
        }
        return name;
    }

    private static String check(String check) {
        if (check == null || check.isBlank()) {
            return null;
        }
        return checks(List.of(check), "check").getFirst().code();
    }

    private static List<String> checkCodes() {
        return Arrays.stream(ReconciliationCheck.values()).map(ReconciliationCheck::code).toList();
    }

    private static ApiProblem notFound(String runId) {
        return ApiProblem.notFound(ProblemTypes.RECONCILIATION_NOT_FOUND, "No reconciliation run " + runId)
                .with("runId", runId);
    }
}
