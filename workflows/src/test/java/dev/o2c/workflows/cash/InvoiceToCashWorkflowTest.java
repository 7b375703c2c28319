package dev.o2c.workflows.cash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import dev.o2c.workflows.Poll;
import dev.o2c.workflows.common.DecisionAccepted;
import dev.o2c.workflows.common.Decisions;
import dev.o2c.workflows.common.FailureTypes;
import dev.o2c.workflows.common.OwnerTeam;
import dev.o2c.workflows.common.ProcessState;
import dev.o2c.workflows.common.ProcessStatus;
import dev.o2c.workflows.common.Resolution;
import dev.o2c.workflows.common.ResolutionAction;
import dev.o2c.workflows.common.TaskQueues;
import dev.o2c.workflows.model.Money;
import dev.o2c.workflows.systems.Ack;
import dev.o2c.workflows.systems.CashPolicyActivities;
import dev.o2c.workflows.systems.Created;
import dev.o2c.workflows.systems.CreditMemoIssued;
import dev.o2c.workflows.systems.CrmActivities;
import dev.o2c.workflows.systems.CrmTask;
import dev.o2c.workflows.systems.DunningPolicy;
import dev.o2c.workflows.systems.ErpActivities;
import dev.o2c.workflows.systems.InvoiceRead;
import dev.o2c.workflows.systems.InvoiceStatusSync;
import dev.o2c.workflows.systems.InvoicingActivities;
import dev.o2c.workflows.systems.LedgerActivities;
import dev.o2c.workflows.systems.PsaActivities;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.ArgumentCaptor;

/**
 * Invoice-to-cash on the time-skipping test server, with the systems mocked: dunning, payments before, during and
 * after it, disputes, credits, voids, write-offs, rejections and the validators' refusals.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class InvoiceToCashWorkflowTest {

    static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
    static final LocalDate ISSUED = LocalDate.of(2026, 11, 29);
    static final LocalDate DUE = LocalDate.of(2026, 12, 29);
    static final String INVOICE = "inv_1";
    static final String WF = InvoiceToCashWorkflow.workflowId(INVOICE);

    @RegisterExtension
    static final TestWorkflowExtension testWorkflow = TestWorkflowExtension.newBuilder()
            .registerWorkflowImplementationTypes(InvoiceToCashWorkflowImpl.class)
            .setInitialTime(NOW)
            .setDoNotStart(true)
            .build();

    private final CrmActivities crm = mock(CrmActivities.class, withSettings().withoutAnnotations());
    private final PsaActivities psa = mock(PsaActivities.class, withSettings().withoutAnnotations());
    private final ErpActivities erp = mock(ErpActivities.class, withSettings().withoutAnnotations());
    private final InvoicingActivities invoicing = mock(InvoicingActivities.class, withSettings().withoutAnnotations());
    private final LedgerActivities ledger = mock(LedgerActivities.class, withSettings().withoutAnnotations());

    private TestWorkflowEnvironment env;
    private WorkflowClient client;
    private WorkflowOptions options;

    @BeforeEach
    void setUp(TestWorkflowEnvironment env, Worker workflowWorker, WorkflowClient client, WorkflowOptions options) {
        this.env = env;
        this.client = client;
        this.options = WorkflowOptions.newBuilder(options).setWorkflowId(WF).build();
        workflowWorker.registerActivitiesImplementations(ledger, (CashPolicyActivities) () ->
                new DunningPolicy(List.of(Duration.ofDays(1), Duration.ofDays(15), Duration.ofDays(30))));
        env.newWorker(TaskQueues.CRM).registerActivitiesImplementations(crm);
        env.newWorker(TaskQueues.PSA).registerActivitiesImplementations(psa);
        env.newWorker(TaskQueues.ERP).registerActivitiesImplementations(erp);
        env.newWorker(TaskQueues.INVOICING).registerActivitiesImplementations(invoicing);

        when(invoicing.sendInvoice(anyString(), eq(INVOICE))).thenReturn(invoiceRead("SENT"));
        when(invoicing.readInvoice(INVOICE)).thenReturn(invoiceRead("REJECTED"));
        when(invoicing.sendReminder(anyString(), eq(INVOICE), anyInt(), anyString())).thenAnswer(call ->
                new Created("rem_" + call.getArgument(2, Integer.class), 1));
        when(invoicing.issueCreditMemo(anyString(), eq(INVOICE), any(), anyString())).thenAnswer(call ->
                new CreditMemoIssued("cm_1", "CM-1", eur("0.00"), "SENT", 1));
        when(invoicing.voidInvoice(anyString(), eq(INVOICE))).thenReturn(new Ack(1));
        when(erp.applyPayment(anyString(), eq("rcv_1"), anyString(), any(), any())).thenAnswer(call ->
                new Created("rpay_" + call.getArgument(2, String.class), 1));
        when(erp.creditReceivable(anyString(), eq("rcv_1"), anyString(), any(), anyString())).thenAnswer(call ->
                new Created("rcr_" + call.getArgument(2, String.class), 1));
        when(erp.writeOffReceivable(anyString(), eq("rcv_1"), any(), anyString())).thenReturn(new Created("rwo_1", 1));
        when(erp.reverseReceivable(anyString(), eq("rcv_1"), anyString())).thenReturn(new Ack(1));
        when(psa.releaseBillingMarks(anyString(), eq(INVOICE))).thenReturn(new Ack(1));
        when(crm.syncInvoiceStatus(anyString(), anyString(), any())).thenReturn(new Ack(1));
        when(crm.createTask(anyString(), any())).thenReturn(new Ack(1));
        env.start();
    }

    // ---- payments ---------------------------------------------------------------------------------------------

    @Test
    void paymentsBeforeTheDueDateSettleTheInvoiceWithoutDunningEachAppliedOnce() {
        start();
        InvoiceView sent = awaitView(v -> v.status() == CashStatus.SENT);
        assertThat(sent.nextDunningAt()).isEqualTo(Instant.parse("2026-12-30T00:00:00Z"));
        verify(invoicing).sendInvoice(WF + ":invoicing.sendInvoice", INVOICE);

        pay("pay_1", "500.00");
        pay("pay_1", "500.00"); // the same event redelivered
        InvoiceView partly = awaitView(v -> v.status() == CashStatus.PARTIALLY_PAID);
        assertThat(partly.paid()).isEqualTo(eur("500.00"));
        assertThat(partly.balance()).isEqualTo(eur("690.00"));
        assertThat(partly.payments()).singleElement().satisfies(p -> {
            assertThat(p.status()).isEqualTo(PaymentView.APPLIED);
            assertThat(p.erpPaymentId()).isEqualTo("rpay_pay_1");
            assertThat(p.applyDelayMillis()).isNotNull().isGreaterThanOrEqualTo(0L);
        });

        pay("pay_2", "690.00");
        InvoiceToCashResult result = result();
        assertThat(result.status()).isEqualTo(ProcessStatus.COMPLETED);
        assertThat(result.invoice().status()).isEqualTo(CashStatus.PAID);
        assertThat(result.invoice().balance()).isEqualTo(eur("0.00"));
        assertThat(result.invoice().reminders()).isEmpty();
        verify(erp, times(1)).applyPayment(anyString(), eq("rcv_1"), eq("pay_1"), eq(eur("500.00")), any());
        verify(erp, times(1)).applyPayment(anyString(), eq("rcv_1"), eq("pay_2"), eq(eur("690.00")), any());
        verify(invoicing, never()).sendReminder(anyString(), anyString(), anyInt(), anyString());
        ArgumentCaptor<InvoiceStatusSync> synced = ArgumentCaptor.forClass(InvoiceStatusSync.class);
        verify(crm, org.mockito.Mockito.atLeast(3)).syncInvoiceStatus(anyString(), eq("opp_1"), synced.capture());
        assertThat(synced.getAllValues()).extracting(InvoiceStatusSync::status)
                .containsSubsequence("SENT", "PARTIALLY_PAID", "PAID");
        assertThat(synced.getAllValues().getLast().balance()).isEqualTo(eur("0.00"));
        recordHistory("payments-before-due-paid");
    }

    @Test
    void theWholeDunningScheduleThenCollectionsWhereAPaymentOvertakesThePark() {
        start();
        awaitView(v -> v.status() == CashStatus.SENT);

        env.sleep(Duration.ofDays(31).plusHours(12)); // 1 day overdue: stage 1
        InvoiceView first = awaitView(v -> v.dunningStage() == 1);
        assertThat(first.reminders()).singleElement().satisfies(r -> {
            assertThat(r.stage()).isEqualTo(1);
            assertThat(r.dueAt()).isEqualTo(Instant.parse("2026-12-30T00:00:00Z"));
            assertThat(r.reminderId()).isEqualTo("rem_1");
            assertThat(r.crmTaskCreated()).isTrue();
        });
        assertThat(first.nextDunningAt()).isEqualTo(Instant.parse("2027-01-13T00:00:00Z"));

        env.sleep(Duration.ofDays(30)); // past 15 and 30 days overdue: stages 2 and 3, then collections
        ProcessState parked = awaitState(s -> s.status() == ProcessStatus.NEEDS_ATTENTION);
        assertThat(parked.openException().failureType()).isEqualTo(FailureTypes.COLLECTIONS);
        assertThat(parked.openException().owner()).isEqualTo(OwnerTeam.FINANCE_OPS);
        assertThat(parked.openException().step()).isEqualTo(InvoiceToCashSteps.COLLECTIONS.name());
        InvoiceView escalated = view();
        assertThat(escalated.escalated()).isTrue();
        assertThat(escalated.reminders()).extracting(ReminderView::stage).containsExactly(1, 2, 3);
        assertThat(escalated.reminders()).extracting(ReminderView::daysOverdue).containsExactly(1, 15, 30);
        ArgumentCaptor<CrmTask> tasks = ArgumentCaptor.forClass(CrmTask.class);
        verify(crm, times(3)).createTask(anyString(), tasks.capture());
        assertThat(tasks.getAllValues()).allSatisfy(t -> {
            assertThat(t.accountId()).isEqualTo("acc_1");
            assertThat(t.assignee()).isNull(); // the connector assigns it to the account owner
        });
        assertThat(tasks.getAllValues().getLast().body()).contains("collections");
        verify(invoicing).sendReminder(anyString(), eq(INVOICE), eq(3), anyString());

        pay("pay_late", "1190.00"); // paid in collections: the park is overtaken and the invoice settles
        InvoiceToCashResult result = result();
        assertThat(result.status()).isEqualTo(ProcessStatus.COMPLETED);
        assertThat(result.invoice().status()).isEqualTo(CashStatus.PAID);
        verify(ledger).resolveException(org.mockito.ArgumentMatchers.argThat(r ->
                r.exceptionId().equals(parked.openException().exceptionId()) && r.action() == ResolutionAction.SKIP
                        && r.note().startsWith("overtaken: payment pay_late")), anyLong());
        recordHistory("dunning-collections-paid");
    }

    @Test
    void aPartialPaymentDuringDunningKeepsTheChaseForTheRest() {
        start();
        awaitView(v -> v.status() == CashStatus.SENT);
        env.sleep(Duration.ofDays(31).plusHours(12));
        awaitView(v -> v.dunningStage() == 1);

        pay("pay_1", "190.00");
        InvoiceView partly = awaitView(v -> v.status() == CashStatus.PARTIALLY_PAID);
        assertThat(partly.nextDunningAt()).isEqualTo(Instant.parse("2027-01-13T00:00:00Z"));
        env.sleep(Duration.ofDays(15));
        InvoiceView second = awaitView(v -> v.dunningStage() == 2);
        assertThat(second.reminders().get(1).daysOverdue()).isEqualTo(15);

        pay("pay_2", "1000.00"); // the rest: the chase stops at once
        assertThat(result().invoice().status()).isEqualTo(CashStatus.PAID);
        verify(invoicing, never()).sendReminder(anyString(), anyString(), eq(3), anyString());
        recordHistory("partial-during-dunning-paid");
    }

    @Test
    void collectionsRetryRunsTheScheduleAgainAndSkipStopsTheChase() {
        start();
        awaitView(v -> v.status() == CashStatus.SENT);
        env.sleep(Duration.ofDays(62));
        ProcessState parked = awaitState(s -> s.status() == ProcessStatus.NEEDS_ATTENTION);

        decide(parked.openException().exceptionId(), ResolutionAction.RETRY);
        InvoiceView again = awaitView(v -> !v.escalated() && v.dunningStage() == 0);
        assertThat(again.nextDunningAt()).isAfter(NOW.plus(Duration.ofDays(62)));
        env.sleep(Duration.ofDays(31));
        ProcessState parkedAgain = awaitState(s -> s.status() == ProcessStatus.NEEDS_ATTENTION
                && !s.openException().exceptionId().equals(parked.openException().exceptionId()));
        // the platform keeps one reminder per number: the second round goes on with 4, 5, 6
        verify(invoicing).sendReminder(anyString(), eq(INVOICE), eq(6), anyString());

        decide(parkedAgain.openException().exceptionId(), ResolutionAction.SKIP);
        awaitState(s -> s.status() == ProcessStatus.RUNNING);
        env.sleep(Duration.ofDays(60));
        assertThat(view().nextDunningAt()).isNull();
        verify(invoicing, never()).sendReminder(anyString(), anyString(), eq(7), anyString());
        pay("pay_1", "1190.00");
        assertThat(result().invoice().status()).isEqualTo(CashStatus.PAID);
    }

    @Test
    void anOverpaymentParksForFinanceOpsAndSkipRecordsItNotApplied() {
        start();
        awaitView(v -> v.status() == CashStatus.SENT);
        pay("pay_big", "2000.00");
        ProcessState parked = awaitState(s -> s.status() == ProcessStatus.NEEDS_ATTENTION);
        assertThat(parked.openException().failureType()).isEqualTo(FailureTypes.PAYMENT_MISMATCH);
        assertThat(parked.openException().owner()).isEqualTo(OwnerTeam.FINANCE_OPS);
        assertThat(parked.openException().cause()).contains("overpayment of 810.00 EUR");
        assertThat(view().payments()).singleElement().extracting(PaymentView::status).isEqualTo(PaymentView.PARKED);

        decide(parked.openException().exceptionId(), ResolutionAction.SKIP);
        InvoiceView after = awaitView(v -> v.payments().getFirst().status().equals(PaymentView.NOT_APPLIED));
        assertThat(after.paid()).isEqualTo(eur("0.00"));
        assertThat(after.status()).isEqualTo(CashStatus.SENT);
        verify(erp, never()).applyPayment(anyString(), anyString(), anyString(), any(), any());
    }

    @Test
    void aPaymentInAnotherCurrencyParks() {
        start();
        awaitView(v -> v.status() == CashStatus.SENT);
        client.newWorkflowStub(InvoiceToCashWorkflow.class, WF).paymentReceived(new PaymentReceived("pay_usd",
                INVOICE, Money.of("100.00", "USD"), "evt_usd", NOW));
        ProcessState parked = awaitState(s -> s.status() == ProcessStatus.NEEDS_ATTENTION);
        assertThat(parked.openException().failureType()).isEqualTo(FailureTypes.PAYMENT_MISMATCH);
        assertThat(parked.openException().cause()).contains("is in USD but invoice INV-1 is in EUR");
    }

    // ---- disputes and credits -------------------------------------------------------------------------------------

    @Test
    void aDisputeHoldsDunningAndRejectedResumesItWhereItStopped() {
        start();
        awaitView(v -> v.status() == CashStatus.SENT);
        env.sleep(Duration.ofDays(31).plusHours(12));
        awaitView(v -> v.dunningStage() == 1);

        DisputeView dispute = openDispute(new DisputeRequest("hours on the 3rd were not agreed", eur("300.00"),
                "fiona", "req-1"));
        assertThat(dispute.disputeId()).isEqualTo("D-1");
        assertThat(dispute.status()).isEqualTo(DisputeView.OPEN);
        DisputeView again = openDispute(new DisputeRequest("hours on the 3rd were not agreed", eur("300.00"),
                "fiona", "req-1"));
        assertThat(again.disputeId()).isEqualTo("D-1"); // the same request answers the same dispute
        InvoiceView held = awaitView(InvoiceView::dunningHeld);
        assertThat(held.nextDunningAt()).isNull();

        env.sleep(Duration.ofDays(20)); // stage 2 would have been due: nothing is sent while disputed
        verify(invoicing, never()).sendReminder(anyString(), anyString(), eq(2), anyString());

        resolve("D-1", DisputeOutcome.REJECTED);
        InvoiceView resumed = awaitView(v -> !v.dunningHeld() && v.nextDunningAt() != null);
        // stage 2 was due 14 days after stage 1; the 20 days on hold move it (and the rest) by 20 days
        // (plus the few real milliseconds the test took between the two updates)
        Instant shifted = Instant.parse("2027-01-13T00:00:00Z").plus(Duration.ofDays(20));
        assertThat(resumed.nextDunningAt()).isBetween(shifted, shifted.plusSeconds(5));
        assertThat(resumed.disputes()).singleElement().extracting(DisputeView::status).isEqualTo("REJECTED");
    }

    @Test
    void anUpheldDisputeIssuesACreditMemoAndCreditsTheReceivableOnce() {
        start();
        awaitView(v -> v.status() == CashStatus.SENT);
        pay("pay_1", "500.00");
        awaitView(v -> v.status() == CashStatus.PARTIALLY_PAID);
        openDispute(new DisputeRequest("travel was capped", eur("190.00"), "fiona", null));
        resolve("D-1", DisputeOutcome.UPHELD);
        InvoiceView credited = awaitView(v -> v.credits().size() == 1 && v.credits().getFirst().erpCreditId() != null);
        assertThat(credited.credited()).isEqualTo(eur("190.00"));
        assertThat(credited.balance()).isEqualTo(eur("500.00"));
        assertThat(credited.disputes().getFirst().creditMemoNumber()).isEqualTo("CM-1");
        assertThat(credited.disputes().getFirst().erpCreditId()).isEqualTo("rcr_cm_1");
        verify(invoicing).issueCreditMemo(anyString(), eq(INVOICE), eq(eur("190.00")), anyString());

        // the platform's invoice.credited for o2c's own memo changes nothing
        client.newWorkflowStub(InvoiceToCashWorkflow.class, WF).invoiceCredited(new InvoiceCredited("cm_1", INVOICE,
                eur("190.00"), "evt_cm"));
        pay("pay_2", "500.00");
        InvoiceToCashResult result = result();
        assertThat(result.invoice().status()).isEqualTo(CashStatus.PAID);
        assertThat(result.invoice().credited()).isEqualTo(eur("190.00"));
        verify(erp, times(1)).creditReceivable(anyString(), anyString(), anyString(), any(), anyString());
        recordHistory("dispute-upheld-paid");
    }

    @Test
    void aCreditMemoFromThePlatformCreditsTheReceivableAndCanSettleTheInvoice() {
        start();
        awaitView(v -> v.status() == CashStatus.SENT);
        client.newWorkflowStub(InvoiceToCashWorkflow.class, WF).invoiceCredited(new InvoiceCredited("cm_9", INVOICE,
                eur("1190.00"), "evt_cm9"));
        InvoiceToCashResult result = result();
        assertThat(result.invoice().status()).isEqualTo(CashStatus.CREDITED);
        verify(erp).creditReceivable(anyString(), eq("rcv_1"), eq("cm_9"), eq(eur("1190.00")), anyString());
        recordHistory("platform-credit-credited");
    }

    @Test
    void refusalsOfDisputesNameWhy() {
        start();
        awaitView(v -> v.status() == CashStatus.SENT);
        assertRefused(() -> openDispute(new DisputeRequest("too much", eur("5000.00"), "fiona", null)),
                CashRefusal.EXCEEDS_BALANCE);
        assertRefused(() -> openDispute(new DisputeRequest("", null, "fiona", null)), CashRefusal.INVALID);
        assertRefused(() -> openDispute(new DisputeRequest("other currency", Money.of("1.00", "USD"), "fiona", null)),
                CashRefusal.INVALID);
        assertRefused(() -> resolve("D-9", DisputeOutcome.UPHELD), CashRefusal.UNKNOWN_DISPUTE);
        openDispute(new DisputeRequest("all of it", null, "fiona", null));
        resolve("D-1", DisputeOutcome.REJECTED);
        assertRefused(() -> resolve("D-1", DisputeOutcome.UPHELD), CashRefusal.ALREADY_RESOLVED);
    }

    // ---- voids, write-offs, rejections ----------------------------------------------------------------------------

    @Test
    void aVoidOfAnUnpaidInvoiceVoidsReversesAndReleasesTheEntries() {
        start();
        awaitView(v -> v.status() == CashStatus.SENT);
        InvoiceView accepted = update(InvoiceToCashWorkflow.VOID_INVOICE, new VoidRequest("wrong rate", "gina"));
        assertThat(accepted.status()).isEqualTo(CashStatus.SENT); // carried out right after
        InvoiceToCashResult result = result();
        assertThat(result.status()).isEqualTo(ProcessStatus.COMPLETED);
        assertThat(result.invoice().status()).isEqualTo(CashStatus.VOID);
        assertThat(result.invoice().voidReason()).isEqualTo("wrong rate");
        verify(invoicing).voidInvoice(anyString(), eq(INVOICE));
        verify(erp).reverseReceivable(anyString(), eq("rcv_1"), org.mockito.ArgumentMatchers.contains("wrong rate"));
        verify(psa).releaseBillingMarks(anyString(), eq(INVOICE));
        recordHistory("void");
    }

    @Test
    void aVoidOfAPaidInvoiceIsRefused() {
        start();
        awaitView(v -> v.status() == CashStatus.SENT);
        pay("pay_1", "100.00");
        awaitView(v -> v.status() == CashStatus.PARTIALLY_PAID);
        assertRefused(() -> update(InvoiceToCashWorkflow.VOID_INVOICE, new VoidRequest("wrong rate", "gina")),
                CashRefusal.HAS_PAYMENTS);
        verify(invoicing, never()).voidInvoice(anyString(), anyString());
    }

    @Test
    void aWriteOffOfTheRestSettlesTheInvoice() {
        start();
        awaitView(v -> v.status() == CashStatus.SENT);
        pay("pay_1", "1100.00");
        awaitView(v -> v.status() == CashStatus.PARTIALLY_PAID);
        assertRefused(() -> update(InvoiceToCashWorkflow.WRITE_OFF, new WriteOffRequest(eur("91.00"), "small rest",
                "gina")), CashRefusal.EXCEEDS_BALANCE);
        update(InvoiceToCashWorkflow.WRITE_OFF, new WriteOffRequest(eur("90.00"), "small rest", "gina"));
        InvoiceToCashResult result = result();
        assertThat(result.invoice().status()).isEqualTo(CashStatus.WRITTEN_OFF);
        assertThat(result.invoice().writeOffs()).singleElement().extracting(WriteOffView::erpWriteOffId)
                .isEqualTo("rwo_1");
        verify(erp).writeOffReceivable(anyString(), eq("rcv_1"), eq(eur("90.00")), eq("small rest"));
        recordHistory("write-off");
        assertRefused(() -> update(InvoiceToCashWorkflow.WRITE_OFF, new WriteOffRequest(eur("1.00"), "x", "gina")),
                null); // closed workflow: no update at all
    }

    @Test
    void aRejectionParksForFinanceOpsAndAVoidOvertakesIt() {
        start();
        awaitView(v -> v.status() == CashStatus.SENT);
        client.newWorkflowStub(InvoiceToCashWorkflow.class, WF).invoiceRejected(new InvoiceRejected(INVOICE,
                "wrong PO number", "evt_rej", NOW));
        ProcessState parked = awaitState(s -> s.status() == ProcessStatus.NEEDS_ATTENTION);
        assertThat(parked.openException().failureType()).isEqualTo(FailureTypes.INVOICE_REJECTED);
        assertThat(parked.openException().owner()).isEqualTo(OwnerTeam.FINANCE_OPS);
        assertThat(view().status()).isEqualTo(CashStatus.REJECTED);
        assertThat(view().rejectionReason()).isEqualTo("wrong PO number");

        update(InvoiceToCashWorkflow.VOID_INVOICE, new VoidRequest("re-issue with the right PO", "gina"));
        InvoiceToCashResult result = result();
        assertThat(result.invoice().status()).isEqualTo(CashStatus.VOID);
        verify(psa).releaseBillingMarks(anyString(), eq(INVOICE));
        verify(ledger).resolveException(org.mockito.ArgumentMatchers.argThat(r ->
                r.exceptionId().equals(parked.openException().exceptionId())
                        && r.note().startsWith("overtaken: void requested by gina")), anyLong());
        recordHistory("rejected-void");
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    private void start() {
        InvoiceToCashWorkflow wf = client.newWorkflowStub(InvoiceToCashWorkflow.class, options);
        WorkflowClient.start(wf::run, new InvoiceToCashRequest(INVOICE, "INV-1", "prj_1", "opp_1", "acc_1", "cus_1",
                "rcv_1", eur("1190.00"), ISSUED, DUE, "project-billing-prj_1-run-1", "corr-1", Duration.ofDays(30)));
    }

    private void pay(String paymentId, String amount) {
        client.newWorkflowStub(InvoiceToCashWorkflow.class, WF).paymentReceived(new PaymentReceived(paymentId,
                INVOICE, eur(amount), "evt_" + paymentId, Instant.ofEpochMilli(env.currentTimeMillis())));
    }

    private DisputeView openDispute(DisputeRequest request) {
        return WorkflowStub.fromTyped(client.newWorkflowStub(InvoiceToCashWorkflow.class, WF))
                .update(InvoiceToCashWorkflow.OPEN_DISPUTE, DisputeView.class, request);
    }

    private DisputeView resolve(String disputeId, DisputeOutcome outcome) {
        return WorkflowStub.fromTyped(client.newWorkflowStub(InvoiceToCashWorkflow.class, WF))
                .update(InvoiceToCashWorkflow.RESOLVE_DISPUTE, DisputeView.class,
                        new DisputeResolution(disputeId, outcome, "checked the timesheets", "hugo"));
    }

    private InvoiceView update(String name, Object request) {
        return WorkflowStub.fromTyped(client.newWorkflowStub(InvoiceToCashWorkflow.class, WF))
                .update(name, InvoiceView.class, request);
    }

    private void decide(String exceptionId, ResolutionAction action) {
        client.newUntypedWorkflowStub(WF).update(Decisions.UPDATE, DecisionAccepted.class,
                new Resolution(exceptionId, action, "frank", "test"));
    }

    private static void assertRefused(Runnable call, CashRefusal refusal) {
        assertThatThrownBy(call::run).satisfies(failure -> {
            if (refusal != null) {
                assertThat(failure).isInstanceOf(WorkflowUpdateException.class);
                assertThat(CashRefusal.of(failure)).contains(refusal);
            }
        });
    }

    private InvoiceToCashResult result() {
        return client.newUntypedWorkflowStub(WF).getResult(InvoiceToCashResult.class);
    }

    private InvoiceView view() {
        return client.newWorkflowStub(InvoiceToCashWorkflow.class, WF).invoice();
    }

    private InvoiceView awaitView(Predicate<InvoiceView> condition) {
        return Poll.until(this::view, condition);
    }

    private ProcessState awaitState(Predicate<ProcessState> condition) {
        return Poll.until(() -> client.newWorkflowStub(InvoiceToCashWorkflow.class, WF).state(), condition);
    }

    private static InvoiceRead invoiceRead(String status) {
        return new InvoiceRead(INVOICE, "INV-1", status, eur("1190.00"), eur("0.00"), eur("0.00"), eur("1190.00"),
                DUE, 1);
    }

    /**
     * With {@code -Do2c.recordHistories=true}, stores the workflow's history for {@link InvoiceToCashReplayTest}.
     */
    private void recordHistory(String scenario) {
        if (!Boolean.getBoolean("o2c.recordHistories")) {
            return;
        }
        try {
            Path file = Path.of("src/test/resources", InvoiceToCashReplayTest.HISTORIES,
                    InvoiceToCashReplayTest.VERSION + "-invoice-to-cash-" + scenario + ".json");
            Files.createDirectories(file.getParent());
            Files.writeString(file, client.fetchHistory(WF).toJson(true) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Money eur(String amount) {
        return Money.of(amount, "EUR");
    }
}
