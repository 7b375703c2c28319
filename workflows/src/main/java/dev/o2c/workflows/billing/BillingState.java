package dev.o2c.workflows.billing;

import dev.o2c.workflows.model.Contract;
import dev.o2c.workflows.model.Money;
import java.time.LocalDate;
import java.util.List;

/**
 * Everything {@link ProjectBillingWorkflow} holds, carried across continue-as-new so that no field is lost.
 *
 * @param contract the contract in force (all accepted amendments applied)
 * @param contractVersion 1 as won, +1 per applied amendment
 * @param lastAmendmentNumber the last accepted (applied or refused) amendment number, 0 for none
 * @param lastBilledThrough the end of the last billed period (inclusive), null before the first run completed
 * @param capConsumed net amount invoiced so far (counts against the contract's not-to-exceed)
 * @param runCount runs numbered so far (the next run is {@code runCount + 1})
 * @param billedMilestoneIds PSA milestones invoiced so far
 * @param runs the runs so far (a project bills about once a period, so this stays small)
 * @param amendments the amendments so far
 * @param queued bill-now runs accepted but not started yet
 * @param pendingMilestones completed milestones not yet billed (each triggers a run)
 * @param propagationsPending accepted amendments whose propagation to the systems has not finished yet, in order
 * @param lastPeriodRunThrough the end of the last period a period run was started for (billed or not), so that a
 *     period whose run was aborted is not run again at once; null before the first
 * @param startedOn the day the first run of the workflow started (periods that ended before get no run of their own)
 * @param projectStatus the PSA project status last seen (ACTIVE, ON_HOLD, CLOSED, CANCELLED)
 * @param voidedInvoiceIds invoices invoice-to-cash voided (each taken once)
 * @param pendingReissue voided invoices the next invoice will replace (its entries bill them again)
 */
public record BillingState(
        Contract contract,
        int contractVersion,
        int lastAmendmentNumber,
        LocalDate lastBilledThrough,
        Money capConsumed,
        int runCount,
        List<String> billedMilestoneIds,
        List<BillingRunSummary> runs,
        List<AmendmentRecord> amendments,
        List<QueuedRun> queued,
        List<String> pendingMilestones,
        List<PendingPropagation> propagationsPending,
        LocalDate lastPeriodRunThrough,
        LocalDate startedOn,
        String projectStatus,
        List<String> voidedInvoiceIds,
        List<String> pendingReissue) {

    public BillingState {
        billedMilestoneIds = billedMilestoneIds == null ? List.of() : List.copyOf(billedMilestoneIds);
        runs = runs == null ? List.of() : List.copyOf(runs);
        amendments = amendments == null ? List.of() : List.copyOf(amendments);
        queued = queued == null ? List.of() : List.copyOf(queued);
        pendingMilestones = pendingMilestones == null ? List.of() : List.copyOf(pendingMilestones);
        propagationsPending = propagationsPending == null ? List.of() : List.copyOf(propagationsPending);
        voidedInvoiceIds = voidedInvoiceIds == null ? List.of() : List.copyOf(voidedInvoiceIds);
        pendingReissue = pendingReissue == null ? List.of() : List.copyOf(pendingReissue);
    }

    /** The state of histories recorded before voids reached the project. */
    public BillingState(Contract contract, int contractVersion, int lastAmendmentNumber, LocalDate lastBilledThrough,
            Money capConsumed, int runCount, List<String> billedMilestoneIds, List<BillingRunSummary> runs,
            List<AmendmentRecord> amendments, List<QueuedRun> queued, List<String> pendingMilestones,
            List<PendingPropagation> propagationsPending, LocalDate lastPeriodRunThrough, LocalDate startedOn,
            String projectStatus) {
        this(contract, contractVersion, lastAmendmentNumber, lastBilledThrough, capConsumed, runCount,
                billedMilestoneIds, runs, amendments, queued, pendingMilestones, propagationsPending,
                lastPeriodRunThrough, startedOn, projectStatus, List.of(), List.of());
    }

    /** An accepted amendment to write to the systems, with the contract it produced. */
    public record PendingPropagation(AmendmentRequest amendment, Contract contract, int contractVersion) {}

    /** A run accepted by {@code billNow} (or a milestone) and numbered, not started yet. */
    public record QueuedRun(int runNumber, String trigger, LocalDate through, String actor) {}
}
