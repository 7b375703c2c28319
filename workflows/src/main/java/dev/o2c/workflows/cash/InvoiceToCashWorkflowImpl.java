package dev.o2c.workflows.cash;

import static dev.o2c.workflows.cash.InvoiceToCashSteps.ALL;
import static dev.o2c.workflows.cash.InvoiceToCashSteps.APPLY_PAYMENT;
import static dev.o2c.workflows.cash.InvoiceToCashSteps.AWAIT_SETTLEMENT;
import static dev.o2c.workflows.cash.InvoiceToCashSteps.CHECK_PAYMENT;
import static dev.o2c.workflows.cash.InvoiceToCashSteps.COLLECTIONS;
import static dev.o2c.workflows.cash.InvoiceToCashSteps.CREDIT_RECEIVABLE;
import static dev.o2c.workflows.cash.InvoiceToCashSteps.CUSTOMER_REJECTION;
import static dev.o2c.workflows.cash.InvoiceToCashSteps.DUNNING_TASK;
import static dev.o2c.workflows.cash.InvoiceToCashSteps.FIND_RECEIVABLE;
import static dev.o2c.workflows.cash.InvoiceToCashSteps.ISSUE_CREDIT_MEMO;
import static dev.o2c.workflows.cash.InvoiceToCashSteps.RECEIVABLE_ID;
import static dev.o2c.workflows.cash.InvoiceToCashSteps.RELEASE_MARKS;
import static dev.o2c.workflows.cash.InvoiceToCashSteps.REVERSE_RECEIVABLE;
import static dev.o2c.workflows.cash.InvoiceToCashSteps.SEND_INVOICE;
import static dev.o2c.workflows.cash.InvoiceToCashSteps.SEND_REMINDER;
import static dev.o2c.workflows.cash.InvoiceToCashSteps.SYNC_CRM;

import dev.o2c.workflows.billing.InvoiceVoided;
import dev.o2c.workflows.billing.ProjectBillingWorkflow;
import dev.o2c.workflows.common.FailureTypes;
import dev.o2c.workflows.common.OwnerTeam;
import dev.o2c.workflows.common.ProcessStatus;
import dev.o2c.workflows.common.ResolutionAction;
import dev.o2c.workflows.common.TaskQueues;
import dev.o2c.workflows.model.Money;
import dev.o2c.workflows.saga.Json;
import dev.o2c.workflows.saga.ParkOutcome;
import dev.o2c.workflows.saga.SagaOutcome;
import dev.o2c.workflows.saga.SagaStopped;
import dev.o2c.workflows.saga.StepFailure;
import dev.o2c.workflows.saga.SystemActivityOptions;
import dev.o2c.workflows.saga.TrackedSagaWorkflow;
import dev.o2c.workflows.systems.Ack;
import dev.o2c.workflows.systems.CashPolicyActivities;
import dev.o2c.workflows.systems.Created;
import dev.o2c.workflows.systems.CreditMemoIssued;
import dev.o2c.workflows.systems.CrmActivities;
import dev.o2c.workflows.systems.CrmTask;
import dev.o2c.workflows.systems.ErpActivities;
import dev.o2c.workflows.systems.InvoiceRead;
import dev.o2c.workflows.systems.InvoiceStatusSync;
import dev.o2c.workflows.systems.InvoicingActivities;
import dev.o2c.workflows.systems.PsaActivities;
import dev.o2c.workflows.systems.ReceivableRead;
import io.temporal.failure.ApplicationFailure;
import io.temporal.spring.boot.WorkflowImpl;
import io.temporal.workflow.SignalExternalWorkflowException;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;

/**
 * Invoice-to-cash for one invoice (see {@link InvoiceToCashWorkflow}; the rules are in docs/processes.md).
 *
 * <p>Sends the invoice, syncs its status to the CRM, then runs an event loop until nothing is owed: each turn it
 * carries out, in this order, an accepted void, the payments received, the credit memos of upheld disputes, credit
 * memos issued in the invoicing platform, accepted write-offs, a customer rejection and the CRM status sync; then the
 * dunning stage that is due; then it sleeps until the next stage is due or something arrives. Signal and update
 * handlers only record and queue (validators refuse what the state does not allow); every system call runs in the
 * loop, one at a time, through {@link dev.o2c.workflows.saga.TrackedSaga} (idempotency keys carry the event's id, a
 * refused call parks for its owner team and every step may be skipped).
 *
 * <p>Dunning: stage {@code k} is due {@code offsets[k-1]} after the anchor, the later of the due date (00:00 UTC) and
 * the moment the invoice was sent, plus the time disputes held the chase. Each stage sends a reminder through the
 * invoicing platform and opens a CRM task for the account owner; after the last one the invoice goes to collections:
 * the process parks for finance-ops (RETRY runs the schedule again from now, SKIP stops the chase but keeps following
 * the invoice, ABORT stops following it). Whatever settles or changes the invoice meanwhile (a payment, a dispute, a
 * void, ...) overtakes the park: the loop handles it and parks again if the invoice is still owed.
 */
@WorkflowImpl(workers = "o2c-workflows")
public class InvoiceToCashWorkflowImpl extends TrackedSagaWorkflow implements InvoiceToCashWorkflow {

    private static final Logger log = Workflow.getLogger(InvoiceToCashWorkflowImpl.class);
    static final String DISPUTE_UPHELD = DisputeOutcome.UPHELD.name();
    static final String DISPUTE_REJECTED = DisputeOutcome.REJECTED.name();
    /** Status of an open dispute closed because the invoice was settled otherwise. */
    static final String DISPUTE_CLOSED = "CLOSED";
    static final String DISPUTED = "DISPUTED";

    private final InvoicingActivities invoicing = Workflow.newActivityStub(InvoicingActivities.class,
            SystemActivityOptions.forward(TaskQueues.INVOICING));
    private final ErpActivities erp = Workflow.newActivityStub(ErpActivities.class,
            SystemActivityOptions.forward(TaskQueues.ERP));
    private final CrmActivities crm = Workflow.newActivityStub(CrmActivities.class,
            SystemActivityOptions.forward(TaskQueues.CRM));
    private final PsaActivities psa = Workflow.newActivityStub(PsaActivities.class,
            SystemActivityOptions.forward(TaskQueues.PSA));
    private final CashPolicyActivities policy = Workflow.newLocalActivityStub(CashPolicyActivities.class,
            SystemActivityOptions.ledger());

    /** A payment as the workflow tracks it. */
    private static final class Payment {
        final PaymentReceived received;
        String status = PaymentView.PENDING;
        Instant appliedAt;
        String erpPaymentId;
        String problem;

        Payment(PaymentReceived received) {
            this.received = received;
        }

        PaymentView view() {
            Long delay = appliedAt == null || received.receivedAt() == null ? null
                    : Duration.between(received.receivedAt(), appliedAt).toMillis();
            return new PaymentView(received.paymentId(), received.amount(), status, received.receivedAt(), appliedAt,
                    delay, erpPaymentId, received.eventId(), problem);
        }
    }

    private static final class Dispute {
        final String id;
        final DisputeRequest request;
        final Money amount;
        final Instant openedAt;
        String status = DisputeView.OPEN;
        String resolvedBy;
        Instant resolvedAt;
        String note;
        String creditMemoId;
        String creditMemoNumber;
        String erpCreditId;

        Dispute(String id, DisputeRequest request, Money amount, Instant openedAt) {
            this.id = id;
            this.request = request;
            this.amount = amount;
            this.openedAt = openedAt;
        }

        DisputeView view() {
            return new DisputeView(id, request.reason(), amount, status, request.actor(), openedAt, resolvedBy,
                    resolvedAt, note, creditMemoId, creditMemoNumber, erpCreditId, request.requestId());
        }
    }

    private static final class Credit {
        final String creditMemoId;
        final String number;
        final Money amount;
        final String disputeId;
        String erpCreditId;

        Credit(String creditMemoId, String number, Money amount, String disputeId) {
            this.creditMemoId = creditMemoId;
            this.number = number;
            this.amount = amount;
            this.disputeId = disputeId;
        }

        CreditView view() {
            return new CreditView(creditMemoId, number, amount, disputeId, erpCreditId);
        }
    }

    private static final class WriteOff {
        final int number;
        final WriteOffRequest request;
        final Instant decidedAt;
        String erpWriteOffId;

        WriteOff(int number, WriteOffRequest request, Instant decidedAt) {
            this.number = number;
            this.request = request;
            this.decidedAt = decidedAt;
        }

        WriteOffView view() {
            return new WriteOffView(number, request.amount(), request.reason(), request.actor(), decidedAt,
                    erpWriteOffId);
        }
    }

    private final InvoiceToCashRequest request;
    private final String currency;
    private List<Duration> offsets = List.of();
    private CashStatus status = CashStatus.ISSUED;
    private String number;
    private String receivableId;
    private Money paid;
    private Money credited;
    private Money writtenOff;

    private final Map<String, Payment> payments = new LinkedHashMap<>();
    private final Deque<String> pendingPayments = new ArrayDeque<>();
    private final Map<String, Dispute> disputes = new LinkedHashMap<>();
    private final Deque<String> pendingUpheld = new ArrayDeque<>();
    private final Map<String, Credit> credits = new LinkedHashMap<>();
    private final Deque<InvoiceCredited> pendingCredits = new ArrayDeque<>();
    private final List<WriteOff> writeOffs = new ArrayList<>();
    private final Deque<WriteOff> pendingWriteOffs = new ArrayDeque<>();
    private VoidRequest pendingVoid;
    private String voidReason;
    private InvoiceRejected pendingRejection;
    private String rejectionReason;
    private boolean crmDirty;
    private int crmSyncs;

    private Instant anchor;
    private Duration heldTotal = Duration.ZERO;
    private Instant heldSince;
    private int stage;
    private final List<ReminderView> reminders = new ArrayList<>();
    private boolean escalated;
    private boolean collectionsPending;
    private boolean chaseStopped;

    /**
     * Sets the state up before anything else runs: an update or signal can arrive in the workflow's first task, and
     * its validator or handler then runs before {@link #run}.
     */
    @WorkflowInit
    public InvoiceToCashWorkflowImpl(InvoiceToCashRequest request) {
        super(PROCESS_TYPE, ALL);
        this.request = request;
        this.currency = request.total().currency();
        this.number = request.invoiceNumber();
        this.receivableId = request.receivableId();
        this.paid = Money.zero(currency);
        this.credited = Money.zero(currency);
        this.writtenOff = Money.zero(currency);
    }

    // ---- run ---------------------------------------------------------------------------------------------------

    @Override
    public InvoiceToCashResult run(InvoiceToCashRequest request) {
        saga.begin(request.invoiceId(), request.correlationId(), 1, request.parkTimeout(), "invoice "
                + request.invoiceNumber() + " (" + request.invoiceId() + ") of " + request.total() + ", due "
                + request.dueDate() + (request.billingRunId() == null ? "" : ", issued by " + request.billingRunId()));
        try {
            offsets = policy.dunningPolicy().offsets();
            findReceivable();
            send();
            saga.running(AWAIT_SETTLEMENT);
            follow();
            saga.completed(AWAIT_SETTLEMENT, 1);
            closeOpenDisputes("invoice " + status.name().toLowerCase(java.util.Locale.ROOT));
            SagaOutcome outcome = saga.complete(describe());
            if (hasWork()) {
                log.error("invoice {}: events arrived while the process completed; they are not handled here",
                        request.invoiceId());
            }
            return new InvoiceToCashResult(outcome.status(), invoice(), outcome.detail());
        } catch (SagaStopped stopped) {
            // nothing to undo past a finalized invoice: the process stops following it
            SagaOutcome outcome = saga.compensate(stopped.outcome(), stopped.reason());
            return new InvoiceToCashResult(outcome.status(), invoice(), outcome.detail());
        }
    }

    /** The receivable the billing run posted, or the ERP's for this invoice when the run skipped that step. */
    private void findReceivable() {
        if (receivableId != null) {
            saga.notRun(FIND_RECEIVABLE);
            saga.recordCreatedId(FIND_RECEIVABLE, RECEIVABLE_ID, receivableId);
            return;
        }
        lookUpReceivable();
    }

    private boolean lookUpReceivable() {
        ReceivableRead found = saga.run(FIND_RECEIVABLE, key -> erp.findReceivable(request.invoiceId()), r -> 1);
        if (found != null && found.id() != null) {
            receivableId = found.id();
            saga.recordCreatedId(FIND_RECEIVABLE, RECEIVABLE_ID, receivableId);
            return true;
        }
        return false;
    }

    private void send() {
        InvoiceRead sent = saga.run(SEND_INVOICE, key -> invoicing.sendInvoice(key, request.invoiceId()),
                InvoiceRead::attempt);
        if (sent != null) {
            number = sent.number() == null ? number : sent.number();
        }
        if (status == CashStatus.ISSUED) { // not rejected (or settled) meanwhile
            // a skipped send: the invoice went out another way
            status = sent != null && "REJECTED".equals(sent.status()) ? CashStatus.REJECTED : CashStatus.SENT;
        }
        Instant due = request.dueDate().atStartOfDay().toInstant(ZoneOffset.UTC);
        Instant now = now();
        anchor = due.isAfter(now) ? due : now;
        crmDirty = true;
    }

    /** The event loop: until nothing is owed and nothing is left to carry out. */
    private void follow() {
        while (!status.isSettled() || hasWork()) {
            if (hasWork()) {
                work();
                continue;
            }
            if (collectionsPending) {
                collections();
                continue;
            }
            Instant next = nextDunningAt();
            if (next != null && !next.isAfter(now())) {
                dun();
                continue;
            }
            if (next != null) {
                Workflow.await(Duration.between(now(), next), this::hasWork);
            } else {
                Workflow.await(this::hasWork);
            }
        }
    }

    private boolean hasWork() {
        return pendingVoid != null || !pendingPayments.isEmpty() || !pendingUpheld.isEmpty()
                || !pendingCredits.isEmpty() || !pendingWriteOffs.isEmpty() || pendingRejection != null || crmDirty;
    }

    /** What arrived, in a fixed order; the CRM sync last, so it shows the result. */
    private void work() {
        if (pendingVoid != null) {
            voidInvoice();
        } else if (!pendingPayments.isEmpty()) {
            applyPayment(payments.get(pendingPayments.peekFirst()));
            pendingPayments.removeFirst();
        } else if (!pendingUpheld.isEmpty()) {
            creditDispute(disputes.get(pendingUpheld.peekFirst()));
            pendingUpheld.removeFirst();
        } else if (!pendingCredits.isEmpty()) {
            creditFromPlatform(pendingCredits.peekFirst());
            pendingCredits.removeFirst();
        } else if (!pendingWriteOffs.isEmpty()) {
            writeOff(pendingWriteOffs.peekFirst());
            pendingWriteOffs.removeFirst();
        } else if (pendingRejection != null) {
            rejected();
        } else if (crmDirty) {
            crmDirty = false;
            syncCrm();
        }
    }

    // ---- payments ----------------------------------------------------------------------------------------------

    private void applyPayment(Payment payment) {
        PaymentReceived received = payment.received;
        while (true) {
            String mismatch = mismatch(received);
            if (mismatch == null) {
                break;
            }
            payment.status = PaymentView.PARKED;
            payment.problem = mismatch;
            saga.running(CHECK_PAYMENT);
            saga.failed(CHECK_PAYMENT, FailureTypes.PAYMENT_MISMATCH + ": " + mismatch);
            Map<String, String> details = new LinkedHashMap<>();
            details.put("paymentId", received.paymentId());
            details.put("amount", received.amount().amount().toPlainString());
            details.put("currency", received.amount().currency());
            details.put("invoiceBalance", balance().amount().toPlainString());
            details.put("invoiceCurrency", currency);
            ParkOutcome outcome = saga.parkStep(CHECK_PAYMENT, StepFailure.park(FailureTypes.PAYMENT_MISMATCH,
                    OwnerTeam.FINANCE_OPS, mismatch + ": SKIP records it as not applied (refund or apply it outside"
                            + " o2c), RETRY checks it again, ABORT stops following the invoice",
                    Json.object(details)));
            if (outcome.action() == ResolutionAction.SKIP) {
                saga.notRun(CHECK_PAYMENT);
                payment.status = PaymentView.NOT_APPLIED;
                payment.problem = mismatch + "; not applied: " + outcome.describe();
                crmDirty = true;
                return;
            }
        }
        saga.completed(CHECK_PAYMENT, 1);
        if (receivableId == null && !lookUpReceivable()) {
            payment.status = PaymentView.NOT_APPLIED;
            payment.problem = "no ERP receivable for invoice " + request.invoiceId();
            log.warn("invoice {}: payment {} not applied: no receivable", request.invoiceId(), received.paymentId());
            return;
        }
        LocalDate receivedOn = received.receivedAt() == null ? today()
                : LocalDate.ofInstant(received.receivedAt(), ZoneOffset.UTC);
        Created applied = saga.run(APPLY_PAYMENT, key -> erp.applyPayment(key + ":" + received.paymentId(),
                receivableId, received.paymentId(), received.amount(), receivedOn), Created::attempt);
        if (applied == null) {
            payment.status = PaymentView.NOT_APPLIED;
            payment.problem = "skipped by finance-ops: applied outside o2c";
            paid = paid.plus(received.amount()); // the customer paid; finance applied it by hand
        } else {
            payment.status = PaymentView.APPLIED;
            payment.problem = null;
            payment.appliedAt = now();
            payment.erpPaymentId = applied.id();
            paid = paid.plus(received.amount());
            saga.recordTransition(ProcessStatus.RUNNING, APPLY_PAYMENT.name(), "payment " + received.paymentId()
                    + " of " + received.amount() + " applied to " + receivableId + " as " + applied.id() + " after "
                    + payment.view().applyDelayMillis() + " ms");
        }
        settleOrPart(CashStatus.PAID);
    }

    /** Why a payment does not fit the invoice, or null. */
    private String mismatch(PaymentReceived received) {
        if (!currency.equals(received.amount().currency())) {
            return "payment " + received.paymentId() + " is in " + received.amount().currency() + " but invoice "
                    + number + " is in " + currency;
        }
        if (!received.amount().isPositive()) {
            return "payment " + received.paymentId() + " of " + received.amount() + " is not positive";
        }
        Money balance = balance();
        if (received.amount().isGreaterThan(balance)) {
            return "payment " + received.paymentId() + " of " + received.amount() + " is more than the open balance "
                    + balance + " of invoice " + number + " (overpayment of " + received.amount().minus(balance) + ")";
        }
        return null;
    }

    // ---- disputes and credits ------------------------------------------------------------------------------------

    private void creditDispute(Dispute dispute) {
        String reason = "dispute " + dispute.id + " upheld: " + dispute.request.reason();
        if (dispute.creditMemoId == null) {
            CreditMemoIssued memo = saga.run(ISSUE_CREDIT_MEMO, key -> invoicing.issueCreditMemo(key + ":" + dispute.id,
                    request.invoiceId(), dispute.amount, reason), CreditMemoIssued::attempt);
            if (memo == null) {
                log.info("invoice {}: credit memo of {} skipped", request.invoiceId(), dispute.id);
                return;
            }
            dispute.creditMemoId = memo.id();
            dispute.creditMemoNumber = memo.number();
            credits.put(memo.id(), new Credit(memo.id(), memo.number(), dispute.amount, dispute.id));
            credited = credited.plus(dispute.amount);
        }
        Credit credit = credits.get(dispute.creditMemoId);
        dispute.erpCreditId = creditReceivable(credit, reason);
        settleOrPart(CashStatus.CREDITED);
    }

    /** A credit memo issued in the invoicing platform itself (not by o2c): the receivable gets the same credit. */
    private void creditFromPlatform(InvoiceCredited event) {
        if (credits.containsKey(event.creditMemoId())) {
            log.info("invoice {}: credit memo {} is o2c's own, known already", request.invoiceId(),
                    event.creditMemoId());
            return;
        }
        Credit credit = new Credit(event.creditMemoId(), null, event.amount(), null);
        credits.put(credit.creditMemoId, credit);
        credited = credited.plus(event.amount());
        creditReceivable(credit, "credit memo " + event.creditMemoId() + " issued in the invoicing platform");
        settleOrPart(CashStatus.CREDITED);
    }

    private String creditReceivable(Credit credit, String reason) {
        if (receivableId == null && !lookUpReceivable()) {
            log.warn("invoice {}: no receivable to credit {} on", request.invoiceId(), credit.creditMemoId);
            return null;
        }
        Created erpCredit = saga.run(CREDIT_RECEIVABLE, key -> erp.creditReceivable(key + ":" + credit.creditMemoId,
                receivableId, credit.creditMemoId, credit.amount, reason), Created::attempt);
        credit.erpCreditId = erpCredit == null ? null : erpCredit.id();
        return credit.erpCreditId;
    }

    private void closeOpenDisputes(String why) {
        for (Dispute dispute : disputes.values()) {
            if (DisputeView.OPEN.equals(dispute.status)) {
                dispute.status = DISPUTE_CLOSED;
                dispute.resolvedBy = "system";
                dispute.resolvedAt = now();
                dispute.note = why;
            }
        }
    }

    // ---- write-offs and voids ------------------------------------------------------------------------------------

    private void writeOff(WriteOff writeOff) {
        if (receivableId == null && !lookUpReceivable()) {
            log.warn("invoice {}: no receivable to write off on", request.invoiceId());
            return;
        }
        Created done = saga.run(InvoiceToCashSteps.WRITE_OFF, key -> erp.writeOffReceivable(key + ":" + writeOff.number, receivableId,
                writeOff.request.amount(), writeOff.request.reason()), Created::attempt);
        if (done == null) {
            log.info("invoice {}: write-off {} skipped", request.invoiceId(), writeOff.number);
            writeOffs.remove(writeOff);
            return;
        }
        writeOff.erpWriteOffId = done.id();
        writtenOff = writtenOff.plus(writeOff.request.amount());
        settleOrPart(CashStatus.WRITTEN_OFF);
    }

    /** Void, reverse the receivable, release the PSA entries (the next billing run bills them again). */
    private void voidInvoice() {
        VoidRequest voiding = pendingVoid;
        Ack voided = saga.run(InvoiceToCashSteps.VOID_INVOICE, key -> invoicing.voidInvoice(key, request.invoiceId()), Ack::attempt);
        if (voided == null) {
            log.info("invoice {}: void skipped; the invoice stays as it is", request.invoiceId());
            pendingVoid = null;
            return;
        }
        if (receivableId != null || lookUpReceivable()) {
            saga.run(REVERSE_RECEIVABLE, key -> erp.reverseReceivable(key, receivableId, "invoice " + number
                    + " voided: " + voiding.reason()), Ack::attempt);
        }
        if (request.psaProjectId() != null) {
            saga.run(RELEASE_MARKS, key -> psa.releaseBillingMarks(key, request.invoiceId()), Ack::attempt);
        }
        pendingVoid = null;
        voidReason = voiding.reason();
        status = CashStatus.VOID;
        pendingRejection = null;
        collectionsPending = false;
        crmDirty = true;
        saga.recordTransition(ProcessStatus.RUNNING, InvoiceToCashSteps.VOID_INVOICE.name(), "invoice " + number
                + " voided by " + voiding.actor() + ": " + voiding.reason() + "; its entries are released"
                + (voiding.reissue() ? " and billed again at once" : " for the next billing run"));
        tellProject(voiding);
    }

    /** The project's billing gives the amount back to the cap and links (or bills at once) the corrected invoice. */
    private void tellProject(VoidRequest voiding) {
        if (request.psaProjectId() == null) {
            return;
        }
        String project = ProjectBillingWorkflow.workflowId(request.psaProjectId());
        try {
            Workflow.newExternalWorkflowStub(ProjectBillingWorkflow.class, project).invoiceVoided(new InvoiceVoided(
                    request.invoiceId(), number, voiding.reason(), voiding.actor(), voiding.reissue()));
        } catch (SignalExternalWorkflowException | ApplicationFailure ended) { // NOT_FOUND: the project's billing ended
            log.warn("invoice {}: {} no longer runs; bill the released entries by hand", request.invoiceId(),
                    project);
            saga.recordTransition(ProcessStatus.RUNNING, InvoiceToCashSteps.VOID_INVOICE.name(), project
                    + " has ended: bill the released entries of " + number + " by hand");
        }
    }

    // ---- rejection -----------------------------------------------------------------------------------------------

    private void rejected() {
        InvoiceRejected rejection = pendingRejection;
        String cause = "the customer rejected invoice " + number + ": " + rejection.reason() + "; void it (POST"
                + " /api/v1/invoices/" + request.invoiceId() + "/void) and bill the corrected entries again, or SKIP"
                + " to keep following it as it is, or ABORT to stop following it";
        saga.running(CUSTOMER_REJECTION);
        saga.failed(CUSTOMER_REJECTION, FailureTypes.INVOICE_REJECTED + ": " + rejection.reason());
        ParkOutcome outcome = saga.parkUntil(CUSTOMER_REJECTION, StepFailure.park(FailureTypes.INVOICE_REJECTED,
                OwnerTeam.FINANCE_OPS, cause, Json.object(Map.of("reason", String.valueOf(rejection.reason()),
                        "eventId", String.valueOf(rejection.eventId())))),
                () -> pendingVoid != null ? "void requested by " + pendingVoid.actor()
                        : status.isSettled() ? "invoice " + status : null);
        pendingRejection = null;
        if (outcome.overtaken()) {
            saga.completed(CUSTOMER_REJECTION, 1);
        } else if (outcome.action() == ResolutionAction.SKIP) {
            saga.notRun(CUSTOMER_REJECTION);
        } else {
            // RETRY: look again; an invoice the customer still rejects parks again
            InvoiceRead now = saga.run(CUSTOMER_REJECTION, key -> invoicing.readInvoice(request.invoiceId()),
                    InvoiceRead::attempt);
            if (now != null && "REJECTED".equals(now.status())) {
                pendingRejection = rejection;
            } else if (now != null) {
                status = CashStatus.SENT;
                crmDirty = true;
            }
        }
    }

    // ---- dunning -------------------------------------------------------------------------------------------------

    /** When the next stage is due, or null: none left, held by a dispute, chase stopped, rejected or settled. */
    private Instant nextDunningAt() {
        if (status.isSettled() || status == CashStatus.REJECTED || chaseStopped || heldSince != null
                || anchor == null || stage >= offsets.size()) {
            return null;
        }
        return dueAt(stage + 1);
    }

    private Instant dueAt(int stageNumber) {
        return anchor.plus(offsets.get(stageNumber - 1)).plus(heldTotal);
    }

    private void dun() {
        int next = stage + 1;
        int reminderNo = reminders.size() + 1; // the platform keeps one reminder per number: a restarted schedule goes on
        Instant dueAt = dueAt(next);
        long daysOverdue = Math.max(0, Duration.between(request.dueDate().atStartOfDay().toInstant(ZoneOffset.UTC),
                now()).toDays());
        String note = "Reminder " + next + " of " + offsets.size() + ": invoice " + number + " is " + daysOverdue
                + " days overdue; open balance " + balance();
        Created reminder = saga.run(SEND_REMINDER, key -> invoicing.sendReminder(key + ":" + reminderNo,
                request.invoiceId(), reminderNo, note), Created::attempt);
        Ack task = null;
        if (request.accountId() != null) {
            String subject = "Invoice " + number + " overdue: dunning stage " + next + " of " + offsets.size();
            String body = note + ". Please contact the customer." + (next == offsets.size()
                    ? " This was the last reminder: the invoice now goes to collections (finance-ops)." : "");
            task = saga.run(DUNNING_TASK, key -> crm.createTask(key + ":" + reminderNo, new CrmTask(request.accountId(),
                    request.opportunityId(), subject, body, null)), Ack::attempt);
        }
        stage = next;
        reminders.add(new ReminderView(next, (int) daysOverdue, dueAt, now(), reminder == null ? null : reminder.id(),
                task != null));
        crmDirty = true;
        log.info("invoice {}: dunning stage {} of {}", request.invoiceId(), next, offsets.size());
        if (stage == offsets.size()) {
            escalated = true;
            collectionsPending = true;
        }
    }

    /**
     * Collections: the schedule ran out and the invoice is still owed. Parks for finance-ops until a decision or until
     * something arrives that the loop must handle (then it parks again if still owed).
     */
    private void collections() {
        if (status.isSettled() || status == CashStatus.REJECTED || heldSince != null) {
            collectionsPending = false;
            return;
        }
        String cause = "invoice " + number + " is still owed " + balance() + " after " + stage + " reminders (due "
                + request.dueDate() + "): collections. RETRY runs the dunning schedule again from now, SKIP stops"
                + " the chase but keeps following payments, ABORT stops following the invoice";
        Map<String, String> details = new LinkedHashMap<>();
        details.put("balance", balance().amount().toPlainString());
        details.put("currency", currency);
        details.put("dueDate", request.dueDate().toString());
        details.put("reminders", Integer.toString(stage));
        saga.running(COLLECTIONS);
        saga.failed(COLLECTIONS, FailureTypes.COLLECTIONS + ": balance " + balance());
        ParkOutcome outcome = saga.parkUntil(COLLECTIONS, StepFailure.park(FailureTypes.COLLECTIONS,
                OwnerTeam.FINANCE_OPS, cause, Json.object(details)), this::overtakesCollections);
        if (outcome.overtaken()) {
            return; // the loop handles what arrived, then comes back here while the invoice is owed
        }
        collectionsPending = false;
        if (outcome.action() == ResolutionAction.SKIP) {
            saga.notRun(COLLECTIONS);
            chaseStopped = true;
        } else {
            saga.completed(COLLECTIONS, 1);
            stage = 0;
            heldTotal = Duration.ZERO;
            anchor = now();
            escalated = false;
            log.info("invoice {}: dunning starts again: {}", request.invoiceId(), outcome.describe());
        }
    }

    private String overtakesCollections() {
        if (pendingVoid != null) {
            return "void requested by " + pendingVoid.actor();
        }
        if (!pendingPayments.isEmpty()) {
            return "payment " + pendingPayments.peekFirst() + " received";
        }
        if (heldSince != null) {
            return "dispute opened";
        }
        if (!pendingUpheld.isEmpty() || !pendingCredits.isEmpty()) {
            return "credit memo";
        }
        if (!pendingWriteOffs.isEmpty()) {
            return "write-off decided";
        }
        if (pendingRejection != null) {
            return "the customer rejected the invoice";
        }
        return null;
    }

    // ---- CRM -----------------------------------------------------------------------------------------------------

    private void syncCrm() {
        if (request.opportunityId() == null) {
            saga.notRun(SYNC_CRM);
            return;
        }
        int sync = ++crmSyncs;
        InvoiceStatusSync state = new InvoiceStatusSync(request.invoiceId(), crmStatus(), request.total(), balance(),
                request.dueDate());
        saga.run(SYNC_CRM, key -> crm.syncInvoiceStatus(key + ":" + sync, request.opportunityId(), state),
                Ack::attempt);
    }

    private String crmStatus() {
        if (!status.isSettled() && heldSince != null) {
            return DISPUTED;
        }
        return status.name();
    }

    // ---- amounts and status --------------------------------------------------------------------------------------

    private Money balance() {
        return request.total().minus(paid).minus(credited).minus(writtenOff);
    }

    /** What a new dispute, write-off or payment may still take: the balance less what is queued against it. */
    private Money available() {
        Money queued = Money.zero(currency);
        for (String id : pendingPayments) {
            Money amount = payments.get(id).received.amount();
            if (currency.equals(amount.currency())) {
                queued = queued.plus(amount);
            }
        }
        for (WriteOff w : pendingWriteOffs) {
            queued = queued.plus(w.request.amount());
        }
        for (String id : pendingUpheld) {
            Dispute d = disputes.get(id);
            if (d.creditMemoId == null) {
                queued = queued.plus(d.amount);
            }
        }
        for (InvoiceCredited c : pendingCredits) {
            if (!credits.containsKey(c.creditMemoId()) && currency.equals(c.amount().currency())) {
                queued = queued.plus(c.amount());
            }
        }
        Money left = balance().minus(queued);
        return left.isNegative() ? Money.zero(currency) : left;
    }

    private Money disputedOpen() {
        Money sum = Money.zero(currency);
        for (Dispute d : disputes.values()) {
            if (DisputeView.OPEN.equals(d.status)) {
                sum = sum.plus(d.amount);
            }
        }
        return sum;
    }

    /** After money arrived: settled with {@code settledAs} at zero, else partly paid (or as it was). */
    private void settleOrPart(CashStatus settledAs) {
        if (!balance().isPositive()) {
            status = settledAs;
            collectionsPending = false;
        } else if (paid.isPositive() && status != CashStatus.REJECTED) {
            status = CashStatus.PARTIALLY_PAID;
        }
        crmDirty = true;
    }

    // ---- signals ---------------------------------------------------------------------------------------------

    @Override
    public void paymentReceived(PaymentReceived payment) {
        if (payments.containsKey(payment.paymentId())) {
            log.info("invoice {}: payment {} received again (event {}); ignored", request.invoiceId(),
                    payment.paymentId(), payment.eventId());
            return;
        }
        payments.put(payment.paymentId(), new Payment(payment));
        pendingPayments.addLast(payment.paymentId());
    }

    @Override
    public void invoiceRejected(InvoiceRejected rejection) {
        if (rejectionReason != null || status.isSettled()) {
            log.info("invoice {}: rejection {} ignored (rejected before or settled)", request.invoiceId(),
                    rejection.eventId());
            return;
        }
        rejectionReason = rejection.reason();
        status = CashStatus.REJECTED;
        pendingRejection = rejection;
        crmDirty = true;
    }

    @Override
    public void invoiceCredited(InvoiceCredited credit) {
        if (credits.containsKey(credit.creditMemoId())
                || pendingCredits.stream().anyMatch(c -> c.creditMemoId().equals(credit.creditMemoId()))) {
            return;
        }
        pendingCredits.addLast(credit);
    }

    // ---- updates ---------------------------------------------------------------------------------------------

    @Override
    public void validateOpenDispute(DisputeRequest dispute) {
        if (dispute == null || blank(dispute.reason())) {
            throw CashRefusal.INVALID.failure("a dispute needs a reason");
        }
        if (blank(dispute.actor())) {
            throw CashRefusal.INVALID.failure("a dispute needs the actor who records it");
        }
        if (dispute.requestId() != null && findByRequestId(dispute.requestId()) != null) {
            return; // answered with the dispute it opened
        }
        refuseUnlessOwed();
        Money open = available().minus(disputedOpen());
        if (dispute.amount() != null) {
            checkAmount(dispute.amount(), "disputed amount");
            if (dispute.amount().isGreaterThan(open)) {
                throw CashRefusal.EXCEEDS_BALANCE.failure("disputed amount " + dispute.amount() + " is more than the "
                        + open + " of invoice " + number + " not yet paid, credited, written off or disputed");
            }
        } else if (!open.isPositive()) {
            throw CashRefusal.EXCEEDS_BALANCE.failure("nothing of invoice " + number + " is left to dispute");
        }
    }

    @Override
    public DisputeView openDispute(DisputeRequest dispute) {
        if (dispute.requestId() != null) {
            Dispute existing = findByRequestId(dispute.requestId());
            if (existing != null) {
                return existing.view();
            }
        }
        Money amount = dispute.amount() != null ? dispute.amount() : available().minus(disputedOpen());
        Dispute opened = new Dispute("D-" + (disputes.size() + 1), dispute, amount, now());
        disputes.put(opened.id, opened);
        if (heldSince == null) {
            heldSince = now();
        }
        crmDirty = true;
        log.info("invoice {}: dispute {} of {} opened by {}: dunning held", request.invoiceId(), opened.id, amount,
                dispute.actor());
        return opened.view();
    }

    @Override
    public void validateResolveDispute(DisputeResolution resolution) {
        if (resolution == null || resolution.outcome() == null) {
            throw CashRefusal.INVALID.failure("outcome is required: UPHELD or REJECTED");
        }
        if (blank(resolution.actor())) {
            throw CashRefusal.INVALID.failure("a resolution needs the actor who decides it");
        }
        Dispute dispute = disputes.get(resolution.disputeId());
        if (dispute == null) {
            throw CashRefusal.UNKNOWN_DISPUTE.failure("invoice " + number + " has no dispute "
                    + resolution.disputeId());
        }
        if (!DisputeView.OPEN.equals(dispute.status)) {
            throw CashRefusal.ALREADY_RESOLVED.failure("dispute " + dispute.id + " is " + dispute.status
                    + (dispute.resolvedBy == null ? "" : " (by " + dispute.resolvedBy + ")"));
        }
        if (pendingVoid != null) {
            throw CashRefusal.VOID_IN_PROGRESS.failure("invoice " + number + " is being voided");
        }
    }

    @Override
    public DisputeView resolveDispute(DisputeResolution resolution) {
        Dispute dispute = disputes.get(resolution.disputeId());
        dispute.status = resolution.outcome().name();
        dispute.resolvedBy = resolution.actor();
        dispute.resolvedAt = now();
        dispute.note = resolution.note();
        if (resolution.outcome() == DisputeOutcome.UPHELD) {
            pendingUpheld.addLast(dispute.id);
        }
        if (disputedOpen().isZero() && heldSince != null) {
            heldTotal = heldTotal.plus(Duration.between(heldSince, now()));
            heldSince = null;
            if (escalated && stage >= offsets.size()) {
                collectionsPending = true; // dunning resumes where it stopped: in collections
            }
        }
        crmDirty = true;
        log.info("invoice {}: dispute {} {} by {}", request.invoiceId(), dispute.id, dispute.status,
                resolution.actor());
        return dispute.view();
    }

    @Override
    public void validateVoidInvoice(VoidRequest voiding) {
        if (voiding == null || blank(voiding.reason()) || blank(voiding.actor())) {
            throw CashRefusal.INVALID.failure("a void needs a reason and the actor who decides it");
        }
        refuseUnlessOwed();
        long received = payments.values().stream().filter(p -> !PaymentView.NOT_APPLIED.equals(p.status)).count();
        if (paid.isPositive() || received > 0) {
            throw CashRefusal.HAS_PAYMENTS.failure("invoice " + number + " has payments (" + paid + " applied, "
                    + received + " received): only an unpaid invoice can be voided; credit or write off instead");
        }
    }

    @Override
    public InvoiceView voidInvoice(VoidRequest voiding) {
        pendingVoid = voiding;
        log.info("invoice {}: void accepted from {}: {}", request.invoiceId(), voiding.actor(), voiding.reason());
        return invoice();
    }

    @Override
    public void validateWriteOff(WriteOffRequest writeOff) {
        if (writeOff == null || blank(writeOff.reason()) || blank(writeOff.actor())) {
            throw CashRefusal.INVALID.failure("a write-off needs a reason and the actor who decides it");
        }
        if (writeOff.amount() == null) {
            throw CashRefusal.INVALID.failure("a write-off needs an amount");
        }
        refuseUnlessOwed();
        checkAmount(writeOff.amount(), "write-off");
        Money open = available();
        if (writeOff.amount().isGreaterThan(open)) {
            throw CashRefusal.EXCEEDS_BALANCE.failure("write-off " + writeOff.amount() + " is more than the open "
                    + open + " of invoice " + number);
        }
    }

    @Override
    public InvoiceView writeOff(WriteOffRequest writeOff) {
        WriteOff decided = new WriteOff(writeOffs.size() + 1, writeOff, now());
        writeOffs.add(decided);
        pendingWriteOffs.addLast(decided);
        log.info("invoice {}: write-off {} of {} accepted from {}", request.invoiceId(), decided.number,
                writeOff.amount(), writeOff.actor());
        return invoice();
    }

    private void refuseUnlessOwed() {
        if (status.isSettled()) {
            throw CashRefusal.SETTLED.failure("invoice " + number + " is " + status + ": nothing is owed");
        }
        if (pendingVoid != null) {
            throw CashRefusal.VOID_IN_PROGRESS.failure("invoice " + number + " is being voided (accepted from "
                    + pendingVoid.actor() + ")");
        }
    }

    private void checkAmount(Money amount, String what) {
        if (!currency.equals(amount.currency())) {
            throw CashRefusal.INVALID.failure(what + " is in " + amount.currency() + " but invoice " + number
                    + " is in " + currency);
        }
        if (!amount.isPositive()) {
            throw CashRefusal.INVALID.failure(what + " must be positive, not " + amount);
        }
    }

    private Dispute findByRequestId(String requestId) {
        for (Dispute d : disputes.values()) {
            if (requestId.equals(d.request.requestId())) {
                return d;
            }
        }
        return null;
    }

    // ---- query -----------------------------------------------------------------------------------------------

    @Override
    public InvoiceView invoice() {
        return new InvoiceView(request.invoiceId(), number, status, request.total(), paid, credited, writtenOff,
                balance(), request.issueDate(), request.dueDate(), receivableId, request.psaProjectId(),
                request.opportunityId(), stage, offsets.size(), nextDunningAt(), heldSince != null, escalated,
                reminders, disputes.values().stream().map(Dispute::view).toList(),
                payments.values().stream().map(Payment::view).toList(),
                credits.values().stream().map(Credit::view).toList(),
                writeOffs.stream().map(WriteOff::view).toList(), rejectionReason, voidReason,
                request.replacesInvoiceIds());
    }

    private String describe() {
        return "invoice " + number + " " + status + ": total " + request.total() + ", paid " + paid + ", credited "
                + credited + ", written off " + writtenOff + ", " + payments.size() + " payments, " + stage
                + " reminders, " + disputes.size() + " disputes";
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static Instant now() {
        return Instant.ofEpochMilli(Workflow.currentTimeMillis());
    }

    private static LocalDate today() {
        return LocalDate.ofInstant(now(), ZoneOffset.UTC);
    }

}
