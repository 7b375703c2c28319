package dev.o2c.starter.cash;

import dev.o2c.starter.web.ApiProblem;
import dev.o2c.starter.web.ProblemTypes;
import dev.o2c.starter.web.RefusalProblems;
import dev.o2c.starter.web.RefusalProblems.Kind;
import dev.o2c.workflows.cash.CashRefusal;
import java.util.Map;

/**
 * The problem of each {@link CashRefusal} an invoice's {@code openDispute}, {@code resolveDispute},
 * {@code voidInvoice} or {@code writeOff} validator answers: status {@link CashRefusal#httpStatus()} (404, 409 or
 * 422), a stable type, {@code reason} the refusal's name and the refusal's text as detail.
 */
final class CashRefusals {

    private static final RefusalProblems<CashRefusal> PROBLEMS = new RefusalProblems<>(CashRefusal.class, Map.of(
            CashRefusal.INVALID, new Kind(ProblemTypes.INVALID_CASH_DECISION, "Invalid decision"),
            CashRefusal.UNKNOWN_DISPUTE, new Kind(ProblemTypes.DISPUTE_NOT_FOUND, "No such dispute"),
            CashRefusal.ALREADY_RESOLVED, new Kind(ProblemTypes.DISPUTE_ALREADY_RESOLVED, "Dispute already resolved"),
            CashRefusal.SETTLED, new Kind(ProblemTypes.INVOICE_SETTLED, "Invoice settled"),
            CashRefusal.HAS_PAYMENTS, new Kind(ProblemTypes.INVOICE_HAS_PAYMENTS, "Invoice has payments"),
            CashRefusal.EXCEEDS_BALANCE, new Kind(ProblemTypes.EXCEEDS_BALANCE, "Exceeds the open balance"),
            CashRefusal.VOID_IN_PROGRESS, new Kind(ProblemTypes.VOID_IN_PROGRESS, "Void in progress")),
            CashRefusal::httpStatus);

    private CashRefusals() {}

    /** The problem of a refusal, with {@code reason} and {@code processId}. */
    static ApiProblem problem(CashRefusal refusal, String text, String workflowId) {
        return PROBLEMS.problem(refusal, text, workflowId);
    }

    /** {@code 409 invoice-settled}: the invoice's process no longer runs, so it takes no decision. */
    static ApiProblem ended(String workflowId) {
        return problem(CashRefusal.SETTLED, "Process " + workflowId + " no longer runs: the invoice is settled",
                workflowId);
    }
}
