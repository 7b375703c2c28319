package dev.o2c.starter.cash;

import dev.o2c.starter.security.Caller;
import dev.o2c.starter.config.O2cProperties;
import dev.o2c.starter.web.ApiProblem;
import dev.o2c.starter.web.BoundedCall;
import dev.o2c.starter.web.Links;
import dev.o2c.starter.web.ProblemTypes;
import dev.o2c.workflows.cash.CashRefusal;
import dev.o2c.workflows.cash.DisputeRequest;
import dev.o2c.workflows.cash.DisputeResolution;
import dev.o2c.workflows.cash.DisputeView;
import dev.o2c.workflows.cash.InvoiceCredited;
import dev.o2c.workflows.cash.InvoiceRejected;
import dev.o2c.workflows.cash.InvoiceToCashWorkflow;
import dev.o2c.workflows.cash.InvoiceView;
import dev.o2c.workflows.cash.PaymentReceived;
import dev.o2c.workflows.cash.VoidRequest;
import dev.o2c.workflows.cash.WriteOffRequest;
import dev.o2c.workflows.common.ProcessState;
import dev.o2c.workflows.model.Money;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowQueryException;
import io.temporal.client.WorkflowUpdateException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * An invoice through its invoice-to-cash workflow, {@code invoice-to-cash-{invoiceId}}: the {@code invoice} query
 * and the finance decisions ({@code openDispute}, {@code resolveDispute}, {@code voidInvoice}, {@code writeOff}
 * Updates) for the API, and for the invoicing platform's webhooks the {@code paymentReceived},
 * {@code invoiceRejected} and {@code invoiceCredited} signals.
 *
 * <p>The workflow is the authority: its validators refuse what it will not take, with a {@link CashRefusal} that
 * becomes a 404, 409 or 422 naming the reason ({@link CashRefusals}). Queries are bounded by {@code o2c.query-timeout},
 * Updates by {@code o2c.decision-timeout} (then {@code 503 process-unresponsive}).
 */
@Service
public class InvoiceService {

    /** The query of {@link InvoiceToCashWorkflow#invoice()}. */
    static final String INVOICE_QUERY = "invoice";
    /** The query of {@code ParkableProcess#state()}. */
    static final String STATE_QUERY = "state";
    static final String PAYMENT_RECEIVED_SIGNAL = "paymentReceived";
    static final String INVOICE_REJECTED_SIGNAL = "invoiceRejected";
    static final String INVOICE_CREDITED_SIGNAL = "invoiceCredited";

    private static final Logger log = LoggerFactory.getLogger(InvoiceService.class);

    private final WorkflowClient client;
    private final Links links;
    private final Duration queryTimeout;
    private final Duration updateTimeout;

    public InvoiceService(WorkflowClient client, Links links, O2cProperties properties) {
        this.client = client;
        this.links = links;
        this.queryTimeout = properties.queryTimeout();
        this.updateTimeout = properties.decisionTimeout();
    }

    // ---------------------------------------------------------------------------------------------------- the API

    /**
     * The invoice, also once its process closed.
     *
     * @throws ApiProblem 404 no such invoice-to-cash process, 503 it did not answer in time
     */
    public Invoice invoice(String invoiceId) {
        return view(invoiceId, query(invoiceId));
    }

    /** One dispute of the invoice; 404 {@code dispute-not-found} when it has none with that id. */
    public DisputeView dispute(String invoiceId, String disputeId) {
        return query(invoiceId).disputes().stream()
                .filter(d -> disputeId.equals(d.disputeId()))
                .findFirst()
                .orElseThrow(() -> CashRefusals.problem(CashRefusal.UNKNOWN_DISPUTE, "Invoice " + invoiceId
                        + " has no dispute " + disputeId, InvoiceToCashWorkflow.workflowId(invoiceId)));
    }

    /** The {@code openDispute} Update. */
    public DisputeView openDispute(String invoiceId, DisputeBody body) {
        Money amount = body.amount() == null ? null : money(body.amount(), "amount");
        String actor = Caller.current().actor();
        DisputeView dispute = decide(invoiceId, InvoiceToCashWorkflow.OPEN_DISPUTE, DisputeView.class,
                new DisputeRequest(body.reason(), amount, actor, body.requestId()));
        log.info("{} opened dispute {} (by {})", InvoiceToCashWorkflow.workflowId(invoiceId), dispute.disputeId(),
                actor);
        return dispute;
    }

    /** The {@code resolveDispute} Update. */
    public DisputeView resolveDispute(String invoiceId, String disputeId, ResolveDisputeBody body) {
        String actor = Caller.current().actor();
        DisputeView dispute = decide(invoiceId, InvoiceToCashWorkflow.RESOLVE_DISPUTE, DisputeView.class,
                new DisputeResolution(disputeId, body.outcome(), body.note(), actor));
        log.info("{} resolved dispute {} as {} (by {})", InvoiceToCashWorkflow.workflowId(invoiceId), disputeId,
                body.outcome(), actor);
        return dispute;
    }

    /** The {@code voidInvoice} Update: the invoice as it is right after (the void is carried out after it). */
    public Invoice voidInvoice(String invoiceId, VoidBody body) {
        String actor = Caller.current().actor();
        InvoiceView view = decide(invoiceId, InvoiceToCashWorkflow.VOID_INVOICE, InvoiceView.class,
                new VoidRequest(body.reason(), actor, body.reissueRequested()));
        log.info("{} took a void (by {})", InvoiceToCashWorkflow.workflowId(invoiceId), actor);
        return view(invoiceId, view);
    }

    /** The {@code writeOff} Update: the invoice as it is right after (the ERP write-off follows). */
    public Invoice writeOff(String invoiceId, WriteOffBody body) {
        Money amount = money(body.amount(), "amount");
        String actor = Caller.current().actor();
        InvoiceView view = decide(invoiceId, InvoiceToCashWorkflow.WRITE_OFF, InvoiceView.class,
                new WriteOffRequest(amount, body.reason(), actor));
        log.info("{} took a write-off of {} (by {})", InvoiceToCashWorkflow.workflowId(invoiceId), amount, actor);
        return view(invoiceId, view);
    }

    /** {@code /api/v1/invoices/{invoiceId}}. */
    public URI invoiceLink(String invoiceId) {
        return links.api("/invoices/{invoiceId}", invoiceId);
    }

    /** {@code /api/v1/invoices/{invoiceId}/disputes/{disputeId}}. */
    public URI disputeLink(String invoiceId, String disputeId) {
        return links.api("/invoices/{invoiceId}/disputes/{disputeId}", invoiceId, disputeId);
    }

    // ----------------------------------------------------------------------------------------------- the webhooks

    /** What became of an invoicing event signalled to an invoice ({@link #deliver}). */
    public enum Delivery {
        /** Signalled to the running process. */
        ROUTED,
        /** The process closed, and its invoice already has what the event brings (a redelivery). */
        DUPLICATE,
        /** No process takes it: none exists for the invoice, or it closed without what the event brings. */
        NO_PROCESS
    }

    public Delivery paymentReceived(PaymentReceived payment) {
        return deliver(payment.invoiceId(), PAYMENT_RECEIVED_SIGNAL, payment, view -> view.payments().stream()
                .anyMatch(p -> payment.paymentId().equals(p.paymentId())));
    }

    public Delivery invoiceRejected(InvoiceRejected rejection) {
        return deliver(rejection.invoiceId(), INVOICE_REJECTED_SIGNAL, rejection,
                view -> view.rejectionReason() != null);
    }

    public Delivery invoiceCredited(InvoiceCredited credit) {
        return deliver(credit.invoiceId(), INVOICE_CREDITED_SIGNAL, credit, view -> view.credits().stream()
                .anyMatch(c -> credit.creditMemoId().equals(c.creditMemoId())));
    }

    /**
     * Signals {@code signal} to {@code invoice-to-cash-{invoiceId}}. When no process runs under that id, a closed one is
     * asked through its {@code invoice} query whether it has the event's content already.
     *
     * @throws ApiProblem 503 when the closed process did not answer its query in time (the sender redelivers)
     */
    private Delivery deliver(String invoiceId, String signal, Object argument, Predicate<InvoiceView> alreadyHas) {
        String workflowId = InvoiceToCashWorkflow.workflowId(invoiceId);
        if (signal(workflowId, signal, argument)) {
            return Delivery.ROUTED;
        }
        WorkflowExecutionStatus status;
        try {
            status = client.newUntypedWorkflowStub(workflowId).describe().getStatus();
        } catch (WorkflowNotFoundException e) {
            return Delivery.NO_PROCESS;
        }
        if (status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING
                && signal(workflowId, signal, argument)) {
            return Delivery.ROUTED; // started between the signal and the describe
        }
        InvoiceView view;
        try {
            view = query(invoiceId);
        } catch (ApiProblem e) {
            if (e.status() == HttpStatus.NOT_FOUND) {
                return Delivery.NO_PROCESS;
            }
            throw e;
        }
        if (alreadyHas.test(view)) {
            log.info("{} ({}) closed and has the {} already: a redelivery", workflowId, status, signal);
            return Delivery.DUPLICATE;
        }
        log.warn("{} ({}) closed without the {} it is sent", workflowId, status, signal);
        return Delivery.NO_PROCESS;
    }

    private boolean signal(String workflowId, String signal, Object argument) {
        try {
            client.newUntypedWorkflowStub(workflowId).signal(signal, argument);
        } catch (WorkflowNotFoundException e) {
            return false;
        }
        log.info("Signalled {} {}", workflowId, signal);
        return true;
    }

    // ------------------------------------------------------------------------------------------------ internals

    private InvoiceView query(String invoiceId) {
        String workflowId = InvoiceToCashWorkflow.workflowId(invoiceId);
        InvoiceView view;
        try {
            view = BoundedCall.within(queryTimeout, "querying " + workflowId,
                    () -> client.newUntypedWorkflowStub(workflowId).query(INVOICE_QUERY, InvoiceView.class));
        } catch (WorkflowNotFoundException e) {
            throw notFound(invoiceId);
        } catch (TimeoutException e) {
            throw unresponsive(workflowId, "did not answer within " + queryTimeout.toSeconds() + " s");
        } catch (WorkflowQueryException e) {
            log.warn("Invoice query of {} failed", workflowId, e);
            throw unresponsive(workflowId, "did not answer its invoice query");
        }
        if (view == null) {
            throw unresponsive(workflowId, "has not set up its invoice yet");
        }
        return view;
    }

    /** The process's status: its {@code state} query, else Temporal's execution status; null when neither answers. */
    private String processStatus(String workflowId) {
        try {
            ProcessState state = BoundedCall.within(queryTimeout, "querying " + workflowId,
                    () -> client.newUntypedWorkflowStub(workflowId).query(STATE_QUERY, ProcessState.class));
            if (state != null && state.status() != null) {
                return state.status().name();
            }
        } catch (TimeoutException | WorkflowException e) {
            log.warn("State query of {} failed; answering Temporal's execution status", workflowId, e);
        }
        try {
            WorkflowExecutionStatus status = client.newUntypedWorkflowStub(workflowId).describe().getStatus();
            return switch (status) {
                case WORKFLOW_EXECUTION_STATUS_RUNNING -> "RUNNING";
                case WORKFLOW_EXECUTION_STATUS_COMPLETED, WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW -> "COMPLETED";
                case WORKFLOW_EXECUTION_STATUS_FAILED, WORKFLOW_EXECUTION_STATUS_TIMED_OUT -> "FAILED";
                case WORKFLOW_EXECUTION_STATUS_CANCELED, WORKFLOW_EXECUTION_STATUS_TERMINATED -> "ABORTED";
                default -> null;
            };
        } catch (WorkflowException e) {
            return null;
        }
    }

    private <T> T decide(String invoiceId, String name, Class<T> type, Object argument) {
        String workflowId = InvoiceToCashWorkflow.workflowId(invoiceId);
        try {
            return BoundedCall.within(updateTimeout, "updating " + workflowId,
                    () -> client.newUntypedWorkflowStub(workflowId).update(name, type, argument));
        } catch (WorkflowNotFoundException e) {
            throw notRunning(workflowId, invoiceId);
        } catch (WorkflowUpdateException e) {
            throw refused(workflowId, e);
        } catch (TimeoutException e) {
            log.warn("{} did not take {} within {}", workflowId, name, updateTimeout);
            throw unresponsive(workflowId, "did not take " + name + " within " + updateTimeout.toSeconds()
                    + " s (no worker holds it right now). It may still take it once a worker picks it up: look at"
                    + " the invoice before sending it again.");
        }
    }

    /** A refused update as its problem; a failure that is no refusal (a failing handler: a bug) as itself. */
    private static RuntimeException refused(String workflowId, WorkflowUpdateException e) {
        CashRefusal refusal = CashRefusal.of(e).orElse(null);
        if (refusal == null) {
            return e;
        }
        String text = CashRefusal.text(e);
        log.info("{} refused: {} ({})", workflowId, refusal, text);
        return CashRefusals.problem(refusal, text, workflowId);
    }

    /** The update found no running workflow: 404 when there is none at all, 409 SETTLED when it closed. */
    private ApiProblem notRunning(String workflowId, String invoiceId) {
        try {
            client.newUntypedWorkflowStub(workflowId).describe();
        } catch (WorkflowNotFoundException e) {
            return notFound(invoiceId);
        }
        return CashRefusals.ended(workflowId);
    }

    /** The body's money as the model's; 422 {@code invalid-cash-decision} when it is no money (an unknown currency). */
    private static Money money(MoneyBody body, String field) {
        try {
            return Money.of(body.amount(), body.currency());
        } catch (IllegalArgumentException e) {
            throw new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, ProblemTypes.INVALID_CASH_DECISION,
                    "Invalid decision", field + ": " + e.getMessage())
                    .with("reason", CashRefusal.INVALID.name())
                    .with("errors", List.of(new ApiProblem.FieldError(field, e.getMessage())));
        }
    }

    private Invoice view(String invoiceId, InvoiceView v) {
        String id = v.invoiceId() != null ? v.invoiceId() : invoiceId;
        String workflowId = InvoiceToCashWorkflow.workflowId(id);
        Map<String, URI> map = new LinkedHashMap<>();
        map.put("self", invoiceLink(id));
        map.put("process", links.process(workflowId));
        map.put("disputes", links.api("/invoices/{invoiceId}/disputes", id));
        if (v.psaProjectId() != null) {
            map.put("projectBilling", links.api("/projects/{psaProjectId}/billing", v.psaProjectId()));
        }
        links.putTemporalUi(map, workflowId);
        return new Invoice(
                id,
                v.number(),
                workflowId,
                processStatus(workflowId),
                v.status() == null ? null : v.status().name(),
                v.total(),
                v.paid(),
                v.credited(),
                v.writtenOff(),
                v.balance(),
                v.issueDate(),
                v.dueDate(),
                v.receivableId(),
                v.psaProjectId(),
                v.opportunityId(),
                new Invoice.Dunning(v.dunningStage(), v.dunningStages(), v.nextDunningAt(), v.dunningHeld(),
                        v.escalated(), v.reminders()),
                v.disputes(),
                v.payments(),
                v.credits(),
                v.writeOffs(),
                v.rejectionReason(),
                v.voidReason(),
                v.replaces(),
                map);
    }

    private static ApiProblem notFound(String invoiceId) {
        return ApiProblem.notFound(ProblemTypes.INVOICE_NOT_FOUND, "No invoice-to-cash process for invoice "
                + invoiceId + " (" + InvoiceToCashWorkflow.workflowId(invoiceId) + ")")
                .with("invoiceId", invoiceId);
    }

    private static ApiProblem unresponsive(String workflowId, String what) {
        return new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.PROCESS_UNRESPONSIVE,
                "Process unresponsive", "Process " + workflowId + " " + what)
                .with("processId", workflowId);
    }
}
