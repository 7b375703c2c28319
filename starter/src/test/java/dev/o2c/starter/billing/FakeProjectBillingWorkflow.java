package dev.o2c.starter.billing;

import dev.o2c.workflows.billing.AmendmentAccepted;
import dev.o2c.workflows.billing.AmendmentRecord;
import dev.o2c.workflows.billing.AmendmentRequest;
import dev.o2c.workflows.billing.BillNowRequest;
import dev.o2c.workflows.billing.BillingRefusal;
import dev.o2c.workflows.billing.BillingRunStarted;
import dev.o2c.workflows.billing.BillingRunSummary;
import dev.o2c.workflows.billing.BillingState;
import dev.o2c.workflows.billing.CrmAmendmentNotice;
import dev.o2c.workflows.billing.ProjectBillingRequest;
import dev.o2c.workflows.billing.ProjectBillingResult;
import dev.o2c.workflows.billing.ProjectBillingView;
import dev.o2c.workflows.billing.ProjectBillingWorkflow;
import dev.o2c.workflows.billing.WorkApproved;
import dev.o2c.workflows.common.ProcessState;
import dev.o2c.workflows.common.ProcessStatus;
import dev.o2c.workflows.model.Contract;
import dev.o2c.workflows.model.Money;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Test double of project-to-billing (the real one is the workflows module's): holds the contract and the numbers it
 * was started with ({@link ProjectBillingRequest#carried()}), answers {@code billing} and {@code state}, and refuses in
 * its validators like the real one, with {@link BillingRefusal#failure}: amendment numbers taken ({@code DUPLICATE}) or
 * skipped ({@code OUT_OF_ORDER}), changes inside the billed period, amendments that change nothing ({@code INVALID}),
 * bill-now in the future or before the contract ({@code INVALID_DATE}), anything for a project whose id contains
 * {@code ended} ({@code PROJECT_ENDED}). A project whose id contains {@code closed} ends at once.
 */
public class FakeProjectBillingWorkflow implements ProjectBillingWorkflow {

    /** The workApproved signals each workflow received. */
    static final Map<String, List<WorkApproved>> SIGNALS = new ConcurrentHashMap<>();

    private final ProjectBillingRequest request;
    private Contract contract;
    private int contractVersion = 1;
    private int lastAmendmentNumber;
    private LocalDate lastBilledThrough;
    private int runCount;
    private final List<BillingRunSummary> runs = new ArrayList<>();
    private final List<AmendmentRecord> amendments = new ArrayList<>();

    /**
     * State set up before any handler runs: an Update may arrive in the same first workflow task as the start, and its
     * validator runs before {@link #run} does.
     */
    @WorkflowInit
    public FakeProjectBillingWorkflow(ProjectBillingRequest request) {
        this.request = request;
        this.contract = request.contract();
        BillingState carried = request.carried();
        if (carried != null) {
            contractVersion = carried.contractVersion();
            lastAmendmentNumber = carried.lastAmendmentNumber();
            lastBilledThrough = carried.lastBilledThrough();
            runCount = carried.runCount();
            runs.addAll(carried.runs());
        }
    }

    @Override
    public ProjectBillingResult run(ProjectBillingRequest request) {
        if (!request.setup().psaProjectId().contains("closed")) {
            Workflow.await(() -> false);
        }
        return new ProjectBillingResult(ProcessStatus.COMPLETED, "billing ended", null);
    }

    private String projectId() {
        return request.setup().psaProjectId();
    }

    @Override
    public ProcessState state() {
        return new ProcessState(Workflow.getInfo().getWorkflowId(), PROCESS_TYPE, projectId(), ProcessStatus.RUNNING,
                request.correlationId(), List.of(), Map.of(), null, 0, 0);
    }

    @Override
    public ProjectBillingView billing() {
        Money cap = contract.notToExceed();
        Money consumed = Money.of("25000.00", contract.currency());
        return new ProjectBillingView(projectId(), Workflow.getInfo().getWorkflowId(), ProcessStatus.RUNNING,
                request.setup(), contractVersion, lastAmendmentNumber, contract, lastBilledThrough, cap,
                cap == null ? null : consumed, cap == null ? null : cap.minus(consumed),
                Money.of("1234.50", contract.currency()), 7, 1_772_359_200_000L, LocalDate.of(2026, 4, 30),
                null, List.copyOf(runs), List.copyOf(amendments));
    }

    @Override
    public AmendmentAccepted amend(AmendmentRequest amendment) {
        Contract amended = new Contract(contract.billingModel(), contract.value(), contract.startDate(),
                amendment.endDate() != null ? amendment.endDate() : contract.endDate(),
                amendment.capAmount() != null ? amendment.capAmount() : contract.notToExceed(),
                amendment.rateCard() != null ? amendment.rateCard() : contract.rateCard(),
                amendment.milestones() != null ? amendment.milestones() : contract.milestones(),
                amendment.retainerMonthlyAmount() != null ? amendment.retainerMonthlyAmount()
                        : contract.retainerMonthlyAmount());
        return accept(amendment.number(), amendment.effectiveFrom(), amended, AmendmentAccepted.APPLIED,
                amendment.reason(), amendment.actor(), amendment.source());
    }

    @Override
    public void validateAmend(AmendmentRequest amendment) {
        if (projectId().contains("ended")) {
            throw BillingRefusal.PROJECT_ENDED.failure("project " + projectId() + " is closed");
        }
        checkNumber(amendment.number());
        if (lastBilledThrough != null && !amendment.effectiveFrom().isAfter(lastBilledThrough)) {
            throw BillingRefusal.INSIDE_BILLED_PERIOD.failure("effectiveFrom " + amendment.effectiveFrom()
                    + " lies in the period billed through " + lastBilledThrough + "; issue a credit instead");
        }
        if (amendment.changesNothing()) {
            throw BillingRefusal.INVALID.failure("amendment " + amendment.number() + " changes nothing");
        }
    }

    @Override
    public AmendmentAccepted amendFromCrm(CrmAmendmentNotice notice) {
        boolean refused = notice.amendmentId().contains("refuse");
        return accept(notice.number(), notice.effectiveFrom(), contract,
                refused ? AmendmentAccepted.REFUSED : AmendmentAccepted.APPLIED, "from the CRM", "crm", "crm");
    }

    @Override
    public void validateAmendFromCrm(CrmAmendmentNotice notice) {
        if (projectId().contains("ended")) {
            throw BillingRefusal.PROJECT_ENDED.failure("project " + projectId() + " is closed");
        }
        checkNumber(notice.number());
    }

    private void checkNumber(int number) {
        if (number <= lastAmendmentNumber) {
            throw BillingRefusal.DUPLICATE.failure("amendment " + number + " was accepted before");
        }
        if (number != lastAmendmentNumber + 1) {
            throw BillingRefusal.OUT_OF_ORDER.failure("amendment " + number + " is not the next one; expected "
                    + (lastAmendmentNumber + 1));
        }
    }

    private AmendmentAccepted accept(int number, LocalDate effectiveFrom, Contract amended, String status,
            String reason, String actor, String source) {
        lastAmendmentNumber = number;
        boolean applied = AmendmentAccepted.APPLIED.equals(status);
        String propagation = applied ? ProjectBillingWorkflow.amendmentWorkflowId(projectId(), number) : null;
        if (applied) {
            contract = amended;
            contractVersion++;
        }
        amendments.add(new AmendmentRecord(number, effectiveFrom, status, contractVersion, List.of("capAmount"),
                reason, actor, source, propagation, Workflow.currentTimeMillis()));
        return new AmendmentAccepted(number, status, contractVersion, contract, propagation,
                applied ? "amendment " + number + " applied" : "cannot apply the change: billing model differs");
    }

    @Override
    public BillingRunStarted billNow(BillNowRequest billNow) {
        runCount++;
        String runId = ProjectBillingWorkflow.runWorkflowId(projectId(), runCount);
        runs.add(new BillingRunSummary(runCount, runId, "BILL_NOW", billNow.through(), null, null, null, null, null,
                null, 0, null, "queued"));
        return new BillingRunStarted(runCount, runId, billNow.through());
    }

    @Override
    public void validateBillNow(BillNowRequest billNow) {
        if (projectId().contains("ended")) {
            throw BillingRefusal.PROJECT_ENDED.failure("project " + projectId() + " is closed");
        }
        LocalDate today = LocalDate.ofInstant(Instant.ofEpochMilli(Workflow.currentTimeMillis()), ZoneOffset.UTC);
        if (billNow.through().isAfter(today) || billNow.through().isBefore(contract.startDate())) {
            throw BillingRefusal.INVALID_DATE.failure("through " + billNow.through() + " is in the future or before"
                    + " the contract starts on " + contract.startDate());
        }
    }

    @Override
    public void workApproved(WorkApproved event) {
        SIGNALS.computeIfAbsent(Workflow.getInfo().getWorkflowId(), id -> new CopyOnWriteArrayList<>()).add(event);
    }

    @Override
    public void invoiceVoided(dev.o2c.workflows.billing.InvoiceVoided voided) {
        // invoice-to-cash's signal: not sent by the starter
    }
}
