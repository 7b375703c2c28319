package dev.o2c.devstack.soak;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One deal of the soak and what became of it: the CRM ids, the plan for it, and the processes it went through
 * (opportunity-to-project, its billing run, its invoice's invoice-to-cash) with their last seen statuses.
 */
final class SoakDeal {

    /** What the soak intends for a deal. */
    enum Plan {
        /** Won, provisioned, billed once, paid in full. */
        NORMAL,
        /** Its account lacks a tax id: parks; the operator fixes it in the CRM and retries; then as NORMAL. */
        FIX_AND_RETRY,
        /** Its account lacks a tax id: parks; the operator aborts (nothing was created yet). */
        ABORT_UNFIXED,
        /** The PSA refused its project (an injected 400): parks after the ERP customer exists; the operator aborts. */
        ABORT_AFTER_REJECTION
    }

    final int index;
    final String accountId;
    final String opportunityId;
    volatile Plan plan;

    volatile String o2pStatus;
    volatile String psaProjectId;
    volatile String runId;
    volatile String runStatus;
    volatile String invoiceId;
    volatile String invoiceStatus;
    volatile String cashStatus;
    /** Parks the soak did not plan (each was retried by the operator). */
    volatile int unplannedParks;
    /** Bill-now calls repeated after a 5xx (each may have started a run that found nothing left to bill). */
    volatile int billNowRetries;
    /** The exception the operator's last taken decision was on. */
    volatile String lastDecided;
    /** Why the deal's drive stopped early (an answer the soak did not expect), else null. */
    volatile String problem;
    final List<String> decisions = new CopyOnWriteArrayList<>();

    SoakDeal(int index, String accountId, String opportunityId, Plan plan) {
        this.index = index;
        this.accountId = accountId;
        this.opportunityId = opportunityId;
        this.plan = plan;
    }

    String workflowId() {
        return "opportunity-to-project-" + opportunityId;
    }

    /** The deal is meant to end aborted (its objects undone), not completed. */
    boolean abortPlanned() {
        return plan == Plan.ABORT_UNFIXED || plan == Plan.ABORT_AFTER_REJECTION;
    }

    /** Steps of progress this deal makes when all goes to plan: provisioned (or aborted), billed, paid. */
    int expectedSteps() {
        return abortPlanned() ? 1 : 3;
    }

    @Override
    public String toString() {
        return "deal " + index + " " + opportunityId + " (" + plan + "): o2p " + o2pStatus + ", run " + runId + " "
                + runStatus + ", invoice " + invoiceId + " " + invoiceStatus + ", cash " + cashStatus
                + (problem == null ? "" : ", problem: " + problem) + (decisions.isEmpty() ? "" : ", decisions "
                + decisions);
    }
}
