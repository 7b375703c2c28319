package dev.o2c.starter.billing;

import dev.o2c.starter.security.Caller;
import dev.o2c.starter.config.O2cProperties;
import dev.o2c.starter.web.ApiProblem;
import dev.o2c.starter.web.BoundedCall;
import dev.o2c.starter.web.Links;
import dev.o2c.starter.web.ProblemTypes;
import dev.o2c.workflows.billing.AmendmentAccepted;
import dev.o2c.workflows.billing.AmendmentRecord;
import dev.o2c.workflows.billing.AmendmentRequest;
import dev.o2c.workflows.billing.BillNowRequest;
import dev.o2c.workflows.billing.BillingRefusal;
import dev.o2c.workflows.billing.BillingRunStarted;
import dev.o2c.workflows.billing.BillingRunSummary;
import dev.o2c.workflows.billing.CrmAmendmentNotice;
import dev.o2c.workflows.billing.InboundEvent;
import dev.o2c.workflows.billing.InboundEventWorkflow;
import dev.o2c.workflows.billing.ProjectBillingView;
import dev.o2c.workflows.billing.ProjectBillingWorkflow;
import dev.o2c.workflows.billing.WorkApproved;
import dev.o2c.workflows.common.TaskQueues;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowUpdateStage;
import io.temporal.client.WorkflowStub;
import io.temporal.client.UpdateOptions;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowQueryException;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.common.metadata.POJOWorkflowInterfaceMetadata;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * A project's billing through its project-to-billing workflow, {@code project-billing-{psaProjectId}}: the
 * {@code billing} query, the {@code billNow} and {@code amend} Updates for the API, and for the webhooks the
 * {@code workApproved} signal, the {@code amendFromCrm} Update and the {@link InboundEventWorkflow} that parks an event
 * no process takes.
 *
 * <p>The workflow is the authority: its validators refuse what it will not take, with a {@link BillingRefusal} that
 * becomes a 409 or 422 naming the reason ({@link BillingRefusals}). Queries are bounded by {@code o2c.query-timeout},
 * Updates by {@code o2c.decision-timeout} (then {@code 503 process-unresponsive}).
 */
@Service
public class ProjectBillingService {

    /** The query of {@link ProjectBillingWorkflow#billing()}. */
    static final String BILLING_QUERY = "billing";
    /** The signal of {@link ProjectBillingWorkflow#workApproved}. */
    static final String WORK_APPROVED_SIGNAL = "workApproved";
    static final String INBOUND_EVENT_TYPE = POJOWorkflowInterfaceMetadata.newInstance(InboundEventWorkflow.class)
            .getWorkflowType()
            .orElseThrow();

    private static final Logger log = LoggerFactory.getLogger(ProjectBillingService.class);

    private final WorkflowClient client;
    private final Links links;
    private final Duration queryTimeout;
    private final Duration updateTimeout;

    public ProjectBillingService(WorkflowClient client, Links links, O2cProperties properties) {
        this.client = client;
        this.links = links;
        this.queryTimeout = properties.queryTimeout();
        this.updateTimeout = properties.decisionTimeout();
    }

    // ---------------------------------------------------------------------------------------------------- the API

    /**
     * @throws ApiProblem 404 no such project billing process, 503 it did not answer in time
     */
    public ProjectBilling billing(String psaProjectId) {
        return view(query(psaProjectId));
    }

    /**
     * Bills approved, unbilled work up to {@code through} now: the {@code billNow} Update.
     *
     * <p>With an {@code idempotencyKey} the Update's id is {@code bill-now:{key}}: Temporal answers an Update whose
     * id it has seen in the process's current run with that Update's outcome instead of running the handler again,
     * so a client that sends the request again after a timeout or a 503 (the first one may have been taken
     * meanwhile) gets the run the first one queued, not a second run. Without a key, every request queues a run.
     *
     * @throws ApiProblem 404 unknown project; 409/422 refused ({@code reason}); 409 {@code project-ended} when the
     *     process no longer runs; 503 not taken in time
     */
    public BillingRunAccepted billNow(String psaProjectId, BillNowBody body, String idempotencyKey) {
        String workflowId = ProjectBillingWorkflow.workflowId(psaProjectId);
        BillingRunStarted started;
        String actor = Caller.current().actor();
        try {
            started = update(workflowId, ProjectBillingWorkflow.BILL_NOW, BillingRunStarted.class,
                    idempotencyKey == null ? null : "bill-now:" + idempotencyKey,
                    new BillNowRequest(body.through(), actor));
        } catch (WorkflowNotFoundException e) {
            throw notRunning(workflowId, psaProjectId);
        } catch (WorkflowUpdateException e) {
            throw refused(workflowId, e, null);
        }
        log.info("{} queued billing run {} through {} (by {})", workflowId, started.runWorkflowId(), started.through(),
                actor);
        Map<String, URI> map = new LinkedHashMap<>();
        map.put("process", links.process(started.runWorkflowId()));
        map.put("projectBilling", billingLink(psaProjectId));
        links.putTemporalUi(map, started.runWorkflowId());
        return new BillingRunAccepted(started.runNumber(), started.runWorkflowId(), started.through(), map);
    }

    /**
     * Amends the contract: reads the contract's currency (and the expected number) from the {@code billing} query,
     * builds the model's terms (422 {@code invalid-terms} naming each bad field) and sends the {@code amend} Update.
     *
     * @throws ApiProblem 404 unknown project; 409 DUPLICATE / OUT_OF_ORDER (with {@code expectedNumber}) /
     *     PROJECT_ENDED; 422 invalid terms or refused as INVALID, INSIDE_BILLED_PERIOD, REWRITES_HISTORY; 503
     */
    public AmendmentApplied amend(String psaProjectId, AmendmentBody body) {
        String workflowId = ProjectBillingWorkflow.workflowId(psaProjectId);
        ProjectBillingView current = query(psaProjectId);
        if (current.contract() == null) {
            throw ApiProblem.conflict(ProblemTypes.PROJECT_ENDED, "No contract",
                    "Process " + workflowId + " has no contract to amend").with("processId", workflowId);
        }
        AmendmentRequest request = AmendmentTerms.toRequest(body, current.contract().currency());
        AmendmentAccepted accepted;
        try {
            accepted = update(workflowId, ProjectBillingWorkflow.AMEND, AmendmentAccepted.class, request);
        } catch (WorkflowNotFoundException e) {
            throw notRunning(workflowId, psaProjectId);
        } catch (WorkflowUpdateException e) {
            throw refused(workflowId, e, current.lastAmendmentNumber() + 1);
        }
        log.info("{} took amendment {} ({}): contract version {}, propagation {}", workflowId, accepted.number(),
                accepted.status(), accepted.contractVersion(), accepted.propagationWorkflowId());
        Map<String, URI> map = new LinkedHashMap<>();
        map.put("projectBilling", billingLink(psaProjectId));
        if (accepted.propagationWorkflowId() != null) {
            map.put("propagation", links.process(accepted.propagationWorkflowId()));
            links.putTemporalUi(map, accepted.propagationWorkflowId());
        }
        return new AmendmentApplied(accepted.number(), accepted.status(), accepted.contractVersion(),
                ContractTerms.of(accepted.contract()), accepted.propagationWorkflowId(), accepted.detail(), map);
    }

    // ----------------------------------------------------------------------------------------------- the webhooks

    /**
     * Signals {@code workApproved} to the project's billing.
     *
     * @return false when there is no such workflow or it is closed (the event is then for no process)
     */
    public boolean signalWorkApproved(String psaProjectId, WorkApproved event) {
        String workflowId = ProjectBillingWorkflow.workflowId(psaProjectId);
        try {
            client.newUntypedWorkflowStub(workflowId).signal(WORK_APPROVED_SIGNAL, event);
        } catch (WorkflowNotFoundException e) {
            return false;
        }
        log.info("Signalled {} {} {} (event {})", workflowId, event.kind(), event.entityId(), event.eventId());
        return true;
    }

    /** What became of a CRM amendment sent to a project ({@link #amendFromCrm}). */
    public sealed interface CrmAmendmentOutcome {
        /** Taken: {@code accepted.status()} APPLIED, or REFUSED (its number used up, the reason in the detail). */
        record Taken(AmendmentAccepted accepted) implements CrmAmendmentOutcome {}

        /** The validator refused it. */
        record Refused(BillingRefusal refusal, String text) implements CrmAmendmentOutcome {}

        /** No project-to-billing workflow runs for the project. */
        record NoProcess() implements CrmAmendmentOutcome {}
    }

    /**
     * Sends the {@code amendFromCrm} Update.
     *
     * @throws ApiProblem 503 when the workflow did not take it in time
     */
    public CrmAmendmentOutcome amendFromCrm(String psaProjectId, CrmAmendmentNotice notice) {
        String workflowId = ProjectBillingWorkflow.workflowId(psaProjectId);
        try {
            return new CrmAmendmentOutcome.Taken(update(workflowId, ProjectBillingWorkflow.AMEND_FROM_CRM,
                    AmendmentAccepted.class, notice));
        } catch (WorkflowNotFoundException e) {
            return new CrmAmendmentOutcome.NoProcess();
        } catch (WorkflowUpdateException e) {
            BillingRefusal refusal = BillingRefusal.of(e).orElseThrow(() -> e);
            return new CrmAmendmentOutcome.Refused(refusal, BillingRefusal.text(e));
        }
    }

    /** An {@link InboundEventWorkflow}: started by this call, or the one a delivery of the same event started. */
    public record Parked(String workflowId, String runId, boolean created) {}

    /**
     * Parks an event no process takes as {@code inbound-event-{eventId}} (REJECT_DUPLICATE: a redelivery finds the
     * process the first delivery started, running or ended, and starts nothing).
     */
    public Parked park(InboundEvent event) {
        String workflowId = InboundEventWorkflow.workflowId(event.eventId());
        WorkflowOptions options = WorkflowOptions.newBuilder()
                .setWorkflowId(workflowId)
                .setTaskQueue(TaskQueues.WORKFLOWS)
                .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
                .build();
        try {
            WorkflowExecution execution = client.newUntypedWorkflowStub(INBOUND_EVENT_TYPE, options).start(event);
            log.warn("{} event {} ({}) reached no process; parked it as {} run {}", event.system(), event.eventId(),
                    event.type(), workflowId, execution.getRunId());
            return new Parked(workflowId, execution.getRunId(), true);
        } catch (WorkflowExecutionAlreadyStarted e) {
            String runId = e.getExecution() == null ? null : blankToNull(e.getExecution().getRunId());
            log.info("{} event {} redelivered; {} parked it already", event.system(), event.eventId(), workflowId);
            return new Parked(workflowId, runId, false);
        }
    }

    /** {@code /api/v1/projects/{psaProjectId}/billing}. */
    public URI billingLink(String psaProjectId) {
        return links.api("/projects/{psaProjectId}/billing", psaProjectId);
    }

    // ------------------------------------------------------------------------------------------------ internals

    private ProjectBillingView query(String psaProjectId) {
        String workflowId = ProjectBillingWorkflow.workflowId(psaProjectId);
        ProjectBillingView view;
        try {
            view = BoundedCall.within(queryTimeout, "querying " + workflowId,
                    () -> client.newUntypedWorkflowStub(workflowId).query(BILLING_QUERY, ProjectBillingView.class));
        } catch (WorkflowNotFoundException e) {
            throw notFound(psaProjectId);
        } catch (TimeoutException e) {
            throw unresponsive(workflowId, "did not answer within " + queryTimeout.toSeconds() + " s");
        } catch (WorkflowQueryException e) {
            log.warn("Billing query of {} failed", workflowId, e);
            throw unresponsive(workflowId, "did not answer its billing query");
        }
        if (view == null) {
            throw unresponsive(workflowId, "has not set up its billing yet");
        }
        return view;
    }

    private <T> T update(String workflowId, String name, Class<T> type, Object argument) {
        return update(workflowId, name, type, null, argument);
    }

    /** The Update {@code name}; with an {@code updateId} (not null), one Temporal deduplicates by that id. */
    private <T> T update(String workflowId, String name, Class<T> type, String updateId, Object argument) {
        try {
            return BoundedCall.within(updateTimeout, "updating " + workflowId, () -> {
                WorkflowStub stub = client.newUntypedWorkflowStub(workflowId);
                if (updateId == null) {
                    return stub.update(name, type, argument);
                }
                return stub.startUpdate(UpdateOptions.newBuilder(type)
                                .setUpdateName(name)
                                .setUpdateId(updateId)
                                .setWaitForStage(WorkflowUpdateStage.COMPLETED)
                                .build(), argument)
                        .getResult();
            });
        } catch (TimeoutException e) {
            log.warn("{} did not take {} within {}", workflowId, name, updateTimeout);
            throw unresponsive(workflowId, "did not take " + name + " within " + updateTimeout.toSeconds()
                    + " s (no worker holds it right now). It may still take it once a worker picks it up: look at"
                    + " the project's billing before sending it again.");
        }
    }

    /** A refused update as its problem; a failure that is no refusal (a failing handler: a bug) as itself. */
    private static RuntimeException refused(String workflowId, WorkflowUpdateException e, Integer expectedNumber) {
        BillingRefusal refusal = BillingRefusal.of(e).orElse(null);
        if (refusal == null) {
            return e;
        }
        String text = BillingRefusal.text(e);
        log.info("{} refused: {} ({})", workflowId, refusal, text);
        ApiProblem problem = BillingRefusals.problem(refusal, text, workflowId);
        if (expectedNumber != null
                && (refusal == BillingRefusal.OUT_OF_ORDER || refusal == BillingRefusal.DUPLICATE)) {
            problem.with("expectedNumber", expectedNumber);
        }
        return problem;
    }

    /** The update found no running workflow: 404 when there is none at all, 409 when it ended. */
    private ApiProblem notRunning(String workflowId, String psaProjectId) {
        try {
            client.newUntypedWorkflowStub(workflowId).describe();
        } catch (WorkflowNotFoundException e) {
            return notFound(psaProjectId);
        }
        return BillingRefusals.ended(workflowId);
    }

    private ProjectBilling view(ProjectBillingView v) {
        String psaProjectId = v.psaProjectId() != null ? v.psaProjectId()
                : v.setup() != null ? v.setup().psaProjectId() : null;
        String workflowId = v.workflowId() != null ? v.workflowId() : ProjectBillingWorkflow.workflowId(psaProjectId);
        ProjectBilling.Cap cap = v.capAmount() == null ? null
                : new ProjectBilling.Cap(v.capAmount(), v.capConsumed(), v.capRemaining() != null
                        ? v.capRemaining()
                        : v.capConsumed() == null ? null : v.capAmount().minus(v.capConsumed()));
        ProjectBilling.Unbilled unbilled = v.unbilledApproved() == null && v.unbilledAsOf() == 0 ? null
                : new ProjectBilling.Unbilled(v.unbilledApproved(), v.unbilledEntries(), instant(v.unbilledAsOf()));
        ProjectBilling.ActiveRun activeRun = v.activeRun() == null ? null
                : new ProjectBilling.ActiveRun(v.activeRun(), processLinks(v.activeRun()));
        List<ProjectBilling.Run> runs = v.runs() == null ? List.of() : v.runs().stream().map(this::run).toList();
        List<ProjectBilling.Amendment> amendments = v.amendments() == null ? List.of()
                : v.amendments().stream().map(ProjectBillingService::amendment).toList();
        Map<String, URI> map = new LinkedHashMap<>();
        map.put("self", billingLink(psaProjectId));
        map.put("process", links.process(workflowId));
        map.put("billingRuns", links.api("/projects/{psaProjectId}/billing-runs", psaProjectId));
        map.put("amendments", links.api("/projects/{psaProjectId}/amendments", psaProjectId));
        links.putTemporalUi(map, workflowId);
        return new ProjectBilling(
                psaProjectId,
                workflowId,
                v.status() == null ? null : v.status().name(),
                v.setup() == null ? null : v.setup().opportunityId(),
                v.setup() == null ? null : v.setup().billingPeriod(),
                v.contractVersion(),
                v.lastAmendmentNumber(),
                ContractTerms.of(v.contract()),
                v.lastBilledThrough(),
                cap,
                unbilled,
                v.nextPeriodEnd(),
                activeRun,
                runs,
                amendments,
                map);
    }

    private ProjectBilling.Run run(BillingRunSummary run) {
        return new ProjectBilling.Run(run.runNumber(), run.workflowId(), run.trigger(), run.through(),
                run.status() == null ? null : run.status().name(), run.invoiceId(), run.invoiceNumber(),
                run.subtotal(), run.taxTotal(), run.total(), run.entriesBilled(), run.heldBack(), run.detail(),
                run.workflowId() == null ? Map.of() : processLinks(run.workflowId()));
    }

    private static ProjectBilling.Amendment amendment(AmendmentRecord a) {
        return new ProjectBilling.Amendment(a.number(), a.effectiveFrom(), a.status(), a.contractVersion(),
                a.changed(), a.reason(), a.actor(), a.source(), a.propagationWorkflowId(), instant(a.acceptedAt()));
    }

    private Map<String, URI> processLinks(String workflowId) {
        Map<String, URI> map = new LinkedHashMap<>();
        map.put("process", links.process(workflowId));
        links.putTemporalUi(map, workflowId);
        return map;
    }

    private static ApiProblem notFound(String psaProjectId) {
        return ApiProblem.notFound(ProblemTypes.PROJECT_BILLING_NOT_FOUND, "No billing process for project "
                + psaProjectId + " (" + ProjectBillingWorkflow.workflowId(psaProjectId) + ")")
                .with("psaProjectId", psaProjectId);
    }

    private static ApiProblem unresponsive(String workflowId, String what) {
        return new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.PROCESS_UNRESPONSIVE,
                "Process unresponsive", "Process " + workflowId + " " + what)
                .with("processId", workflowId);
    }

    private static Instant instant(long epochMillis) {
        return epochMillis == 0 ? null : Instant.ofEpochMilli(epochMillis);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
