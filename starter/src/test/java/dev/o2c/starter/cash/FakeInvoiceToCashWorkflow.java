package dev.o2c.starter.cash;

import dev.o2c.workflows.cash.CashRefusal;
import dev.o2c.workflows.cash.CashStatus;
import dev.o2c.workflows.cash.CreditView;
import dev.o2c.workflows.cash.DisputeRequest;
import dev.o2c.workflows.cash.DisputeResolution;
import dev.o2c.workflows.cash.DisputeView;
import dev.o2c.workflows.cash.InvoiceCredited;
import dev.o2c.workflows.cash.InvoiceRejected;
import dev.o2c.workflows.cash.InvoiceToCashRequest;
import dev.o2c.workflows.cash.InvoiceToCashResult;
import dev.o2c.workflows.cash.InvoiceToCashWorkflow;
import dev.o2c.workflows.cash.InvoiceView;
import dev.o2c.workflows.cash.PaymentReceived;
import dev.o2c.workflows.cash.PaymentView;
import dev.o2c.workflows.cash.ReminderView;
import dev.o2c.workflows.cash.VoidRequest;
import dev.o2c.workflows.cash.WriteOffRequest;
import dev.o2c.workflows.cash.WriteOffView;
import dev.o2c.workflows.common.DecisionAccepted;
import dev.o2c.workflows.common.ProcessState;
import dev.o2c.workflows.common.ProcessStatus;
import dev.o2c.workflows.common.Resolution;
import dev.o2c.workflows.model.Money;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Test double of invoice-to-cash: answers a canned invoice (1190.00 EUR, 500.00 paid by {@code pay-1} and applied
 * 90 s after it was received, dunning stage 1 of 3), records what it is sent, and its validators refuse with the
 * {@link CashRefusal} a test put into {@link #REFUSALS} for the workflow id and Update. An invoice id starting with
 * {@code settled-} ends at once (PAID), so that it is a closed workflow.
 */
public class FakeInvoiceToCashWorkflow implements InvoiceToCashWorkflow {

    /** Signals each workflow id received, in order (payments, rejections, credits). */
    static final Map<String, List<Object>> SIGNALS = new ConcurrentHashMap<>();
    /** Updates each workflow id took (their arguments). */
    static final Map<String, List<Object>> UPDATES = new ConcurrentHashMap<>();
    /** {@code workflowId + "/" + updateName} → the refusal its validator throws. */
    static final Map<String, CashRefusal> REFUSALS = new ConcurrentHashMap<>();

    static final Instant RECEIVED = Instant.parse("2026-04-10T08:00:00Z");
    static final Instant APPLIED = Instant.parse("2026-04-10T08:01:30Z");

    private String workflowId;
    private InvoiceView view;
    private final List<DisputeView> disputes = new ArrayList<>();
    private boolean done;

    @Override
    public InvoiceToCashResult run(InvoiceToCashRequest request) {
        workflowId = Workflow.getInfo().getWorkflowId();
        view = canned(request);
        if (request.invoiceId().startsWith("settled-")) {
            Money total = request.total();
            view = with(view, CashStatus.PAID, total, Money.zero(total.currency()),
                    List.of(new PaymentView("pay-settled", total, PaymentView.APPLIED, RECEIVED, APPLIED, 90_000L,
                            "ERP-PAY-9", "evt-settled", null)), view.writeOffs(), null);
            done = true;
            return new InvoiceToCashResult(ProcessStatus.COMPLETED, view, "paid");
        }
        Workflow.await(() -> done);
        return new InvoiceToCashResult(ProcessStatus.COMPLETED, view, "done");
    }

    static InvoiceView canned(InvoiceToCashRequest r) {
        Money total = r.total();
        String currency = total.currency();
        Money paid = Money.of("500.00", currency);
        return new InvoiceView(r.invoiceId(), r.invoiceNumber(), CashStatus.PARTIALLY_PAID, total, paid,
                Money.zero(currency), Money.zero(currency), total.minus(paid), r.issueDate(), r.dueDate(),
                r.receivableId(), r.psaProjectId(), r.opportunityId(), 1, 3, Instant.parse("2026-05-01T00:00:00Z"),
                false, false,
                List.of(new ReminderView(1, 7, Instant.parse("2026-04-22T00:00:00Z"),
                        Instant.parse("2026-04-22T00:00:05Z"), "REM-1", true)),
                List.of(),
                List.of(new PaymentView("pay-1", paid, PaymentView.APPLIED, RECEIVED, APPLIED, 90_000L, "ERP-PAY-1",
                        "evt-pay-1", null)),
                List.of(), List.of(), null, null, List.of());
    }

    private static InvoiceView with(InvoiceView v, CashStatus status, Money paid, Money balance,
            List<PaymentView> payments, List<WriteOffView> writeOffs, String voidReason) {
        return new InvoiceView(v.invoiceId(), v.number(), status, v.total(), paid, v.credited(), v.writtenOff(),
                balance, v.issueDate(), v.dueDate(), v.receivableId(), v.psaProjectId(), v.opportunityId(),
                v.dunningStage(), v.dunningStages(), v.nextDunningAt(), v.dunningHeld(), v.escalated(), v.reminders(),
                v.disputes(), payments, v.credits(), writeOffs, v.rejectionReason(), voidReason, v.replaces());
    }

    @Override
    public InvoiceView invoice() {
        return new InvoiceView(view.invoiceId(), view.number(), view.status(), view.total(), view.paid(),
                view.credited(), view.writtenOff(), view.balance(), view.issueDate(), view.dueDate(),
                view.receivableId(), view.psaProjectId(), view.opportunityId(), view.dunningStage(),
                view.dunningStages(), view.nextDunningAt(), !disputes.isEmpty(), view.escalated(), view.reminders(),
                disputes, view.payments(), view.credits(), view.writeOffs(), view.rejectionReason(),
                view.voidReason(), view.replaces());
    }

    @Override
    public ProcessState state() {
        long now = Workflow.currentTimeMillis();
        return new ProcessState(workflowId, PROCESS_TYPE, view.invoiceId(),
                done ? ProcessStatus.COMPLETED : ProcessStatus.RUNNING, "corr", List.of(), Map.of(), null, now, now);
    }

    @Override
    public void paymentReceived(PaymentReceived payment) {
        record(SIGNALS, payment);
    }

    @Override
    public void invoiceRejected(InvoiceRejected rejection) {
        record(SIGNALS, rejection);
    }

    @Override
    public void invoiceCredited(InvoiceCredited credit) {
        record(SIGNALS, credit);
    }

    @Override
    public DisputeView openDispute(DisputeRequest request) {
        record(UPDATES, request);
        DisputeView dispute = new DisputeView("D-" + (disputes.size() + 1), request.reason(),
                request.amount() != null ? request.amount() : view.balance(), DisputeView.OPEN, request.actor(),
                Instant.ofEpochMilli(Workflow.currentTimeMillis()), null, null, null, null, null, null,
                request.requestId());
        disputes.add(dispute);
        return dispute;
    }

    @Override
    public void validateOpenDispute(DisputeRequest request) {
        refuseIfConfigured(OPEN_DISPUTE);
    }

    @Override
    public DisputeView resolveDispute(DisputeResolution resolution) {
        record(UPDATES, resolution);
        DisputeView d = disputes.stream().filter(x -> x.disputeId().equals(resolution.disputeId())).findFirst()
                .orElseThrow();
        DisputeView resolved = new DisputeView(d.disputeId(), d.reason(), d.amount(), resolution.outcome().name(),
                d.openedBy(), d.openedAt(), resolution.actor(), Instant.ofEpochMilli(Workflow.currentTimeMillis()),
                resolution.note(), null, null, null, d.requestId());
        disputes.set(disputes.indexOf(d), resolved);
        return resolved;
    }

    @Override
    public void validateResolveDispute(DisputeResolution resolution) {
        refuseIfConfigured(RESOLVE_DISPUTE);
        if (disputes.stream().noneMatch(d -> d.disputeId().equals(resolution.disputeId()))) {
            throw CashRefusal.UNKNOWN_DISPUTE.failure("invoice has no dispute " + resolution.disputeId());
        }
    }

    @Override
    public InvoiceView voidInvoice(VoidRequest request) {
        record(UPDATES, request);
        view = with(view, CashStatus.VOID, view.paid(), view.balance(), view.payments(), view.writeOffs(),
                request.reason());
        return invoice();
    }

    @Override
    public void validateVoidInvoice(VoidRequest request) {
        refuseIfConfigured(VOID_INVOICE);
    }

    @Override
    public InvoiceView writeOff(WriteOffRequest request) {
        record(UPDATES, request);
        List<WriteOffView> writeOffs = new ArrayList<>(view.writeOffs());
        writeOffs.add(new WriteOffView(writeOffs.size() + 1, request.amount(), request.reason(), request.actor(),
                Instant.ofEpochMilli(Workflow.currentTimeMillis()), null));
        InvoiceView v = with(view, view.status(), view.paid(), view.balance().minus(request.amount()),
                view.payments(), writeOffs, null);
        view = new InvoiceView(v.invoiceId(), v.number(), v.status(), v.total(), v.paid(), v.credited(),
                v.writtenOff().plus(request.amount()), v.balance(), v.issueDate(), v.dueDate(), v.receivableId(),
                v.psaProjectId(), v.opportunityId(), v.dunningStage(), v.dunningStages(), v.nextDunningAt(),
                v.dunningHeld(), v.escalated(), v.reminders(), v.disputes(), v.payments(), v.credits(),
                v.writeOffs(), v.rejectionReason(), v.voidReason(), v.replaces());
        return invoice();
    }

    @Override
    public void validateWriteOff(WriteOffRequest request) {
        refuseIfConfigured(WRITE_OFF);
    }

    @Override
    public DecisionAccepted decide(Resolution resolution) {
        done = true;
        return new DecisionAccepted(resolution.exceptionId(), "-", resolution.action(), resolution.actor(),
                Workflow.currentTimeMillis());
    }

    @Override
    public void validateDecide(Resolution resolution) {}

    private void refuseIfConfigured(String update) {
        CashRefusal refusal = REFUSALS.get(Workflow.getInfo().getWorkflowId() + "/" + update);
        if (refusal != null) {
            throw refusal.failure("refused by the test: " + refusal.name().toLowerCase());
        }
    }

    private static void record(Map<String, List<Object>> into, Object what) {
        if (Workflow.isReplaying()) {
            return;
        }
        into.computeIfAbsent(Workflow.getInfo().getWorkflowId(), id -> new CopyOnWriteArrayList<>()).add(what);
    }
}
