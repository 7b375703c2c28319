package dev.o2c.workflows.opportunity;

import dev.o2c.workflows.common.LogMasks;
import static dev.o2c.workflows.opportunity.OpportunityToProjectSteps.ALL;
import static dev.o2c.workflows.opportunity.OpportunityToProjectSteps.BILLING_PLAN_ID;
import static dev.o2c.workflows.opportunity.OpportunityToProjectSteps.CREATE_BILLING_PLAN;
import static dev.o2c.workflows.opportunity.OpportunityToProjectSteps.CREATE_ERP_PROJECT;
import static dev.o2c.workflows.opportunity.OpportunityToProjectSteps.CREATE_PSA_PROJECT;
import static dev.o2c.workflows.opportunity.OpportunityToProjectSteps.CRM_CREATE_TASK;
import static dev.o2c.workflows.opportunity.OpportunityToProjectSteps.ERP_CUSTOMER_ID;
import static dev.o2c.workflows.opportunity.OpportunityToProjectSteps.ERP_PROJECT_ID;
import static dev.o2c.workflows.opportunity.OpportunityToProjectSteps.PSA_PROJECT_ID;
import static dev.o2c.workflows.opportunity.OpportunityToProjectSteps.READY_FOR_BILLING;
import static dev.o2c.workflows.opportunity.OpportunityToProjectSteps.READ_LEGAL_ENTITY;
import static dev.o2c.workflows.opportunity.OpportunityToProjectSteps.READ_OPPORTUNITY;
import static dev.o2c.workflows.opportunity.OpportunityToProjectSteps.UPSERT_CUSTOMER;
import static dev.o2c.workflows.opportunity.OpportunityToProjectSteps.VALIDATE_FINANCE;
import static dev.o2c.workflows.opportunity.OpportunityToProjectSteps.WRITE_BACK;

import dev.o2c.workflows.common.FailureTypes;
import dev.o2c.workflows.common.OwnerTeam;
import dev.o2c.workflows.common.ProcessStatus;
import dev.o2c.workflows.common.Resolution;
import dev.o2c.workflows.common.TaskQueues;
import dev.o2c.workflows.model.Customer;
import dev.o2c.workflows.model.CustomerDraft;
import dev.o2c.workflows.model.Engagement;
import dev.o2c.workflows.model.EngagementDraft;
import dev.o2c.workflows.model.EngagementValidation;
import dev.o2c.workflows.model.EngagementValidationResult;
import dev.o2c.workflows.model.LegalEntityDraft;
import dev.o2c.workflows.model.Violation;
import dev.o2c.workflows.saga.Json;
import dev.o2c.workflows.saga.SagaOutcome;
import dev.o2c.workflows.saga.SagaStopped;
import dev.o2c.workflows.saga.StepFailure;
import dev.o2c.workflows.saga.SystemActivityOptions;
import dev.o2c.workflows.saga.TrackedSaga;
import dev.o2c.workflows.saga.TrackedSagaWorkflow;
import dev.o2c.workflows.systems.Ack;
import dev.o2c.workflows.systems.Created;
import dev.o2c.workflows.systems.CrmActivities;
import dev.o2c.workflows.systems.CrmTask;
import dev.o2c.workflows.systems.CustomerLookup;
import dev.o2c.workflows.systems.CustomerUpserted;
import dev.o2c.workflows.systems.DeliveryLinks;
import dev.o2c.workflows.systems.ErpActivities;
import dev.o2c.workflows.systems.InvoicingActivities;
import dev.o2c.workflows.systems.LegalEntityRead;
import dev.o2c.workflows.systems.OpportunityRead;
import dev.o2c.workflows.systems.PsaActivities;
import dev.o2c.workflows.billing.ProjectBillingRequest;
import dev.o2c.workflows.billing.ProjectBillingWorkflow;
import dev.o2c.workflows.billing.ProjectSetup;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.spring.boot.WorkflowImpl;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;

/**
 * Opportunity-to-project: a won CRM opportunity becomes an ERP customer, a PSA project, a billing plan and an ERP
 * project, all or nothing.
 *
 * <pre>
 *   RUNNING ──(all 8 steps done)──────────────────────────────────────────────► COMPLETED ("ready for billing")
 *      │  ▲
 *      │  └─ RETRY / SKIP (write-back only) ─┐
 *      ├─(parking failure)──► NEEDS_ATTENTION ┤── ABORT / park timeout ─┐
 *      │                                      │                          ▼
 *      ├─(conflict/rejected)────────────────────────────────────► COMPENSATING ──► COMPENSATED (refused)
 *      │                                                              │      └──► ABORTED (operator, timeout,
 *      └─(workflow cancelled)──────────────────────────────────────────┘               cancel, abandoned undo)
 *                                        a compensation failing for good parks (IT) inside COMPENSATING
 * </pre>
 *
 * <ol>
 *   <li>{@code crm.readOpportunity}: the won opportunity and its account, as an {@link EngagementDraft}; CRM knows
 *       the customer's legal entity only by its code;</li>
 *   <li>{@code erp.readLegalEntity}: the legal entity's name and functional currency from the ERP, which owns legal
 *       entities, filled into the draft. A code the ERP does not know is a violation
 *       ({@code customer.legalEntity.code: unknown to the ERP}) for step 3. Versioned (see below);</li>
 *   <li>{@code o2c.validateFinance}: {@link EngagementValidation} in workflow code. Violations park the process for
 *       sales-ops ({@link FailureTypes#FINANCE_ATTRIBUTES_INVALID}, payload = the violations); RETRY goes back to
 *       step 1, since the data is fixed in CRM (step 2 runs again too: a read needs no new round key);</li>
 *   <li>{@code erp.upsertCustomer}, preceded (once, before the first round) by the read {@code erp.findCustomer}
 *       (undo: deactivate the customer only if it did not exist before the saga; see {@link #upsertCustomer}).
 *       Versioned;</li>
 *   <li>{@code psa.createProject} (undo: cancel it);</li>
 *   <li>{@code invoicing.createBillingPlan} (undo: void it);</li>
 *   <li>{@code erp.createProject} (undo: close it);</li>
 *   <li>{@code crm.writeBack}: ids and {@code READY_FOR_BILLING} to the opportunity. Skippable: a failure here
 *       parks (even a refusal) so an operator can retry or skip it rather than undo a finished set-up;</li>
 * </ol>
 * then {@link #handOffToBilling}.
 *
 * <p>Versions ({@code Workflow.getVersion}, each proven by {@code OpportunityToProjectReplayTest}):
 * <ul>
 *   <li>{@value #LEGAL_ENTITY_CHANGE} 1: step {@code erp.readLegalEntity} added. Before it, the CRM connector
 *       read the legal entity from the ERP itself; runs at {@code DEFAULT_VERSION} (recorded before the change) do
 *       not run the step and list it SKIPPED in {@code state()}.</li>
 *   <li>{@value #CANCELLATION_CHANGE} 1 (asked first thing in {@link #run}): system calls use
 *       {@code ActivityCancellationType.WAIT_CANCELLATION_COMPLETED}, so a cancellation while a create is in flight
 *       compensates only after the create finished (and undoes it) instead of racing it. Runs at
 *       {@code DEFAULT_VERSION} keep {@code TRY_CANCEL}: their histories schedule the compensations right after the
 *       cancel request.</li>
 *   <li>{@value #CUSTOMER_COMPENSATION_CHANGE} 1 (asked before the customer upsert is registered): the
 *       {@code erp.findCustomer} read before the first upsert round, and the compensation
 *       {@code erp.deactivateCustomer} only for a customer this saga created (none otherwise). Runs at
 *       {@code DEFAULT_VERSION} keep {@code erp.deactivateCustomerIfCreated}, which re-sends the upsert.</li>
 *   <li>{@value #START_BILLING_CHANGE} 1: the hand-off starts {@code ProjectBillingWorkflow} (see
 *       {@link #handOffToBilling}); runs at {@code DEFAULT_VERSION} only complete.</li>
 *   <li>{@value #LOCAL_READS_CHANGE} 1 (asked first thing in {@link #run}, after the cancellation change): the three
 *       reads ({@code crm.readWonOpportunity}, {@code erp.readLegalEntity}, {@code erp.findCustomer}) run as local
 *       activities ({@link SystemActivityOptions#localRead}): no activity task, no workflow task round trip, one
 *       marker instead of six events each (measured with {@code ./o2c bench}). Runs at {@code DEFAULT_VERSION}
 *       keep them as activities on the systems' task queues.</li>
 * </ul>
 * Changes that need no version: operator decisions as the {@code decide} Update (the {@code resolve} signal still
 * works for histories that carry it), the incarnation (1 keeps the keys of earlier runs), the ledger writes retried
 * until they succeed (local activity options are not in the history), {@code o2c.integration} parking for IT.
 *
 * <p>Step tracking, idempotency keys, parking and compensation are the {@link TrackedSaga}'s (see there for the
 * rules).
 *
 * <p>The request's incarnation (1 for the first provisioning of the opportunity) is part of every idempotency key
 * from 2 on ({@code {workflowId}:i{n}:{step}}) and is in {@code state()}, every ledger transition and the result.
 *
 * <p>Outcomes: the workflow returns normally for COMPLETED, COMPENSATED and ABORTED (business outcomes). A workflow
 * <em>cancelled</em> through Temporal (in version 1 of {@value #CANCELLATION_CHANGE}: once the call in flight
 * finished) compensates in a detached scope, ends ABORTED in its state and the ledger (an
 * abort from outside; COMPENSATED is kept for "a system refused"), then rethrows the {@link CanceledFailure} so
 * Temporal shows it canceled. A cancellation that arrives once every step is done does not undo the set-up.
 */
@WorkflowImpl(workers = "o2c-workflows") // the worker named in the worker's spring.temporal.workers
public class OpportunityToProjectWorkflowImpl extends TrackedSagaWorkflow implements OpportunityToProjectWorkflow {

    public OpportunityToProjectWorkflowImpl() {
        super(PROCESS_TYPE, ALL);
    }


    private static final Logger log = Workflow.getLogger(OpportunityToProjectWorkflowImpl.class);

    /** Change id of step {@code erp.readLegalEntity} (version 1). */
    static final String LEGAL_ENTITY_CHANGE = "erp-legal-entity-step";
    /** Change id of {@code WAIT_CANCELLATION_COMPLETED} for the system calls (version 1). */
    static final String CANCELLATION_CHANGE = "activity-wait-cancellation-completed";
    /** Change id of the customer compensation decided from the lookup before the upsert (version 1). */
    static final String CUSTOMER_COMPENSATION_CHANGE = "customer-compensation-from-history";
    /** Change id of the hand-off that starts project-to-billing (version 1). */
    static final String START_BILLING_CHANGE = "start-project-billing";
    /** Change id of the reads made as local activities (version 1). */
    static final String LOCAL_READS_CHANGE = "reads-as-local-activities";
    /** The ERP's status of a deactivated customer. */
    static final String INACTIVE = "INACTIVE";
    /** Violation of a legal entity code the ERP does not know. */
    static final String UNKNOWN_TO_ERP = "unknown to the ERP";

    // forward and compensation stubs: WAIT_CANCELLATION_COMPLETED from version 1 of CANCELLATION_CHANGE, set in run()
    private CrmActivities crm;
    private PsaActivities psa;
    private ErpActivities erp;
    private InvoicingActivities invoicing;
    private PsaActivities psaUndo;
    private ErpActivities erpUndo;
    private InvoicingActivities invoicingUndo;
    // the reads: local activities from version 1 of LOCAL_READS_CHANGE, else the forward stubs
    private CrmActivities crmRead;
    private ErpActivities erpRead;


    private String opportunityId;
    private Duration parkTimeout;
    private int incarnation = 1;
    /** Whether the ERP had the customer before the first upsert round; null until read (version 1 only). */
    private Boolean customerExistedBefore;
    /** Whether an upsert round answered {@code created=true}. */
    private boolean customerCreated;
    /** The last draft read from CRM (account and owner for the CRM task on abort); null until read. */
    private EngagementDraft draft;

    @Override
    public OpportunityToProjectResult run(OpportunityToProjectRequest request) {
        createStubs(Workflow.getVersion(CANCELLATION_CHANGE, Workflow.DEFAULT_VERSION, 1));
        createReadStubs(Workflow.getVersion(LOCAL_READS_CHANGE, Workflow.DEFAULT_VERSION, 1));
        opportunityId = request.opportunityId();
        parkTimeout = request.parkTimeout();
        incarnation = request.incarnation();
        saga.begin(opportunityId, request.correlationId(), incarnation, parkTimeout,
                "started" + (request.source() == null ? "" : " by " + request.source())
                        + (incarnation == 1 ? "" : ", incarnation " + incarnation));
        try {
            Engagement engagement = readAndValidate();
            setUpDelivery(engagement);
            return finish(engagement);
        } catch (SagaStopped stopped) {
            if (stopped.parkTimedOut()) {
                Workflow.newDetachedCancellationScope(() -> notifyAccountOwner(stopped)).run();
            }
            return toResult(saga.compensate(stopped.outcome(), stopped.reason()));
        } catch (CanceledFailure cancelled) {
            log.warn("opportunity {}: workflow cancelled, compensating", opportunityId);
            saga.compensate(ProcessStatus.ABORTED, TrackedSaga.CANCELLED_NOTE);
            throw cancelled;
        }
    }




    @Override
    @SuppressWarnings("deprecation")
    public void resolve(Resolution resolution) {
        saga.receive(resolution);
    }

    /** Steps 1 to 3: read until the finance attributes are valid (each invalid read parks for sales-ops). */
    private Engagement readAndValidate() {
        while (true) {
            OpportunityRead read = saga.run(READ_OPPORTUNITY, key -> crmRead.readWonOpportunity(opportunityId),
                    OpportunityRead::attempt);
            draft = read.draft();
            List<Violation> unknownToErp = readLegalEntity();
            saga.running(VALIDATE_FINANCE);
            EngagementValidationResult validation = withViolations(EngagementValidation.validate(draft),
                    unknownToErp);
            if (validation.isValid()) {
                saga.completed(VALIDATE_FINANCE, 1);
                return validation.engagement();
            }
            String cause = "finance attributes missing or invalid: " + validation.summary();
            saga.failed(VALIDATE_FINANCE, cause);
            saga.parkStep(VALIDATE_FINANCE, StepFailure.park(FailureTypes.FINANCE_ATTRIBUTES_INVALID,
                    OwnerTeam.SALES_OPS, cause, violationsJson(validation.violations())));
            // RETRY (the step is not skippable, ABORT throws): sales-ops fixed the data in CRM, read it again
            log.info("opportunity {}: finance attributes fixed at the source, reading CRM again", opportunityId);
        }
    }

    /**
     * Step 2, from version 1 of {@value #LEGAL_ENTITY_CHANGE} on: fills the draft's legal entity (name, functional
     * currency) from the ERP. Called on every read (the version is fixed by the first call), so a run that was still
     * reading CRM when version 1 was deployed takes the new step. Runs at {@code DEFAULT_VERSION} list it SKIPPED and
     * keep the draft as CRM returned it (the connector used to fill the entity).
     *
     * @return the violation of a code the ERP does not know, or none
     */
    private List<Violation> readLegalEntity() {
        int version = Workflow.getVersion(LEGAL_ENTITY_CHANGE, Workflow.DEFAULT_VERSION, 1);
        if (version == Workflow.DEFAULT_VERSION) {
            saga.notRun(READ_LEGAL_ENTITY);
            return List.of();
        }
        String code = legalEntityCode(draft);
        LegalEntityRead read = saga.run(READ_LEGAL_ENTITY, key -> erpRead.readLegalEntity(code),
                LegalEntityRead::attempt);
        if (code == null) {
            return List.of(); // no code: validation reports the missing legal entity
        }
        if (read.legalEntity() == null) {
            log.info("opportunity {}: legal entity {} unknown to the ERP", opportunityId, code);
            draft = withLegalEntity(draft, new LegalEntityDraft(code, null, null));
            return List.of(new Violation("customer.legalEntity.code", UNKNOWN_TO_ERP));
        }
        draft = withLegalEntity(draft, read.legalEntity());
        return List.of();
    }

    /** Steps 4 to 8, each compensation registered before its forward call. */
    private void setUpDelivery(Engagement engagement) {
        Customer customer = engagement.customer();
        CustomerUpserted upserted = upsertCustomer(customer);
        String erpCustomerId = upserted.erpCustomerId();
        saga.recordCreatedId(UPSERT_CUSTOMER, ERP_CUSTOMER_ID, erpCustomerId);

        saga.registerCompensation(CREATE_PSA_PROJECT, key -> attempt(psaUndo.cancelProject(key, opportunityId)));
        Created psaProject = saga.run(CREATE_PSA_PROJECT, key -> psa.createProject(key, engagement, erpCustomerId),
                Created::attempt);
        String psaProjectId = psaProject.id();
        saga.recordCreatedId(CREATE_PSA_PROJECT, PSA_PROJECT_ID, psaProjectId);

        saga.registerCompensation(CREATE_BILLING_PLAN,
                key -> attempt(invoicingUndo.voidBillingPlan(key, opportunityId)));
        Created plan = saga.run(CREATE_BILLING_PLAN,
                key -> invoicing.createBillingPlan(key, engagement, erpCustomerId, psaProjectId), Created::attempt);
        saga.recordCreatedId(CREATE_BILLING_PLAN, BILLING_PLAN_ID, plan.id());

        saga.registerCompensation(CREATE_ERP_PROJECT, key -> attempt(erpUndo.closeProject(key, opportunityId)));
        Created erpProject = saga.run(CREATE_ERP_PROJECT,
                key -> erp.createProject(key, engagement, erpCustomerId, psaProjectId), Created::attempt);
        saga.recordCreatedId(CREATE_ERP_PROJECT, ERP_PROJECT_ID, erpProject.id());

        DeliveryLinks links = new DeliveryLinks(psaProjectId, erpCustomerId, erpProject.id(), plan.id(),
                READY_FOR_BILLING);
        saga.run(WRITE_BACK, key -> crm.writeBackDelivery(key, opportunityId, links), Ack::attempt); // null if skipped
    }

    /**
     * Step 4 and its compensation.
     *
     * <p>From version 1 of {@value #CUSTOMER_COMPENSATION_CHANGE} on, the step first reads
     * {@code erp.findCustomer(externalId)}, once, before the first upsert round is sent (a RETRY round reads again
     * only if no answer came yet, i.e. no upsert was sent), and records whether the customer existed before the saga.
     * The compensation calls {@code erp.deactivateCustomer(compensationKey, externalId, opportunityId)} only when this
     * saga created the customer: it did not exist before (an earlier round may have committed without its answer
     * reaching the workflow, so a RETRY round's {@code created=false} does not change that), or the upsert answered
     * {@code created=true}. A customer that existed before is left alone: no call at all. The ERP connector still
     * refuses to deactivate a customer that another engagement's project uses. Nothing was read (the lookup never
     * answered): no upsert was sent, nothing to undo.
     *
     * <p>Runs at {@code DEFAULT_VERSION} (recorded before) keep {@code deactivateCustomerIfCreated(key, upsertKey of
     * the last round, customer)}, which learns by re-sending the upsert.
     */
    @SuppressWarnings("deprecation")
    private CustomerUpserted upsertCustomer(Customer customer) {
        int version = Workflow.getVersion(CUSTOMER_COMPENSATION_CHANGE, Workflow.DEFAULT_VERSION, 1);
        if (version == Workflow.DEFAULT_VERSION) {
            // the upsert key of the round that ran last: ERP answers it with that upsert's result (created or not)
            saga.registerCompensation(UPSERT_CUSTOMER, key -> attempt(erpUndo.deactivateCustomerIfCreated(key,
                    saga.keys().forward(UPSERT_CUSTOMER.name()), customer)));
            return saga.run(UPSERT_CUSTOMER, key -> erp.upsertCustomer(key, customer), CustomerUpserted::attempt);
        }
        saga.registerCompensation(UPSERT_CUSTOMER, key -> {
            if (!customerCreatedBySaga()) {
                log.info("opportunity {}: customer {} {}, nothing to undo", opportunityId, customer.externalId(),
                        customerExistedBefore == null ? "never upserted" : "existed before the saga");
                return 1;
            }
            return attempt(erpUndo.deactivateCustomer(key, customer.externalId(), opportunityId));
        });
        return saga.run(UPSERT_CUSTOMER, key -> {
            if (customerExistedBefore == null) {
                // an inactive customer (e.g. left by an earlier, compensated incarnation) is reactivated by the upsert,
                // so undoing it means deactivating it again: only an active one counts as there before the saga
                CustomerLookup before = erpRead.findCustomer(customer.externalId());
                customerExistedBefore = before.exists() && !INACTIVE.equals(before.status());
            }
            CustomerUpserted result = erp.upsertCustomer(key, customer);
            customerCreated |= result.created();
            return result;
        }, CustomerUpserted::attempt);
    }

    /** True when this saga created the ERP customer (see {@link #upsertCustomer}). */
    private boolean customerCreatedBySaga() {
        return customerExistedBefore != null && (!customerExistedBefore || customerCreated);
    }

    /** Every step is done: a cancellation arriving now must not undo the set-up, so the rest runs detached. */
    private OpportunityToProjectResult finish(Engagement engagement) {
        List<SagaOutcome> outcome = new ArrayList<>(1);
        Workflow.newDetachedCancellationScope(
                () -> outcome.add(handOffToBilling(engagement, saga.createdIds()))).run();
        return toResult(outcome.get(0));
    }

    /**
     * Hands the project over to project-to-billing (version 1 of {@value #START_BILLING_CHANGE}): starts
     * {@code ProjectBillingWorkflow} {@code project-billing-{psaProjectId}} as a child with
     * {@code ParentClosePolicy.ABANDON} (it lives as long as the project) and waits until Temporal confirmed the start,
     * so the set-up never ends without its billing. A billing workflow already running under that id (a replayed
     * hand-off) counts as started. Then records the COMPLETED transition ("ready for billing"). Only a set-up that
     * completed gets here: a compensated one never starts billing.
     *
     * <p>Runs recorded before the change ({@code DEFAULT_VERSION}) have no child-start command and only complete.
     */
    private SagaOutcome handOffToBilling(Engagement engagement, Map<String, String> ids) {
        log.info("opportunity {} ({}) ready for billing: {}", opportunityId, engagement.name(), ids);
        int version = Workflow.getVersion(START_BILLING_CHANGE, Workflow.DEFAULT_VERSION, 1);
        if (version == Workflow.DEFAULT_VERSION) {
            return saga.complete("ready for billing");
        }
        String psaProjectId = ids.get(PSA_PROJECT_ID);
        String billingWorkflowId = ProjectBillingWorkflow.workflowId(psaProjectId);
        Customer customer = engagement.customer();
        ProjectSetup setup = new ProjectSetup(psaProjectId, opportunityId, engagement.accountId(),
                ids.get(ERP_CUSTOMER_ID), ids.get(ERP_PROJECT_ID), ids.get(BILLING_PLAN_ID),
                customer.legalEntity().code(), customer.billingAddress().country(), customer.paymentTerms().netDays(),
                engagement.contract().billingModel().billingPeriod(),
                engagement.contract().billingModel().revenueMethod());
        ProjectBillingWorkflow billing = Workflow.newChildWorkflowStub(ProjectBillingWorkflow.class,
                ChildWorkflowOptions.newBuilder()
                        .setWorkflowId(billingWorkflowId)
                        .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON)
                        .build());
        Async.function(billing::run, new ProjectBillingRequest(setup, engagement.contract(),
                saga.identity().correlationId(), parkTimeout, null, 0));
        try {
            Workflow.getWorkflowExecution(billing).get();
            log.info("opportunity {}: billing started as {}", opportunityId, billingWorkflowId);
        } catch (ChildWorkflowFailure failure) {
            if (!(failure.getCause() instanceof io.temporal.client.WorkflowExecutionAlreadyStarted)) {
                throw failure;
            }
            log.info("opportunity {}: billing {} was started before", opportunityId, billingWorkflowId);
        }
        return saga.complete("ready for billing; billing runs as " + billingWorkflowId);
    }

    /** Park timeout: tell the account owner in CRM why nothing was set up. Best effort: never blocks the abort. */
    private void notifyAccountOwner(SagaStopped stopped) {
        String accountId = draft == null ? null : blankToNull(draft.accountId());
        String owner = draft == null ? null : blankToNull(draft.ownerEmail());
        String subject = "o2c aborted opportunity " + opportunityId + ": no decision on " + stopped.step().name()
                + " within " + parkTimeout.toDays() + " days";
        String body = "The opportunity-to-project process for " + opportunityId + " parked at step "
                + stopped.step().name() + " and nobody resolved it within " + parkTimeout
                + ", so it aborted by itself and undoes what it had set up. Cause: " + stopped.reason()
                + ". Fix the data at the source, then start the process again.";
        try {
            crm.createTask(saga.keys().oneOff(CRM_CREATE_TASK),
                    new CrmTask(accountId, opportunityId, subject, body, owner));
            log.info("opportunity {}: CRM task created for {}", opportunityId,
                    owner == null ? "(no owner)" : LogMasks.email(owner));
        } catch (ActivityFailure failure) {
            log.warn("opportunity {}: could not create the CRM task for the account owner: {}", opportunityId,
                    LogMasks.scrub(StepFailure.describe(failure)));
        }
    }

    private OpportunityToProjectResult toResult(SagaOutcome outcome) {
        return new OpportunityToProjectResult(outcome.status(), outcome.createdIdsInForce(), outcome.detail(),
                incarnation);
    }

    /**
     * The system stubs. From version 1 of {@value #CANCELLATION_CHANGE} on they wait for an in-flight call to finish
     * when the workflow is cancelled ({@link SystemActivityOptions#forward}), and the saga starts no step after the
     * cancel request ({@link TrackedSaga#stopStepsOnCancelRequest}); runs recorded before keep {@code TRY_CANCEL},
     * with which their histories scheduled the compensations right after the cancel request.
     */
    private void createStubs(int cancellationVersion) {
        boolean legacy = cancellationVersion == Workflow.DEFAULT_VERSION;
        if (!legacy) {
            saga.stopStepsOnCancelRequest(); // a call in flight at the cancel request may complete normally
        }
        crm = Workflow.newActivityStub(CrmActivities.class, options(SystemActivityOptions.forward(TaskQueues.CRM),
                legacy));
        psa = Workflow.newActivityStub(PsaActivities.class, options(SystemActivityOptions.forward(TaskQueues.PSA),
                legacy));
        erp = Workflow.newActivityStub(ErpActivities.class, options(SystemActivityOptions.forward(TaskQueues.ERP),
                legacy));
        invoicing = Workflow.newActivityStub(InvoicingActivities.class,
                options(SystemActivityOptions.forward(TaskQueues.INVOICING), legacy));
        psaUndo = Workflow.newActivityStub(PsaActivities.class,
                options(SystemActivityOptions.compensation(TaskQueues.PSA), legacy));
        erpUndo = Workflow.newActivityStub(ErpActivities.class,
                options(SystemActivityOptions.compensation(TaskQueues.ERP), legacy));
        invoicingUndo = Workflow.newActivityStub(InvoicingActivities.class,
                options(SystemActivityOptions.compensation(TaskQueues.INVOICING), legacy));
    }

    /** The read stubs: local activities from version 1 of {@value #LOCAL_READS_CHANGE}, else the forward stubs. */
    private void createReadStubs(int localReadsVersion) {
        if (localReadsVersion == Workflow.DEFAULT_VERSION) {
            crmRead = crm;
            erpRead = erp;
            return;
        }
        crmRead = Workflow.newLocalActivityStub(CrmActivities.class, SystemActivityOptions.localRead());
        erpRead = Workflow.newLocalActivityStub(ErpActivities.class, SystemActivityOptions.localRead());
    }

    private static ActivityOptions options(ActivityOptions options, boolean legacy) {
        return legacy ? SystemActivityOptions.tryCancel(options) : options;
    }

    private static int attempt(Ack ack) {
        return ack == null ? 1 : ack.attempt();
    }

    private static String violationsJson(List<Violation> violations) {
        return Json.array(violations.stream().map(v -> {
            Map<String, String> member = new LinkedHashMap<>();
            member.put("field", v.field());
            member.put("problem", v.problem());
            return Json.object(member);
        }).toList());
    }

    private static String legalEntityCode(EngagementDraft draft) {
        CustomerDraft customer = draft == null ? null : draft.customer();
        return customer == null || customer.legalEntity() == null ? null
                : blankToNull(customer.legalEntity().code());
    }

    /** The draft with the customer's legal entity replaced (the customer is not null: it has a legal entity code). */
    static EngagementDraft withLegalEntity(EngagementDraft d, LegalEntityDraft entity) {
        CustomerDraft c = d.customer();
        return new EngagementDraft(d.opportunityId(), d.accountId(), d.name(), d.ownerEmail(),
                new CustomerDraft(c.externalId(), c.name(), entity, c.taxId(), c.billingAddress(), c.currency(),
                        c.paymentTerms()),
                d.contract(), d.workBreakdown());
    }

    /** {@code validation} with {@code extra} violations first (then never valid). */
    private static EngagementValidationResult withViolations(EngagementValidationResult validation,
            List<Violation> extra) {
        if (extra.isEmpty()) {
            return validation;
        }
        List<Violation> all = new ArrayList<>(extra);
        all.addAll(validation.violations());
        return EngagementValidationResult.invalid(all);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
