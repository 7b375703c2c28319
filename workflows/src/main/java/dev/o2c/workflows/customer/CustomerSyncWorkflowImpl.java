package dev.o2c.workflows.customer;

import dev.o2c.workflows.common.OwnerTeam;
import dev.o2c.workflows.common.ResolutionAction;
import dev.o2c.workflows.common.TaskQueues;
import dev.o2c.workflows.saga.Json;
import dev.o2c.workflows.saga.ParkOutcome;
import dev.o2c.workflows.saga.SagaOutcome;
import dev.o2c.workflows.saga.SagaStep;
import dev.o2c.workflows.saga.SagaStopped;
import dev.o2c.workflows.saga.StepFailure;
import dev.o2c.workflows.saga.SystemActivityOptions;
import dev.o2c.workflows.saga.TrackedSagaWorkflow;
import dev.o2c.workflows.systems.CrmAccountActivities;
import dev.o2c.workflows.systems.ErpCustomerActivities;
import io.temporal.spring.boot.WorkflowImpl;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;

/**
 * Customer master data (see {@link CustomerSyncWorkflow}). A pass reads the account (CRM) and the customer (ERP),
 * compares them with {@link MasterDataRules}, parks on conflicts, then writes the changed attributes and the new
 * baseline with the version it read; a customer written in between (the ERP answers another version) is read again.
 * Nothing is undone: a write sets target values, and a run that is aborted wrote nothing after its park.
 */
@WorkflowImpl(workers = "o2c-workflows")
public class CustomerSyncWorkflowImpl extends TrackedSagaWorkflow implements CustomerSyncWorkflow {

    private static final Logger log = Workflow.getLogger(CustomerSyncWorkflowImpl.class);

    static final SagaStep READ_ACCOUNT = new SagaStep("crm.readAccount", "crm", OwnerTeam.SALES_OPS, false);
    static final SagaStep READ_CUSTOMER = new SagaStep("erp.readCustomer", "erp", OwnerTeam.FINANCE_OPS, false);
    static final SagaStep COMPARE = new SagaStep("o2c.compareMasterData", "o2c", OwnerTeam.FINANCE_OPS, true);
    static final SagaStep WRITE = new SagaStep("erp.updateCustomer", "erp", OwnerTeam.FINANCE_OPS, true);
    static final List<SagaStep> STEPS = List.of(READ_ACCOUNT, READ_CUSTOMER, COMPARE, WRITE);

    private final CrmAccountActivities crm = Workflow.newActivityStub(CrmAccountActivities.class,
            SystemActivityOptions.forward(TaskQueues.CRM));
    private final ErpCustomerActivities erp = Workflow.newActivityStub(ErpCustomerActivities.class,
            SystemActivityOptions.forward(TaskQueues.ERP));

    /** Event ids taken, each once, in arrival order. */
    private final List<String> events = new ArrayList<>();
    /** Events that arrived since the current pass started. */
    private int pending;
    private String erpCustomerId;

    public CustomerSyncWorkflowImpl() {
        super(PROCESS_TYPE, STEPS);
    }

    @Override
    public void accountUpdated(AccountUpdated event) {
        if (events.contains(event.eventId())) {
            log.info("account.updated {} of {} again: already taken", event.eventId(), event.accountId());
            return;
        }
        events.add(event.eventId());
        pending++;
    }

    @Override
    public CustomerSyncResult run(CustomerSyncRequest request) {
        saga.stopStepsOnCancelRequest();
        saga.begin(request.accountId(), request.correlationId(), 1, request.parkTimeout(), "CRM account "
                + request.accountId() + " changed: its CRM-owned attributes go to the ERP customer");
        List<String> written = new ArrayList<>();
        try {
            String detail;
            do {
                pending = 0;
                detail = pass(request.accountId(), written);
            } while (pending > 0);
            SagaOutcome outcome = saga.complete(detail);
            return new CustomerSyncResult(outcome.status(), erpCustomerId, written, events, outcome.detail());
        } catch (SagaStopped stopped) {
            SagaOutcome outcome = saga.compensate(stopped.outcome(), stopped.reason()); // nothing registered to undo
            return new CustomerSyncResult(outcome.status(), erpCustomerId, written, events, outcome.detail());
        }
    }

    /** One comparison (again after a RETRY or a write that found another version), and its write. */
    private String pass(String accountId, List<String> written) {
        while (true) {
            AccountRead account = saga.run(READ_ACCOUNT, key -> crm.readAccount(accountId), AccountRead::attempt);
            ErpCustomerRead customer = saga.run(READ_CUSTOMER, key -> erp.readCustomer(accountId),
                    ErpCustomerRead::attempt);
            if (!customer.exists()) {
                saga.notRun(COMPARE);
                saga.notRun(WRITE);
                return "account " + accountId + " is not provisioned (no ERP customer): nothing to sync";
            }
            erpCustomerId = customer.erpCustomerId();
            saga.running(COMPARE);
            SyncPlan plan = MasterDataRules.plan(account.attributes(), customer.attributes(), customer.lastSynced());
            String decided = "";
            if (plan.hasConflicts()) {
                String cause = "CRM account " + accountId + " and ERP customer " + customer.erpCustomerId()
                        + " both changed since the last sync: " + plan.conflicts().stream()
                                .map(AttributeConflict::describe).collect(Collectors.joining("; "))
                        + ". Fix one side and RETRY, or SKIP to keep the ERP's value";
                saga.failed(COMPARE, CONFLICT_FAILURE + ": " + cause);
                ParkOutcome outcome = saga.parkStep(COMPARE, StepFailure.park(CONFLICT_FAILURE,
                        OwnerTeam.FINANCE_OPS, cause, payload(account, customer, plan)));
                if (outcome.action() == ResolutionAction.RETRY) {
                    continue;
                }
                plan = MasterDataRules.skipConflicts(plan, account.attributes());
                decided = "; kept the ERP's " + attributes(plan, customer, account) + " (" + outcome.describe() + ")";
            }
            saga.completed(COMPARE, 1);
            String drift = plan.drifted().isEmpty() ? ""
                    : "; changed in the ERP only, left alone: " + String.join(", ", plan.drifted());
            if (!plan.needsWrite()) {
                saga.notRun(WRITE);
                return "ERP customer " + customer.erpCustomerId() + " in sync with account " + accountId
                        + " (version " + account.version() + ")" + decided + drift;
            }
            SyncPlan write = plan;
            CustomerWritten result = saga.run(WRITE, key -> erp.updateCustomer(
                    key + ":v" + customer.version() + ":" + Workflow.getInfo().getRunId(),
                    customer.erpCustomerId(), customer.version(), write.changes(), write.baseline()),
                    CustomerWritten::attempt);
            if (result == null) {
                return "write to ERP customer " + customer.erpCustomerId() + " skipped by an operator" + drift;
            }
            if (!result.applied()) {
                log.info("ERP customer {} is at version {}, not {}: someone wrote in between, comparing again",
                        customer.erpCustomerId(), result.version(), customer.version());
                continue;
            }
            written.addAll(plan.changed());
            return "ERP customer " + customer.erpCustomerId() + " now at version " + result.version() + ": "
                    + (plan.changed().isEmpty() ? "sync baseline recorded" : "wrote " + String.join(", ",
                            plan.changed())) + " from account " + accountId + " (version " + account.version() + ")"
                    + decided + drift;
        }
    }

    /** The attributes a SKIP decided on: the ones the baseline now records as the CRM's, the ERP keeping its own. */
    private static String attributes(SyncPlan plan, ErpCustomerRead customer, AccountRead account) {
        List<String> kept = new ArrayList<>();
        for (String attribute : MasterAttributes.ALL) {
            Object crmValue = account.attributes().get(attribute);
            if (crmValue != null && !crmValue.equals(customer.attributes().get(attribute))
                    && !plan.changed().contains(attribute) && !plan.drifted().contains(attribute)) {
                kept.add(attribute);
            }
        }
        return String.join(", ", kept);
    }

    private static String payload(AccountRead account, ErpCustomerRead customer, SyncPlan plan) {
        Map<String, String> members = new LinkedHashMap<>();
        members.put("accountId", account.accountId());
        members.put("accountVersion", Long.toString(account.version()));
        members.put("erpCustomerId", customer.erpCustomerId());
        members.put("erpVersion", Long.toString(customer.version()));
        for (AttributeConflict conflict : plan.conflicts()) {
            members.put(conflict.attribute(), conflict.describe());
        }
        return Json.object(members);
    }
}
