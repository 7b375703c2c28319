package dev.o2c.starter.process;

import dev.o2c.ledger.query.ProcessQueries;
import dev.o2c.ledger.query.ProcessView;
import dev.o2c.starter.config.O2cProperties;
import dev.o2c.starter.web.ApiProblem;
import dev.o2c.starter.web.ProblemTypes;
import dev.o2c.workflows.common.ProcessStatus;
import dev.o2c.workflows.common.TaskQueues;
import dev.o2c.workflows.opportunity.OpportunityToProjectRequest;
import dev.o2c.workflows.opportunity.OpportunityToProjectResult;
import dev.o2c.workflows.opportunity.OpportunityToProjectWorkflow;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.metadata.POJOWorkflowInterfaceMetadata;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;

/**
 * Starts opportunity-to-project for the REST API and the CRM webhook. The workflow id is derived from the opportunity,
 * so one opportunity is one process, run at most once at a time:
 *
 * <ul>
 *   <li>a run of the workflow id is running: it is answered, never a second run (a redelivered webhook, a double
 *       click, a REST call after the webhook);
 *   <li>the newest run ended {@code COMPLETED} or {@code FAILED}: it is answered, nothing starts;
 *   <li>it ended {@code ABORTED} or {@code COMPENSATED} (the business outcome in the run's
 *       {@link OpportunityToProjectResult}: those runs complete normally in Temporal; or Temporal {@code CANCELED}),
 *       and the deal was fixed at the source: an <b>explicit</b> start ({@link #startOpportunityToProject}, the REST
 *       POST) starts a new run with the next incarnation, so that its idempotency keys are new — unless the aborted run
 *       left objects in force (an operator abandoned their undo): then {@code 409 objects-still-in-force} names them,
 *       since a new run would create them a second time;
 *   <li>the ledger says {@code LOST} (the Temporal server no longer has it): an explicit start runs it again under the
 *       <b>same</b> incarnation, so the systems answer the lost run's idempotency keys with their first results
 *       instead of creating twice.
 * </ul>
 *
 * A webhook ({@link #startUnlessRan}) only ever starts the first run: an {@code opportunity.won} for a deal whose
 * process already ran, whatever its outcome, is answered and starts nothing.
 *
 * <p>Runs start with {@code ALLOW_DUPLICATE}: the server still refuses a start while a run is open, so two callers
 * deciding on a new run at the same moment start one, and the loser answers it.
 */
@Service
public class ProcessStarter {

    private static final Logger log = LoggerFactory.getLogger(ProcessStarter.class);

    static final String WORKFLOW_TYPE = POJOWorkflowInterfaceMetadata.newInstance(OpportunityToProjectWorkflow.class)
            .getWorkflowType()
            .orElseThrow();

    private final WorkflowClient client;
    private final ProcessQueries processes;
    private final O2cProperties properties;

    public ProcessStarter(WorkflowClient client, ProcessQueries processes, O2cProperties properties) {
        this.client = client;
        this.processes = processes;
        this.properties = properties;
    }

    /**
     * The explicit start (REST): the first run, or a new run after an ABORTED, COMPENSATED or LOST one.
     *
     * @param opportunityId the won opportunity
     * @param correlationId the correlation id that entered with the request or event
     * @param source what asks, e.g. {@code api}
     */
    public StartOutcome startOpportunityToProject(String opportunityId, String correlationId, String source) {
        return start(opportunityId, correlationId, source, true);
    }

    /**
     * The start of an event (webhook): the first run only. Once the process ran, whatever its outcome, the existing
     * run is answered; running it again takes the explicit start.
     */
    public StartOutcome startUnlessRan(String opportunityId, String correlationId, String source) {
        return start(opportunityId, correlationId, source, false);
    }

    private StartOutcome start(String opportunityId, String correlationId, String source, boolean mayRunAgain) {
        String workflowId = OpportunityToProjectWorkflow.workflowId(opportunityId);
        Optional<NewestRun> previous = newestRun(workflowId);
        int incarnation = 1;
        if (previous.isPresent()) {
            StartOutcome run = previous.get().outcome();
            ProcessStatus status = ProcessStatus.parse(run.status()).orElse(null);
            if (!mayRunAgain || status == null || !status.isTerminal() || !status.allowsNewRun()) {
                log.info("{} exists (run {}, {}); not started again ({})", workflowId, run.runId(), run.status(),
                        source);
                return run;
            }
            Map<String, String> inForce = previous.get().inForce();
            if (!inForce.isEmpty()) {
                // an ABORTED run whose undo was abandoned: a new incarnation would create these a second time
                throw ApiProblem.conflict(ProblemTypes.OBJECTS_STILL_IN_FORCE, "Objects of the earlier run in force",
                        "Run " + run.runId() + " of " + workflowId + " ended " + status + " but left " + inForce
                                + " in force (its undo was abandoned). Undo them in their systems first; a new run"
                                + " would create them again.")
                        .with("workflowId", workflowId)
                        .with("stillInForce", inForce);
            }
            int previousIncarnation = run.incarnation() == null ? 1 : run.incarnation();
            incarnation = status == ProcessStatus.LOST ? previousIncarnation : previousIncarnation + 1;
            log.info("{} ended {} (run {}, incarnation {}); starting incarnation {} ({})", workflowId, status,
                    run.runId(), previousIncarnation, incarnation, source);
        }
        WorkflowOptions options = WorkflowOptions.newBuilder()
                .setWorkflowId(workflowId)
                .setTaskQueue(TaskQueues.WORKFLOWS)
                .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
                .build();
        WorkflowStub stub = client.newUntypedWorkflowStub(WORKFLOW_TYPE, options);
        OpportunityToProjectRequest request = new OpportunityToProjectRequest(opportunityId, correlationId, source,
                properties.parkTimeout(), incarnation);
        try {
            WorkflowExecution execution = stub.start(request);
            log.info("Started {} run {} incarnation {} ({})", workflowId, execution.getRunId(), incarnation, source);
            return new StartOutcome(workflowId, execution.getRunId(), ProcessStatus.RUNNING.name(), correlationId, true,
                    incarnation);
        } catch (WorkflowExecutionAlreadyStarted e) {
            // someone else started a run between our look and our start: that run is the process
            StartOutcome existing = newestRun(workflowId).map(NewestRun::outcome).orElseThrow(() -> e);
            log.info("{} was started concurrently (run {}); not started again ({})", workflowId, existing.runId(),
                    source);
            return existing;
        }
    }

    /**
     * The newest run of the workflow id as an outcome with {@code created = false}: from Temporal (business status from
     * the run's result once it closed), or from the ledger when Temporal no longer has it (retention, a lost server).
     * Empty when the process never ran.
     */
    private Optional<NewestRun> newestRun(String workflowId) {
        WorkflowExecutionDescription description;
        try {
            description = client.newUntypedWorkflowStub(workflowId).describe();
        } catch (WorkflowNotFoundException e) {
            return ledgerRow(workflowId).map(row -> new NewestRun(new StartOutcome(workflowId, row.runId(),
                    row.status(), row.correlationId(), false, row.incarnation()), Map.of()));
        }
        String runId = description.getExecution().getRunId();
        // the ledger row describes this run only once the worker recorded it (it may still show the previous run)
        Optional<ProcessView> row = ledgerRow(workflowId)
                .filter(r -> r.runId() == null || r.runId().isEmpty() || r.runId().equals(runId));
        String correlationId = row.map(ProcessView::correlationId).orElse(null);
        WorkflowExecutionStatus temporalStatus = description.getStatus();
        if (temporalStatus == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED) {
            OpportunityToProjectResult result = client.newUntypedWorkflowStub(workflowId, Optional.of(runId),
                    Optional.empty()).getResult(OpportunityToProjectResult.class);
            // ids a COMPLETED run created are its set-up; those of an ABORTED one are what its abandoned undo left
            Map<String, String> inForce = result.status() == ProcessStatus.COMPLETED ? Map.of() : result.createdIds();
            return Optional.of(new NewestRun(new StartOutcome(workflowId, runId, result.status().name(), correlationId,
                    false, result.incarnation()), inForce));
        }
        ProcessStatus status = fromTemporal(temporalStatus);
        if (status == ProcessStatus.RUNNING) {
            return Optional.of(new NewestRun(new StartOutcome(workflowId, runId,
                    row.map(ProcessView::status).orElse(status.name()), correlationId, false,
                    row.map(ProcessView::incarnation).orElse(null)), Map.of()));
        }
        return Optional.of(new NewestRun(new StartOutcome(workflowId, runId, status.name(), correlationId, false,
                incarnationOf(workflowId, runId, row)), Map.of()));
    }

    /** The newest run, and the ids it left in force when it ended without completing (its undo abandoned). */
    private record NewestRun(StartOutcome outcome, Map<String, String> inForce) {}

    /**
     * The incarnation a closed run was started with, from its start event's input (exact, unlike the ledger row,
     * which may lag behind a run). A canceled run has no result to tell it.
     */
    private int incarnationOf(String workflowId, String runId, Optional<ProcessView> row) {
        try (Stream<HistoryEvent> events = client.streamHistory(workflowId, runId)) {
            HistoryEvent started = events.findFirst().orElseThrow();
            OpportunityToProjectRequest request = client.getOptions().getDataConverter().fromPayloads(0,
                    Optional.of(started.getWorkflowExecutionStartedEventAttributes().getInput()),
                    OpportunityToProjectRequest.class, OpportunityToProjectRequest.class);
            return request.incarnation();
        } catch (RuntimeException e) {
            int fallback = row.map(ProcessView::incarnation).orElse(1);
            log.warn("Could not read the incarnation of {} run {} from its history; taking {} from the ledger",
                    workflowId, runId, fallback, e);
            return fallback;
        }
    }

    private Optional<ProcessView> ledgerRow(String workflowId) {
        try {
            return processes.find(workflowId);
        } catch (DataAccessException e) {
            log.warn("Ledger unavailable; answering {} from Temporal only", workflowId, e);
            return Optional.empty();
        }
    }

    /** Coarse status from Temporal alone, used until the ledger projection has the row. */
    static ProcessStatus fromTemporal(WorkflowExecutionStatus status) {
        return switch (status) {
            case WORKFLOW_EXECUTION_STATUS_COMPLETED -> ProcessStatus.COMPLETED;
            case WORKFLOW_EXECUTION_STATUS_FAILED,
                    WORKFLOW_EXECUTION_STATUS_TERMINATED,
                    WORKFLOW_EXECUTION_STATUS_TIMED_OUT -> ProcessStatus.FAILED;
            case WORKFLOW_EXECUTION_STATUS_CANCELED -> ProcessStatus.ABORTED;
            default -> ProcessStatus.RUNNING;
        };
    }
}
