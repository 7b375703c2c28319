package dev.o2c.starter.billing;

import dev.o2c.starter.web.ApiProblem;
import dev.o2c.starter.web.ProblemTypes;
import dev.o2c.starter.web.RefusalProblems;
import dev.o2c.starter.web.RefusalProblems.Kind;
import dev.o2c.workflows.billing.BillingRefusal;
import java.util.Map;

/**
 * The problem of each {@link BillingRefusal} a project's {@code amend}, {@code amendFromCrm} or {@code billNow}
 * validator answers: status {@link BillingRefusal#httpStatus()} (409 or 422), a stable type, and {@code reason} the
 * refusal's name.
 */
final class BillingRefusals {

    private static final RefusalProblems<BillingRefusal> PROBLEMS = new RefusalProblems<>(BillingRefusal.class,
            Map.of(
                    BillingRefusal.DUPLICATE, new Kind(ProblemTypes.DUPLICATE_AMENDMENT, "Amendment already accepted"),
                    BillingRefusal.OUT_OF_ORDER, new Kind(ProblemTypes.AMENDMENT_OUT_OF_ORDER,
                            "Amendment out of order"),
                    BillingRefusal.PROJECT_ENDED, new Kind(ProblemTypes.PROJECT_ENDED, "Project billing ended"),
                    BillingRefusal.INVALID, new Kind(ProblemTypes.INVALID_CHANGE, "Invalid change"),
                    BillingRefusal.INSIDE_BILLED_PERIOD, new Kind(ProblemTypes.INSIDE_BILLED_PERIOD,
                            "Inside a billed period"),
                    BillingRefusal.REWRITES_HISTORY, new Kind(ProblemTypes.REWRITES_HISTORY, "Rewrites rate history"),
                    BillingRefusal.INVALID_DATE, new Kind(ProblemTypes.INVALID_BILLING_DATE, "Invalid billing date")),
            BillingRefusal::httpStatus);

    private BillingRefusals() {}

    /** The problem of a refusal, with {@code reason} and {@code processId}. */
    static ApiProblem problem(BillingRefusal refusal, String text, String workflowId) {
        return PROBLEMS.problem(refusal, text, workflowId);
    }

    /** {@code 409 project-ended}: the project's billing process no longer runs, so it takes no change. */
    static ApiProblem ended(String workflowId) {
        return problem(BillingRefusal.PROJECT_ENDED, "Process " + workflowId + " no longer runs: the project's"
                + " billing has ended", workflowId);
    }
}
