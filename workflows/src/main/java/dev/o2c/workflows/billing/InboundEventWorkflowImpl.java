package dev.o2c.workflows.billing;

import dev.o2c.workflows.cash.InvoiceToCashWorkflow;
import dev.o2c.workflows.common.FailureTypes;
import dev.o2c.workflows.common.OwnerTeam;
import dev.o2c.workflows.common.ProcessStatus;
import dev.o2c.workflows.common.ResolutionAction;
import dev.o2c.workflows.saga.Json;
import dev.o2c.workflows.saga.ParkOutcome;
import dev.o2c.workflows.saga.SagaOutcome;
import dev.o2c.workflows.saga.SagaStep;
import dev.o2c.workflows.saga.SagaStopped;
import dev.o2c.workflows.saga.StepFailure;
import dev.o2c.workflows.saga.TrackedSagaWorkflow;
import io.temporal.failure.ApplicationFailure;
import io.temporal.spring.boot.WorkflowImpl;
import io.temporal.workflow.SignalExternalWorkflowException;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An event no process took (see {@link InboundEventWorkflow}): recorded in the ledger as a process and parked with
 * the event (for pmo; an invoicing platform event for an invoice o2c does not follow, e.g. a payment matching no
 * invoice, for finance-ops), until an operator routes it again (RETRY: signals the target workflow, if it runs now) or dismisses
 * it (SKIP: ends COMPLETED; ABORT: ends ABORTED). The park timeout dismisses it too.
 */
@WorkflowImpl(workers = "o2c-workflows")
public class InboundEventWorkflowImpl extends TrackedSagaWorkflow implements InboundEventWorkflow {

    public InboundEventWorkflowImpl() {
        super(PROCESS_TYPE, List.of(ROUTE));
    }


    static final SagaStep ROUTE = new SagaStep("o2c.routeEvent", "o2c", OwnerTeam.PMO, true);
    static final Duration PARK_TIMEOUT = Duration.ofDays(30);


    @Override
    public ProcessStatus run(InboundEvent event) {
        saga.begin(event.businessKey() == null ? event.eventId() : event.businessKey(), event.correlationId(), 1,
                PARK_TIMEOUT, event.system() + " event " + event.type() + " " + event.eventId() + " not routed"
                        + (event.target() == null ? "" : " (no running " + event.target() + ")"));
        Map<String, String> payload = new LinkedHashMap<>();
        payload.put("eventId", event.eventId());
        payload.put("system", event.system());
        payload.put("type", event.type());
        payload.put("target", String.valueOf(event.target()));
        payload.put("data", String.valueOf(event.data()));
        OwnerTeam owner = event.isCashEvent() ? OwnerTeam.FINANCE_OPS : OwnerTeam.PMO;
        String failureType = event.payment() != null ? FailureTypes.PAYMENT_MISMATCH : FailureTypes.EVENT_NOT_ROUTED;
        String cause = event.type() + " event " + event.eventId() + " for " + event.businessKey()
                + ": no running process takes it (" + (event.target() == null ? "unknown target" : event.target())
                + "); RETRY routes it again, SKIP dismisses it";
        try {
            while (true) {
                saga.running(ROUTE);
                saga.failed(ROUTE, failureType + ": " + cause);
                ParkOutcome outcome = saga.parkStep(ROUTE, StepFailure.park(failureType, owner, cause,
                        Json.object(payload)));
                if (outcome.action() == ResolutionAction.SKIP) {
                    saga.notRun(ROUTE);
                    return saga.complete("dismissed: " + outcome.describe()).status();
                }
                if (route(event)) {
                    saga.completed(ROUTE, 1);
                    return saga.complete("routed to " + event.target() + " after " + outcome.describe()).status();
                }
            }
        } catch (SagaStopped stopped) {
            SagaOutcome outcome = saga.compensate(stopped.outcome(), stopped.reason());
            return outcome.status();
        }
    }

    private static boolean route(InboundEvent event) {
        if (event.target() == null) {
            return false;
        }
        try {
            if (event.isCashEvent()) {
                InvoiceToCashWorkflow invoice = Workflow.newExternalWorkflowStub(InvoiceToCashWorkflow.class,
                        event.target());
                if (event.payment() != null) {
                    invoice.paymentReceived(event.payment());
                } else if (event.rejection() != null) {
                    invoice.invoiceRejected(event.rejection());
                } else {
                    invoice.invoiceCredited(event.credit());
                }
                return true;
            }
            if (event.signal() == null) {
                return false;
            }
            Workflow.newExternalWorkflowStub(ProjectBillingWorkflow.class, event.target()).workApproved(event.signal());
            return true;
        } catch (SignalExternalWorkflowException | ApplicationFailure notRunning) { // the SDK reports NOT_FOUND as either
            return false;
        }
    }



}
