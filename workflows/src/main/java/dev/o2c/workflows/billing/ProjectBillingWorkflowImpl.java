package dev.o2c.workflows.billing;

import dev.o2c.workflows.billing.BillingState.PendingPropagation;
import dev.o2c.workflows.billing.BillingState.QueuedRun;
import dev.o2c.workflows.common.ProcessState;
import dev.o2c.workflows.common.ProcessStatus;
import dev.o2c.workflows.common.TaskQueues;
import dev.o2c.workflows.model.Contract;
import dev.o2c.workflows.model.Money;
import dev.o2c.workflows.saga.ProcessIdentity;
import dev.o2c.workflows.saga.ProcessLedger;
import dev.o2c.workflows.saga.StepFailure;
import dev.o2c.workflows.saga.SystemActivityOptions;
import dev.o2c.workflows.systems.BillingActivities;
import dev.o2c.workflows.systems.CrmActivities;
import dev.o2c.workflows.systems.LedgerActivities;
import dev.o2c.workflows.systems.PsaProjectRead;
import dev.o2c.workflows.systems.UnbilledPreview;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.spring.boot.WorkflowImpl;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;

/**
 * Project-to-billing: the entity workflow of one engagement (see {@link ProjectBillingWorkflow}).
 *
 * <h2>Runs</h2>
 * One at a time, numbered here ({@code -run-{n}}), each a child {@link BillingRunWorkflow}:
 * <ul>
 *   <li>PERIOD: a timer fires the day after each billing period ends (WEEKLY ends on Sunday, MONTHLY on the month's
 *       last day, QUARTERLY on the quarter's; the last period ends with the contract). The first period is the one
 *       holding the later of the workflow's start and the contract's start: periods that ended before get no run of
 *       their own, the first run bills everything approved up to its period end. MILESTONE billing has no periods.</li>
 *   <li>BILL_NOW: the {@code billNow} update queues one through the given date.</li>
 *   <li>MILESTONE: a completed milestone ({@code workApproved} of kind MILESTONE) queues a milestones-only run.</li>
 *   <li>FINAL: once the contract has ended, a run through its end date; billing ends when a final run bills
 *       nothing.</li>
 *   <li>REISSUE: invoice-to-cash voided an invoice with {@code reissue} ({@code invoiceVoided} signal): a run through
 *       the voided run's date bills the released entries again at once.</li>
 * </ul>
 * A voided invoice ({@code invoiceVoided}) gives its net amount back to the cap and its milestones back to the
 * billable ones; the next run that invoices links its invoice to it ({@code replacesInvoiceIds}).
 * A completed run moves the last billed period (except milestone runs) and the cap consumed (its net amount). Billing
 * ends after a run that saw the PSA project CLOSED or CANCELLED.
 *
 * <h2>Amendments</h2>
 * The {@code amend} and {@code amendFromCrm} updates apply {@link Amendments} in number order; an accepted one
 * changes the contract at once (later runs rate with it; the run in progress gets it by signal) and is written to the
 * systems by an {@link AmendmentPropagationWorkflow} child, one at a time in order (its own thread here).
 *
 * <h2>State</h2>
 * All of it is a {@link BillingState}; continue-as-new carries it once the history passes the request's limit (or
 * Temporal suggests it), between runs, with every update handler finished and no propagation in flight.
 */
@WorkflowImpl(workers = "o2c-workflows")
public class ProjectBillingWorkflowImpl implements ProjectBillingWorkflow {

    private static final Logger log = Workflow.getLogger(ProjectBillingWorkflowImpl.class);

    static final String PERIOD = "PERIOD";
    static final String BILL_NOW_TRIGGER = "BILL_NOW";
    static final String MILESTONE = "MILESTONE";
    static final String FINAL = "FINAL";
    static final String REISSUE = "REISSUE";

    private final ProcessLedger ledger = new ProcessLedger(
            Workflow.newLocalActivityStub(LedgerActivities.class, SystemActivityOptions.ledger()));
    private final CrmActivities crm = Workflow.newActivityStub(CrmActivities.class,
            SystemActivityOptions.forward(TaskQueues.CRM));
    private final BillingActivities billing = Workflow.newActivityStub(BillingActivities.class,
            SystemActivityOptions.bulk(TaskQueues.BILLING));

    private ProjectBillingRequest request;
    private ProjectSetup setup;
    private ProcessIdentity identity;
    private long startedAt;
    private long updatedAt;
    private ProcessStatus status = ProcessStatus.RUNNING;

    // the state (BillingState, mutable here)
    private Contract contract;
    private int contractVersion = 1;
    private int lastAmendmentNumber;
    /** Numbers taken by an amendFromCrm whose CRM read is in flight (validators count them as taken). */
    private int reservedAmendmentNumber;
    private LocalDate lastBilledThrough;
    private Money capConsumed;
    private int runCount;
    private final List<String> billedMilestoneIds = new ArrayList<>();
    private final List<BillingRunSummary> runs = new ArrayList<>();
    private final List<AmendmentRecord> amendments = new ArrayList<>();
    private final Deque<QueuedRun> queued = new ArrayDeque<>();
    private final List<String> pendingMilestones = new ArrayList<>();
    private final Deque<PendingPropagation> propagations = new ArrayDeque<>();
    private final List<String> voidedInvoiceIds = new ArrayList<>();
    private final List<String> pendingReissue = new ArrayList<>();
    private boolean propagating;
    private LocalDate lastPeriodRunThrough;
    private LocalDate startedOn;
    private String projectStatus = PsaProjectRead.ACTIVE;

    private String activeRunId;
    private boolean previewDirty;
    private UnbilledPreview preview;
    private long previewAt;
    private String endReason;

    /**
     * Sets the state up before anything else runs: an update can arrive in the workflow's first task, and its
     * validator then runs before {@link #run}.
     */
    @WorkflowInit
    public ProjectBillingWorkflowImpl(ProjectBillingRequest request) {
        init(request);
    }

    @Override
    public ProjectBillingResult run(ProjectBillingRequest request) {
        Async.procedure(this::propagate);
        if (request.carried() == null) {
            ledger.transition(identity, ProcessStatus.RUNNING, null, "billing started: " + contract.billingModel()
                    + ", billed " + setup.billingPeriod() + ", revenue " + setup.revenueMethod() + ", contract "
                    + contract.startDate() + " to " + contract.endDate(), ids());
            previewDirty = true;
        }
        while (endReason == null) {
            if (shouldContinueAsNew()) {
                log.info("project {}: continue-as-new after {} events", setup.psaProjectId(),
                        Workflow.getInfo().getHistoryLength());
                Workflow.continueAsNew(request.carrying(snapshot()));
            }
            waitForWork();
            while (!queued.isEmpty() && endReason == null) {
                runOne(queued.poll());
            }
            if (endReason == null && previewDirty) {
                refreshPreview();
            }
        }
        Workflow.await(() -> !propagating && propagations.isEmpty() && Workflow.isEveryHandlerFinished());
        status = ProcessStatus.COMPLETED;
        touch();
        ledger.transition(identity, ProcessStatus.COMPLETED, null, "billing ended: " + endReason, ids());
        return new ProjectBillingResult(status, endReason, snapshot());
    }

    // ---- queries -----------------------------------------------------------------------------------------------

    @Override
    public ProcessState state() {
        String workflowId = Workflow.getInfo().getWorkflowId();
        return new ProcessState(workflowId, PROCESS_TYPE, setup.psaProjectId(), status, request.correlationId(),
                List.of(), ids(), null,
                startedAt, updatedAt, 1);
    }

    @Override
    public ProjectBillingView billing() {
        Money cap = contract.notToExceed();
        Money remaining = cap == null ? null : cap.minus(capConsumed);
        return new ProjectBillingView(setup.psaProjectId(), Workflow.getInfo().getWorkflowId(),
                status, setup, contractVersion, lastAmendmentNumber, contract, lastBilledThrough, cap, capConsumed,
                remaining == null ? null : remaining.isNegative() ? Money.zero(remaining.currency()) : remaining,
                preview == null ? null : preview.amount(), preview == null ? 0 : preview.entries(), previewAt,
                nextPeriodEnd(), activeRunId, List.copyOf(runs), List.copyOf(amendments));
    }

    // ---- updates and signals -----------------------------------------------------------------------------------

    @Override
    public void validateAmend(AmendmentRequest amendment) {
        requireOpen();
        Amendments.checkNumber(amendment.number(), Math.max(lastAmendmentNumber, reservedAmendmentNumber));
        Amendments.apply(contract, amendment, lastBilledThrough, capConsumed);
    }

    @Override
    public AmendmentAccepted amend(AmendmentRequest amendment) {
        return accept(amendment, Amendments.apply(contract, amendment, lastBilledThrough, capConsumed));
    }

    @Override
    public void validateAmendFromCrm(CrmAmendmentNotice notice) {
        requireOpen();
        Amendments.checkNumber(notice.number(), Math.max(lastAmendmentNumber, reservedAmendmentNumber));
    }

    @Override
    public AmendmentAccepted amendFromCrm(CrmAmendmentNotice notice) {
        reservedAmendmentNumber = notice.number(); // no other amendment takes this number while the CRM is read
        AmendmentRequest amendment;
        try {
            amendment = crm.readAmendment(notice.opportunityId(), notice.number());
        } catch (ActivityFailure failure) {
            reservedAmendmentNumber = lastAmendmentNumber;
            throw failure;
        }
        AmendmentRequest fromCrm = new AmendmentRequest(notice.number(), amendment.effectiveFrom(),
                amendment.rateCard(), amendment.capAmount(), amendment.endDate(), amendment.milestones(),
                amendment.retainerMonthlyAmount(), amendment.reason(), amendment.actor(), AmendmentRequest.SOURCE_CRM,
                notice.amendmentId());
        Contract amended;
        try {
            amended = Amendments.apply(contract, fromCrm, lastBilledThrough, capConsumed);
        } catch (io.temporal.failure.ApplicationFailure refused) {
            // the CRM holds it already: consume the number (later ones must not wait for it) and record the refusal
            reservedAmendmentNumber = lastAmendmentNumber = notice.number();
            String detail = BillingRefusal.of(refused).map(Enum::name).orElse("INVALID") + ": "
                    + BillingRefusal.text(refused);
            amendments.add(new AmendmentRecord(notice.number(), fromCrm.effectiveFrom(), AmendmentAccepted.REFUSED,
                    contractVersion, Amendments.changed(fromCrm), fromCrm.reason(), fromCrm.actor(),
                    AmendmentRequest.SOURCE_CRM, null, Workflow.currentTimeMillis()));
            touch();
            log.warn("project {}: CRM amendment {} refused: {}", setup.psaProjectId(), notice.number(), detail);
            ledger.transition(identity, ProcessStatus.RUNNING, "amendment-" + notice.number(),
                    "CRM amendment " + notice.number() + " refused: " + detail, ids());
            return new AmendmentAccepted(notice.number(), AmendmentAccepted.REFUSED, contractVersion, contract, null,
                    detail);
        }
        return accept(fromCrm, amended);
    }

    @Override
    public void validateBillNow(BillNowRequest billNow) {
        requireOpen();
        LocalDate through = billNow.through();
        if (through == null) {
            throw BillingRefusal.INVALID_DATE.failure("through is required");
        }
        if (through.isAfter(today())) {
            throw BillingRefusal.INVALID_DATE.failure("through " + through + " is in the future (today is "
                    + today() + ")");
        }
        if (through.isBefore(contract.startDate())) {
            throw BillingRefusal.INVALID_DATE.failure("through " + through + " is before the contract starts ("
                    + contract.startDate() + ")");
        }
    }

    @Override
    public BillingRunStarted billNow(BillNowRequest billNow) {
        QueuedRun run = new QueuedRun(++runCount, BILL_NOW_TRIGGER, billNow.through(), billNow.actor());
        queued.add(run);
        touch();
        log.info("project {}: bill-now through {} by {} queued as run {}", setup.psaProjectId(), billNow.through(),
                billNow.actor(), run.runNumber());
        return new BillingRunStarted(run.runNumber(),
                ProjectBillingWorkflow.runWorkflowId(setup.psaProjectId(), run.runNumber()),
                billNow.through());
    }

    @Override
    public void workApproved(WorkApproved event) {
        if (WorkApproved.MILESTONE.equals(event.kind()) && event.entityId() != null
                && !billedMilestoneIds.contains(event.entityId()) && !pendingMilestones.contains(event.entityId())) {
            pendingMilestones.add(event.entityId());
        }
        previewDirty = true;
    }

    @Override
    public void invoiceVoided(InvoiceVoided voided) {
        if (voided == null || voided.invoiceId() == null || voidedInvoiceIds.contains(voided.invoiceId())) {
            return;
        }
        voidedInvoiceIds.add(voided.invoiceId());
        pendingReissue.add(voided.invoiceId());
        BillingRunSummary run = null;
        for (BillingRunSummary each : runs) {
            if (voided.invoiceId().equals(each.invoiceId())) {
                run = each;
            }
        }
        if (run != null) {
            if (run.subtotal() != null) {
                Money back = capConsumed.minus(run.subtotal());
                capConsumed = back.isNegative() ? Money.zero(back.currency()) : back;
            }
            billedMilestoneIds.removeAll(run.milestoneIds());
        }
        if (voided.reissue() && endReason == null) {
            QueuedRun reissue = new QueuedRun(++runCount, REISSUE, run != null ? run.through() : today(),
                    voided.actor());
            queued.add(reissue);
            log.info("project {}: invoice {} voided by {}; run {} bills its entries again", setup.psaProjectId(),
                    voided.invoiceNumber(), voided.actor(), reissue.runNumber());
        } else {
            log.info("project {}: invoice {} voided by {}; the next run bills its entries again",
                    setup.psaProjectId(), voided.invoiceNumber(), voided.actor());
        }
        previewDirty = true;
        touch();
    }

    /** Applies an amendment already checked ({@code amended}: the contract it produces). */
    private AmendmentAccepted accept(AmendmentRequest amendment, Contract amended) {
        contract = amended;
        contractVersion++;
        lastAmendmentNumber = amendment.number();
        reservedAmendmentNumber = lastAmendmentNumber;
        String propagationId = ProjectBillingWorkflow.amendmentWorkflowId(setup.psaProjectId(), amendment.number());
        amendments.add(new AmendmentRecord(amendment.number(), amendment.effectiveFrom(), AmendmentAccepted.APPLIED,
                contractVersion, Amendments.changed(amendment), amendment.reason(), amendment.actor(),
                amendment.source(), propagationId, Workflow.currentTimeMillis()));
        propagations.add(new PendingPropagation(amendment, amended, contractVersion));
        previewDirty = true;
        touch();
        if (activeRunId != null) {
            try {
                Workflow.newExternalWorkflowStub(BillingRunWorkflow.class, activeRunId)
                        .contractChanged(amended, contractVersion);
            } catch (io.temporal.workflow.SignalExternalWorkflowException runEnded) {
                log.info("project {}: run {} ended before the amendment reached it", setup.psaProjectId(),
                        activeRunId);
            }
        }
        log.info("project {}: amendment {} ({}) by {} from {} applied, contract version {}", setup.psaProjectId(),
                amendment.number(), Amendments.changed(amendment), amendment.actor(), amendment.source(),
                contractVersion);
        return new AmendmentAccepted(amendment.number(), AmendmentAccepted.APPLIED, contractVersion, amended,
                propagationId, "amendment " + amendment.number() + " applied: " + Amendments.changed(amendment));
    }

    private void requireOpen() {
        if (endReason != null || status != ProcessStatus.RUNNING) {
            throw BillingRefusal.PROJECT_ENDED.failure("billing of project " + setup.psaProjectId() + " has ended: "
                    + endReason);
        }
    }

    // ---- the loop ----------------------------------------------------------------------------------------------

    /** Waits for the next period end, a queued run, a milestone or a preview to refresh, and queues what is due. */
    private void waitForWork() {
        LocalDate periodEnd = nextPeriodEnd();
        if (periodEnd == null && contractOver()) {
            queued.add(new QueuedRun(++runCount, FINAL, contract.endDate(), "system"));
            return;
        }
        boolean timedOut;
        if (periodEnd == null) {
            Workflow.await(this::hasWork);
            timedOut = false;
        } else {
            Duration wait = Duration.ofMillis(Math.max(0, periodEnd.plusDays(1).atStartOfDay(ZoneOffset.UTC)
                    .toInstant().toEpochMilli() - Workflow.currentTimeMillis()));
            timedOut = wait.isZero() || !Workflow.await(wait, this::hasWork);
        }
        if (timedOut) {
            queued.add(new QueuedRun(++runCount, PERIOD, periodEnd, "system"));
        }
        if (!pendingMilestones.isEmpty()) {
            queued.add(new QueuedRun(++runCount, MILESTONE, today(), "system"));
            pendingMilestones.clear();
        }
    }

    private boolean hasWork() {
        // continue-as-new wakes the loop only once it can happen (else the loop would spin while a handler or a
        // propagation is still running)
        return !queued.isEmpty() || !pendingMilestones.isEmpty() || previewDirty || shouldContinueAsNew();
    }

    /** Starts one run as a child and waits for it; applies its outcome. */
    private void runOne(QueuedRun next) {
        String runId = ProjectBillingWorkflow.runWorkflowId(setup.psaProjectId(), next.runNumber());
        boolean milestonesOnly = MILESTONE.equals(next.trigger());
        LocalDate periodStart = lastBilledThrough == null ? contract.startDate() : lastBilledThrough.plusDays(1);
        List<String> replaces = List.copyOf(pendingReissue);
        BillingRunRequest runRequest = new BillingRunRequest(setup, next.runNumber(), next.trigger(), periodStart,
                next.through(), contract, contractVersion, capConsumed, List.copyOf(billedMilestoneIds),
                milestonesOnly, request.correlationId(), request.parkTimeout(), replaces);
        if (PERIOD.equals(next.trigger()) || FINAL.equals(next.trigger())) {
            lastPeriodRunThrough = next.through();
        }
        int index = runs.size();
        runs.add(summary(next, runId, ProcessStatus.RUNNING, null, "started by " + next.actor(), replaces));
        activeRunId = runId;
        touch();
        BillingRunWorkflow child = Workflow.newChildWorkflowStub(BillingRunWorkflow.class,
                ChildWorkflowOptions.newBuilder()
                        .setWorkflowId(runId)
                        .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_REQUEST_CANCEL)
                        .build());
        BillingRunResult result;
        try {
            result = child.run(runRequest);
        } catch (ChildWorkflowFailure failed) {
            log.error("project {}: run {} failed: {}", setup.psaProjectId(), runId, failed.getMessage());
            runs.set(index, summary(next, runId, ProcessStatus.FAILED, null, String.valueOf(failed.getMessage()),
                    replaces));
            activeRunId = null;
            touch();
            return;
        }
        activeRunId = null;
        runs.set(index, summary(next, runId, result.status(), result, result.detail(), replaces));
        if (result.status() == ProcessStatus.COMPLETED && result.invoiceId() != null) {
            pendingReissue.removeAll(replaces);
        }
        apply(next, result);
        touch();
    }

    private void apply(QueuedRun run, BillingRunResult result) {
        if (result.projectStatus() != null) {
            projectStatus = result.projectStatus();
        }
        if (result.status() == ProcessStatus.COMPLETED) {
            if (result.invoiceId() != null) {
                capConsumed = capConsumed.plus(result.subtotal());
                billedMilestoneIds.addAll(result.milestonesBilled());
            }
            if (!MILESTONE.equals(run.trigger())
                    && (lastBilledThrough == null || run.through().isAfter(lastBilledThrough))) {
                lastBilledThrough = run.through();
            }
            previewDirty = true;
        }
        if (PsaProjectRead.CLOSED.equals(projectStatus) || PsaProjectRead.CANCELLED.equals(projectStatus)) {
            endReason = "the PSA project is " + projectStatus + " (final run " + run.runNumber() + " "
                    + result.status() + ")";
        } else if (FINAL.equals(run.trigger()) && result.status() == ProcessStatus.COMPLETED
                && result.invoiceId() == null) {
            endReason = "the contract ended on " + contract.endDate() + " and everything approved is billed";
        }
    }

    private void refreshPreview() {
        previewDirty = false;
        LocalDate through = today().isAfter(contract.endDate()) ? contract.endDate() : today();
        try {
            preview = billing.previewUnbilled(setup.psaProjectId(), contract, through);
            previewAt = Workflow.currentTimeMillis();
        } catch (ActivityFailure failure) {
            log.warn("project {}: unbilled preview failed: {}", setup.psaProjectId(), StepFailure.describe(failure));
        }
    }

    /** The propagation thread: writes accepted amendments to the systems, one at a time, in order. */
    private void propagate() {
        while (true) {
            Workflow.await(() -> !propagations.isEmpty());
            propagating = true;
            PendingPropagation next = propagations.peek();
            int number = next.amendment().number();
            AmendmentPropagationWorkflow child = Workflow.newChildWorkflowStub(AmendmentPropagationWorkflow.class,
                    ChildWorkflowOptions.newBuilder()
                            .setWorkflowId(ProjectBillingWorkflow.amendmentWorkflowId(setup.psaProjectId(), number))
                            .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON)
                            .build());
            try {
                AmendmentPropagated done = child.run(setup, next.amendment(), next.contract(), next.contractVersion(),
                        request.correlationId(), request.parkTimeout());
                log.info("project {}: amendment {} propagated: {} {}", setup.psaProjectId(), number, done.status(),
                        done.detail());
            } catch (ChildWorkflowFailure failed) {
                log.error("project {}: propagation of amendment {} failed: {}", setup.psaProjectId(), number,
                        failed.getMessage());
            }
            propagations.poll();
            propagating = false;
        }
    }

    // ---- periods -----------------------------------------------------------------------------------------------

    /** The end of the next billing period to run, or null (milestone billing, or the contract is over). */
    LocalDate nextPeriodEnd() {
        if ("MILESTONE".equals(setup.billingPeriod()) || "ON_DEMAND".equals(setup.billingPeriod())) {
            return null;
        }
        LocalDate done = later(lastBilledThrough, lastPeriodRunThrough);
        LocalDate base = done != null ? done.plusDays(1) : later(startedOn, contract.startDate());
        if (base.isAfter(contract.endDate())) {
            return null;
        }
        LocalDate end = switch (setup.billingPeriod()) {
            case "WEEKLY" -> base.with(TemporalAdjusters.nextOrSame(DayOfWeek.SUNDAY));
            case "QUARTERLY" -> base.withMonth(((base.getMonthValue() - 1) / 3) * 3 + 3)
                    .with(TemporalAdjusters.lastDayOfMonth());
            default -> base.with(TemporalAdjusters.lastDayOfMonth());
        };
        return end.isAfter(contract.endDate()) ? contract.endDate() : end;
    }

    private boolean contractOver() {
        LocalDate done = later(lastBilledThrough, lastPeriodRunThrough);
        boolean periodsDone = done != null && !done.isBefore(contract.endDate());
        BillingRunSummary last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
        boolean finalRunStopped = last != null && FINAL.equals(last.trigger())
                && last.status() != ProcessStatus.COMPLETED; // wait for a bill-now rather than loop
        return (periodsDone || today().isAfter(contract.endDate())) && !finalRunStopped;
    }

    private static LocalDate later(LocalDate a, LocalDate b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }

    // ---- state -------------------------------------------------------------------------------------------------

    private void init(ProjectBillingRequest request) {
        this.request = request;
        this.setup = request.setup();
        this.identity = ProcessIdentity.ofCurrentWorkflow(PROCESS_TYPE, setup.psaProjectId(), request.correlationId(),
                1);
        this.startedAt = Workflow.currentTimeMillis();
        this.updatedAt = startedAt;
        BillingState carried = request.carried();
        if (carried == null) {
            contract = request.contract();
            capConsumed = Money.zero(contract.currency());
            startedOn = today();
        } else {
            contract = carried.contract();
            contractVersion = carried.contractVersion();
            lastAmendmentNumber = carried.lastAmendmentNumber();
            lastBilledThrough = carried.lastBilledThrough();
            capConsumed = carried.capConsumed();
            runCount = carried.runCount();
            billedMilestoneIds.addAll(carried.billedMilestoneIds());
            runs.addAll(carried.runs());
            amendments.addAll(carried.amendments());
            queued.addAll(carried.queued());
            pendingMilestones.addAll(carried.pendingMilestones());
            propagations.addAll(carried.propagationsPending());
            lastPeriodRunThrough = carried.lastPeriodRunThrough();
            startedOn = carried.startedOn();
            projectStatus = carried.projectStatus();
            voidedInvoiceIds.addAll(carried.voidedInvoiceIds());
            pendingReissue.addAll(carried.pendingReissue());
        }
        reservedAmendmentNumber = lastAmendmentNumber;
    }

    BillingState snapshot() {
        return new BillingState(contract, contractVersion, lastAmendmentNumber, lastBilledThrough, capConsumed,
                runCount, billedMilestoneIds, runs, amendments, List.copyOf(queued), pendingMilestones,
                List.copyOf(propagations), lastPeriodRunThrough, startedOn, projectStatus, voidedInvoiceIds,
                pendingReissue);
    }

    private boolean shouldContinueAsNew() {
        return continueAsNewDue() && Workflow.isEveryHandlerFinished() && !propagating && activeRunId == null;
    }

    private boolean continueAsNewDue() {
        return (Workflow.getInfo().isContinueAsNewSuggested()
                || Workflow.getInfo().getHistoryLength() >= request.historyLimit());
    }

    private Map<String, String> ids() {
        Map<String, String> ids = new LinkedHashMap<>();
        ids.put("psaProjectId", setup.psaProjectId());
        putIfPresent(ids, "erpProjectId", setup.erpProjectId());
        putIfPresent(ids, "billingPlanId", setup.billingPlanId());
        return ids;
    }

    private static void putIfPresent(Map<String, String> ids, String key, String value) {
        if (value != null) {
            ids.put(key, value);
        }
    }

    private static BillingRunSummary summary(QueuedRun run, String runId, ProcessStatus status,
            BillingRunResult result, String detail, List<String> replaces) {
        boolean invoiced = result != null && result.invoiceId() != null;
        return new BillingRunSummary(run.runNumber(), runId, run.trigger(), run.through(), status,
                result == null ? null : result.invoiceId(), result == null ? null : result.invoiceNumber(),
                result == null ? null : result.subtotal(), result == null ? null : result.taxTotal(),
                result == null ? null : result.total(), result == null ? 0 : result.entriesBilled(),
                result == null ? null : result.heldBack(), detail,
                invoiced ? result.milestonesBilled() : List.of(), invoiced ? replaces : List.of());
    }

    private void touch() {
        updatedAt = Workflow.currentTimeMillis();
    }

    private static LocalDate today() {
        return LocalDate.ofInstant(Instant.ofEpochMilli(Workflow.currentTimeMillis()), ZoneOffset.UTC);
    }

}
