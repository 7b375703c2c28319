package dev.o2c.workflows.billing;

import static dev.o2c.workflows.billing.BillingRunSteps.ALL;
import static dev.o2c.workflows.billing.BillingRunSteps.CHECK_PROJECT;
import static dev.o2c.workflows.billing.BillingRunSteps.COLLECT;
import static dev.o2c.workflows.billing.BillingRunSteps.CONVERT;
import static dev.o2c.workflows.billing.BillingRunSteps.CREATE_INVOICE;
import static dev.o2c.workflows.billing.BillingRunSteps.FINALIZE_INVOICE;
import static dev.o2c.workflows.billing.BillingRunSteps.GUARD_CAP;
import static dev.o2c.workflows.billing.BillingRunSteps.INVOICE_ID;
import static dev.o2c.workflows.billing.BillingRunSteps.INVOICE_TO_CASH_ID;
import static dev.o2c.workflows.billing.BillingRunSteps.MARK_BILLED;
import static dev.o2c.workflows.billing.BillingRunSteps.POST_RECEIVABLE;
import static dev.o2c.workflows.billing.BillingRunSteps.POST_REVENUE;
import static dev.o2c.workflows.billing.BillingRunSteps.READ_PROJECT;
import static dev.o2c.workflows.billing.BillingRunSteps.READ_TAX_RATE;
import static dev.o2c.workflows.billing.BillingRunSteps.RECEIVABLE_ID;
import static dev.o2c.workflows.billing.BillingRunSteps.REVENUE_ENTRY_ID;
import static dev.o2c.workflows.billing.BillingRunSteps.START_INVOICE_TO_CASH;

import dev.o2c.workflows.common.FailureTypes;
import dev.o2c.workflows.common.OwnerTeam;
import dev.o2c.workflows.common.ProcessStatus;
import dev.o2c.workflows.common.ResolutionAction;
import dev.o2c.workflows.common.TaskQueues;
import dev.o2c.workflows.model.BillingModel;
import dev.o2c.workflows.model.Contract;
import dev.o2c.workflows.model.Money;
import dev.o2c.workflows.saga.Json;
import dev.o2c.workflows.saga.ParkOutcome;
import dev.o2c.workflows.saga.SagaOutcome;
import dev.o2c.workflows.saga.SagaStep;
import dev.o2c.workflows.saga.SagaStopped;
import dev.o2c.workflows.saga.StepFailure;
import dev.o2c.workflows.saga.SystemActivityOptions;
import dev.o2c.workflows.saga.TrackedSaga;
import dev.o2c.workflows.saga.TrackedSagaWorkflow;
import dev.o2c.workflows.systems.Ack;
import dev.o2c.workflows.systems.BillingActivities;
import dev.o2c.workflows.systems.CollectRequest;
import dev.o2c.workflows.systems.Collected;
import dev.o2c.workflows.systems.Converted;
import dev.o2c.workflows.systems.Created;
import dev.o2c.workflows.systems.ErpActivities;
import dev.o2c.workflows.systems.FinalizedInvoice;
import dev.o2c.workflows.systems.InvoiceHeader;
import dev.o2c.workflows.systems.InvoicingActivities;
import dev.o2c.workflows.systems.PriceRequest;
import dev.o2c.workflows.systems.PsaActivities;
import dev.o2c.workflows.systems.PsaProjectRead;
import dev.o2c.workflows.systems.RunTotals;
import dev.o2c.workflows.systems.TaxRateRead;
import dev.o2c.workflows.cash.InvoiceToCashRequest;
import dev.o2c.workflows.cash.InvoiceToCashWorkflow;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.spring.boot.WorkflowImpl;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;

/**
 * One billing run: approved work in the PSA becomes a finalized invoice, billing marks, an ERP receivable and the
 * period's revenue. A saga on {@link TrackedSaga} (steps in {@link BillingRunSteps}).
 *
 * <p>Volume never enters the history: {@link BillingActivities} moves the entries between the PSA, the ledger and the
 * invoicing platform; this workflow sees counts and totals, so its history has the same events for 100 or 100,000
 * entries.
 *
 * <p>Parks (for a person to fix, then RETRY; SKIP where it says so): a project on hold or cancelled (pmo; SKIP bills
 * anyway), time without a rate in force (finance-ops: an amendment adds the rate, RETRY collects again with it; SKIP
 * leaves that time unbilled), an expense currency without an exchange rate, no tax rate, and the cap: what would
 * exceed the not-to-exceed amount is held back before anything reaches invoicing (finance-ops, with the amount over
 * the cap; an amendment raising the cap then RETRY bills it, SKIP bills up to the cap and leaves the rest unbilled).
 * A refusal of the invoice or the billing marks compensates in reverse: the draft is voided and the marks released.
 * From the finalized invoice on, the ERP steps park instead (skippable), since the invoice exists.
 *
 * <p>The contract is the one in force when the run started; an amendment accepted meanwhile reaches the run as the
 * {@code contractChanged} signal and applies from the next (re-)collection or cap check.
 */
@WorkflowImpl(workers = "o2c-workflows")
public class BillingRunWorkflowImpl extends TrackedSagaWorkflow implements BillingRunWorkflow {

    /** Version marker of step 12, which starts invoice-to-cash (runs recorded before skip it). */
    static final String START_INVOICE_TO_CASH_CHANGE = "start-invoice-to-cash";

    public BillingRunWorkflowImpl() {
        super(PROCESS_TYPE, ALL);
    }


    private static final Logger log = Workflow.getLogger(BillingRunWorkflowImpl.class);

    private final PsaActivities psa = Workflow.newActivityStub(PsaActivities.class,
            SystemActivityOptions.forward(TaskQueues.PSA));
    private final PsaActivities psaUndo = Workflow.newActivityStub(PsaActivities.class,
            SystemActivityOptions.compensation(TaskQueues.PSA));
    private final ErpActivities erp = Workflow.newActivityStub(ErpActivities.class,
            SystemActivityOptions.forward(TaskQueues.ERP));
    private final InvoicingActivities invoicing = Workflow.newActivityStub(InvoicingActivities.class,
            SystemActivityOptions.forward(TaskQueues.INVOICING));
    private final InvoicingActivities invoicingUndo = Workflow.newActivityStub(InvoicingActivities.class,
            SystemActivityOptions.compensation(TaskQueues.INVOICING));
    private final BillingActivities billing = Workflow.newActivityStub(BillingActivities.class,
            SystemActivityOptions.bulk(TaskQueues.BILLING));

    private BillingRunRequest request;
    private ProjectSetup setup;
    private String runId;
    private Contract contract;
    private int contractVersion;
    private String projectStatus;
    private String invoiceId;
    private RunTotals totals;
    private FinalizedInvoice finalized;

    @Override
    public BillingRunResult run(BillingRunRequest request) {
        this.request = request;
        this.setup = request.setup();
        this.contract = request.contract();
        this.contractVersion = request.contractVersion();
        this.runId = Workflow.getInfo().getWorkflowId();
        saga.stopStepsOnCancelRequest();
        saga.begin(setup.psaProjectId(), request.correlationId(), 1, request.parkTimeout(),
                "run " + request.runNumber() + " (" + request.trigger() + ") through " + request.through()
                        + ", contract version " + contractVersion);
        try {
            return bill();
        } catch (SagaStopped stopped) {
            SagaOutcome outcome = saga.compensate(stopped.outcome(), stopped.reason());
            return result(outcome.status(), outcome.detail(), outcome.createdIdsInForce());
        } catch (CanceledFailure cancelled) {
            log.warn("billing run {}: workflow cancelled, compensating", runId);
            saga.compensate(ProcessStatus.ABORTED, TrackedSaga.CANCELLED_NOTE);
            throw cancelled;
        }
    }




    @Override
    public void contractChanged(Contract newContract, int newVersion) {
        if (newVersion > contractVersion) {
            log.info("billing run {}: contract version {} arrived", runId, newVersion);
            contract = newContract;
            contractVersion = newVersion;
        }
    }

    private BillingRunResult bill() {
        checkProject();
        Collected collected = collect();
        if (collected.total() == 0) {
            return nothingToBill("nothing approved and unbilled through " + request.through());
        }
        convert(collected);
        TaxRateRead tax = readTaxRate();
        totals = guardCap(tax);
        if (totals.entries() == 0) {
            return nothingToBill("nothing to bill within the cap through " + request.through());
        }
        invoice();
        postToErp();
        startInvoiceToCash();
        String detail = "invoice " + finalized.number() + " (" + invoiceId + "): " + totals.entries() + " entries, "
                + totals.lines() + " lines, subtotal " + totals.subtotal() + ", tax " + totals.taxTotal() + ", total "
                + totals.total() + (totals.heldEntries() > 0 ? ", held back by the cap " + totals.heldBack() : "");
        SagaOutcome outcome = saga.complete(detail);
        return result(outcome.status(), outcome.detail(), outcome.createdIdsInForce());
    }

    /** Steps 1 and 2: an active or closed project is billed; on hold or cancelled parks for pmo (SKIP bills). */
    private void checkProject() {
        while (true) {
            PsaProjectRead project = saga.run(READ_PROJECT, key -> psa.readProject(setup.psaProjectId()), r -> 1);
            projectStatus = project.status();
            saga.running(CHECK_PROJECT);
            if (PsaProjectRead.ACTIVE.equals(projectStatus) || PsaProjectRead.CLOSED.equals(projectStatus)) {
                saga.completed(CHECK_PROJECT, 1);
                return;
            }
            String cause = "PSA project " + setup.psaProjectId() + " is " + projectStatus + ": only an active project"
                    + " is billed (RETRY once it is active again, SKIP bills it anyway, ABORT bills nothing)";
            if (decideAfterPark(CHECK_PROJECT, FailureTypes.PROJECT_NOT_ACTIVE, OwnerTeam.PMO, cause,
                    Map.of("projectStatus", projectStatus))) {
                return;
            }
        }
    }

    /** Step 3: collect and rate; time without a rate parks for finance-ops (SKIP leaves it unbilled). */
    private Collected collect() {
        while (true) {
            boolean timeAndMaterials = contract.billingModel() == BillingModel.TIME_AND_MATERIALS;
            CollectRequest collect = new CollectRequest(runId, setup.psaProjectId(), request.periodStart(),
                    request.through(), contract, request.billedMilestoneIds(), request.milestonesOnly());
            Collected collected = saga.run(COLLECT, key -> billing.collect(collect), c -> 1);
            log.info("billing run {}: collected {} time entries, {} expenses, {} milestones, {} instalments", runId,
                    collected.timeEntries(), collected.expenses(), collected.milestones(), collected.feeLines());
            if (collected.unrated() == 0 || !timeAndMaterials) {
                return collected;
            }
            String cause = collected.unrated() + " approved time entries have no rate in force for their role on"
                    + " their date (e.g. " + collected.unratedExample() + "), contract version " + contractVersion
                    + ": amend the rate card and RETRY, or SKIP to bill without them";
            if (decideAfterPark(COLLECT, FailureTypes.RATE_MISSING, OwnerTeam.FINANCE_OPS, cause,
                    Map.of("unrated", Integer.toString(collected.unrated()), "example",
                            String.valueOf(collected.unratedExample())))) {
                return collected;
            }
        }
    }

    /** Step 4: foreign-currency expenses at the ERP's rate of their date; a missing rate parks (SKIP: unbilled). */
    private void convert(Collected collected) {
        if (collected.foreignExpenses() == 0) {
            saga.notRun(CONVERT);
            return;
        }
        while (true) {
            Converted converted = saga.run(CONVERT, key -> billing.convertCurrencies(runId, contract.currency()),
                    c -> 1);
            if (converted.missing() == 0) {
                return;
            }
            String cause = converted.missing() + " expenses have no ERP exchange rate for their date (e.g. "
                    + converted.missingExample() + "): add the rate in the ERP and RETRY, or SKIP to bill without them";
            if (decideAfterPark(CONVERT, FailureTypes.EXCHANGE_RATE_MISSING, OwnerTeam.FINANCE_OPS, cause,
                    Map.of("missing", Integer.toString(converted.missing()), "example",
                            String.valueOf(converted.missingExample())))) {
                return;
            }
        }
    }

    /** Step 5: the tax rate of the legal entity for the customer's country on the issue date; none parks. */
    private TaxRateRead readTaxRate() {
        while (true) {
            TaxRateRead tax = saga.run(READ_TAX_RATE,
                    key -> erp.readTaxRate(setup.legalEntity(), setup.customerCountry(), today()), t -> 1);
            if (tax.found()) {
                return tax;
            }
            String cause = "the ERP has no tax rate for legal entity " + setup.legalEntity() + " and country "
                    + setup.customerCountry() + " on " + today() + ": add it in the ERP and RETRY";
            decideAfterPark(READ_TAX_RATE, FailureTypes.TAX_RATE_MISSING, OwnerTeam.FINANCE_OPS, cause,
                    Map.of("legalEntity", String.valueOf(setup.legalEntity()), "country",
                            String.valueOf(setup.customerCountry())));
        }
    }

    /**
     * Step 6: price, and hold back what would exceed the cap before anything reaches invoicing: parks for
     * finance-ops with the amount over the cap. RETRY prices again with the contract then in force (an amendment
     * raising the cap bills it all); SKIP bills up to the cap and leaves the rest unbilled.
     */
    private RunTotals guardCap(TaxRateRead tax) {
        while (true) {
            Money remaining = capRemaining();
            RunTotals priced = saga.run(GUARD_CAP, key -> billing.price(new PriceRequest(runId, contract.currency(),
                    tax.ratePercent(), remaining, false)), t -> 1);
            if (!priced.overCap().isPositive()) {
                return priced;
            }
            Money cap = contract.notToExceed();
            String cause = "run would invoice " + priced.subtotal() + " but the cap of " + cap + " leaves "
                    + remaining + " (consumed " + consumed() + "): " + priced.overCap() + " over the cap; amend the"
                    + " cap and RETRY, or SKIP to bill up to the cap and hold the rest back";
            Map<String, String> payload = new LinkedHashMap<>();
            payload.put("overCap", priced.overCap().amount().toPlainString());
            payload.put("currency", priced.overCap().currency());
            payload.put("cap", cap.amount().toPlainString());
            payload.put("capConsumed", consumed().amount().toPlainString());
            payload.put("subtotal", priced.subtotal().amount().toPlainString());
            if (decideAfterPark(GUARD_CAP, FailureTypes.CAP_EXCEEDED, OwnerTeam.FINANCE_OPS, cause, payload)) {
                Money fits = capRemaining();
                RunTotals held = saga.run(GUARD_CAP, key -> billing.price(new PriceRequest(runId,
                        contract.currency(), tax.ratePercent(), fits, true)), t -> 1);
                log.info("billing run {}: {} entries ({}) held back by the cap", runId, held.heldEntries(),
                        held.heldBack());
                return held;
            }
        }
    }

    /** Steps 7 to 9, each compensation registered before its call: draft invoice, billing marks, finalize. */
    private void invoice() {
        LocalDate issueDate = today();
        InvoiceHeader header = new InvoiceHeader(setup.billingPlanId(), contract.currency(), issueDate,
                issueDate.plusDays(setup.paymentTermsDays()), runId);
        saga.registerCompensation(CREATE_INVOICE,
                key -> invoiceId == null ? 1 : attempt(invoicingUndo.voidInvoice(key, invoiceId)));
        Created created = saga.run(CREATE_INVOICE, key -> billing.createInvoice(key, runId, header),
                Created::attempt);
        invoiceId = created.id();
        saga.recordCreatedId(CREATE_INVOICE, INVOICE_ID, invoiceId);

        saga.registerCompensation(MARK_BILLED, key -> attempt(psaUndo.releaseBillingMarks(key, invoiceId)));
        saga.run(MARK_BILLED, key -> billing.markBilled(key, runId, invoiceId), Ack::attempt);

        finalized = saga.run(FINALIZE_INVOICE, key -> invoicing.finalizeInvoice(key, invoiceId),
                FinalizedInvoice::attempt);
        if (finalized.total() != null && !finalized.total().equals(totals.total())) {
            log.error("billing run {}: invoicing computed total {} but o2c priced {}", runId, finalized.total(),
                    totals.total());
        }
    }

    /** Steps 10 and 11: receivable and revenue (skippable: they park rather than undo a finalized invoice). */
    private void postToErp() {
        LocalDate issueDate = today();
        Created receivable = saga.run(POST_RECEIVABLE, key -> erp.postReceivable(key, setup.erpCustomerId(),
                invoiceId, totals.total(), issueDate.plusDays(setup.paymentTermsDays())), Created::attempt);
        if (receivable != null) {
            saga.recordCreatedId(POST_RECEIVABLE, RECEIVABLE_ID, receivable.id());
        }
        Money revenue = revenue();
        if (!revenue.isPositive()) {
            saga.notRun(POST_REVENUE);
            return;
        }
        String period = request.through().toString().substring(0, 7);
        String description = setup.revenueMethod() + " revenue of run " + request.runNumber() + " ("
                + finalized.number() + ")";
        Created entry = saga.run(POST_REVENUE, key -> erp.postRevenue(key, setup.erpProjectId(), period, revenue,
                setup.revenueMethod(), invoiceId, description), Created::attempt);
        if (entry != null) {
            saga.recordCreatedId(POST_REVENUE, REVENUE_ENTRY_ID, entry.id());
        }
    }

    /**
     * Step 12 (version 1 of {@value #START_INVOICE_TO_CASH_CHANGE}): starts {@code invoice-to-cash-{invoiceId}} as a
     * child with {@code ParentClosePolicy.ABANDON} (it follows the invoice until it is settled, long after the run)
     * and waits until Temporal confirmed the start. One already running under that id (a replayed start) counts as
     * started. Runs recorded before the change ({@code DEFAULT_VERSION}) do not start it: the step is SKIPPED.
     */
    private void startInvoiceToCash() {
        int version = Workflow.getVersion(START_INVOICE_TO_CASH_CHANGE, Workflow.DEFAULT_VERSION, 1);
        if (version == Workflow.DEFAULT_VERSION) {
            saga.notRun(START_INVOICE_TO_CASH);
            return;
        }
        saga.running(START_INVOICE_TO_CASH);
        LocalDate issueDate = today();
        String receivableId = saga.createdIds().get(RECEIVABLE_ID);
        String cashWorkflowId = InvoiceToCashWorkflow.workflowId(invoiceId);
        InvoiceToCashWorkflow cash = Workflow.newChildWorkflowStub(InvoiceToCashWorkflow.class,
                ChildWorkflowOptions.newBuilder()
                        .setWorkflowId(cashWorkflowId)
                        .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON)
                        .build());
        Async.function(cash::run, new InvoiceToCashRequest(invoiceId, finalized.number(), setup.psaProjectId(),
                setup.opportunityId(), setup.accountId(), setup.erpCustomerId(), receivableId, totals.total(),
                issueDate, issueDate.plusDays(setup.paymentTermsDays()), runId, request.correlationId(),
                request.parkTimeout(), request.replacesInvoiceIds()));
        try {
            Workflow.getWorkflowExecution(cash).get();
            log.info("billing run {}: invoice-to-cash started as {}", runId, cashWorkflowId);
        } catch (ChildWorkflowFailure failure) {
            if (!(failure.getCause() instanceof WorkflowExecutionAlreadyStarted)) {
                throw failure;
            }
            log.info("billing run {}: invoice-to-cash {} was started before", runId, cashWorkflowId);
        }
        saga.completed(START_INVOICE_TO_CASH, 1);
        saga.recordCreatedId(START_INVOICE_TO_CASH, INVOICE_TO_CASH_ID, cashWorkflowId);
    }

    /**
     * The period's revenue by the project's revenue method: AS_INVOICED the invoice's net amount; MILESTONE the
     * milestones on it; STRAIGHT_LINE (retainers) and PERCENT_COMPLETE (fixed fees, whose instalments follow the
     * schedule of completion) the instalments on it. Time and expenses of a non-T&M contract are not revenue of the
     * contract's method.
     */
    Money revenue() {
        return switch (setup.revenueMethod()) {
            case "MILESTONE" -> totals.milestoneAmount();
            case "STRAIGHT_LINE", "PERCENT_COMPLETE" -> totals.instalmentAmount();
            default -> totals.subtotal();
        };
    }

    private BillingRunResult nothingToBill(String detail) {
        for (SagaStep step : List.of(CONVERT, READ_TAX_RATE, GUARD_CAP, CREATE_INVOICE, MARK_BILLED, FINALIZE_INVOICE,
                POST_RECEIVABLE, POST_REVENUE, START_INVOICE_TO_CASH)) {
            saga.notRun(step);
        }
        SagaOutcome outcome = saga.complete(detail);
        return result(outcome.status(), outcome.detail(), outcome.createdIdsInForce());
    }

    /**
     * Parks a step that found bad data in workflow code.
     *
     * @return true when the operator skipped it (go on without), false for RETRY (do the step again)
     * @throws SagaStopped on ABORT or the park timeout
     */
    private boolean decideAfterPark(SagaStep step, String failureType, OwnerTeam owner, String cause,
            Map<String, String> payload) {
        saga.failed(step, failureType + ": " + cause);
        ParkOutcome outcome = saga.parkStep(step, StepFailure.park(failureType, owner, cause, Json.object(payload)));
        if (outcome.action() == ResolutionAction.SKIP) {
            saga.notRun(step);
            log.info("billing run {}: {} skipped by {}", runId, step.name(), outcome.describe());
            return true;
        }
        return false;
    }

    private Money capRemaining() {
        Money cap = contract.notToExceed();
        if (cap == null) {
            return null;
        }
        Money remaining = cap.minus(consumed());
        return remaining.isNegative() ? Money.zero(cap.currency()) : remaining;
    }

    private Money consumed() {
        return request.capConsumed() == null ? Money.zero(contract.currency()) : request.capConsumed();
    }

    private BillingRunResult result(ProcessStatus status, String detail, Map<String, String> idsInForce) {
        boolean invoiced = status == ProcessStatus.COMPLETED && finalized != null;
        Money zero = Money.zero(contract.currency());
        return new BillingRunResult(status, request.runNumber(), request.through(),
                invoiced ? invoiceId : null, invoiced ? finalized.number() : null,
                invoiced ? totals.subtotal() : zero, invoiced ? totals.taxTotal() : zero,
                invoiced ? totals.total() : zero, invoiced ? totals.entries() : 0,
                totals == null ? zero : totals.heldBack(), totals == null ? 0 : totals.heldEntries(),
                invoiced ? totals.milestoneIds() : List.of(), projectStatus, detail, idsInForce);
    }

    private static LocalDate today() {
        return LocalDate.ofInstant(Instant.ofEpochMilli(Workflow.currentTimeMillis()), ZoneOffset.UTC);
    }

    private static int attempt(Ack ack) {
        return ack == null ? 1 : ack.attempt();
    }
}
