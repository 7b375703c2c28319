package dev.o2c.workflows.common;

import java.util.Set;

/**
 * Stable {@code ApplicationFailure} type names. Activities classify every error into one of these; workflows decide
 * from the type alone whether to retry, park or compensate. Renaming one breaks running workflows: add, never rename.
 */
public final class FailureTypes {

    /** 400 from a system: the data we sent is invalid. Fixable at the source: the process parks. */
    public static final String VALIDATION = "o2c.validation";
    /** 404 from a system: an object we rely on does not exist. Fixable at the source: the process parks. */
    public static final String NOT_FOUND = "o2c.not-found";
    /** 409 from a system: the object is in a state that forbids the operation. The saga compensates. */
    public static final String CONFLICT = "o2c.conflict";
    /** 422 or another 4xx: the system refuses the operation for good. The saga compensates. */
    public static final String REJECTED = "o2c.rejected";
    /** The won opportunity lacks or has invalid finance attributes (detected by o2c itself). The process parks. */
    public static final String FINANCE_ATTRIBUTES_INVALID = "o2c.finance-attributes-invalid";
    /** A compensation could not be completed. The process parks for IT. */
    public static final String COMPENSATION_FAILED = "o2c.compensation-failed";
    /** The system kept failing transiently past the step's retry budget. The process parks for IT. */
    public static final String UNAVAILABLE = "o2c.unavailable";
    /**
     * 401/403 (credentials), 413/415 (o2c sent what the system cannot take) or a reused idempotency key (recognised by
     * the problem {@code type}, not by the status): o2c's or IT's problem, not a business refusal. The process parks
     * for IT instead of compensating a customer's set-up.
     */
    public static final String INTEGRATION = "o2c.integration";
    /**
     * An operator decision (Update) the workflow's validator refused: stale, duplicate, not open yet, not allowed now.
     * The {@code ApplicationFailure}'s first detail is a {@link DecisionRefusal} name.
     */
    public static final String DECISION_REFUSED = "o2c.decision-refused";
    /** 5xx, 429 or transport errors: retried by Temporal (never non-retryable). */
    public static final String TRANSIENT = "o2c.transient";

    /** A billing run found its PSA project on hold or cancelled (detected by o2c). The run parks for pmo. */
    public static final String PROJECT_NOT_ACTIVE = "o2c.project-not-active";
    /** Approved time whose role has no rate in force on its date (detected by o2c). The run parks for finance-ops. */
    public static final String RATE_MISSING = "o2c.rate-missing";
    /** An expense in another currency for which the ERP has no exchange rate of its date. Parks for finance-ops. */
    public static final String EXCHANGE_RATE_MISSING = "o2c.exchange-rate-missing";
    /** The ERP has no tax rate for the contract's legal entity and the customer's country. Parks for finance-ops. */
    public static final String TAX_RATE_MISSING = "o2c.tax-rate-missing";
    /** What a run would invoice exceeds the contract's not-to-exceed amount. Parks for finance-ops. */
    public static final String CAP_EXCEEDED = "o2c.cap-exceeded";
    /** An event o2c could not route to a process (no such project, or its billing has ended). Parks for pmo. */
    public static final String EVENT_NOT_ROUTED = "o2c.event-not-routed";
    /**
     * A payment that does not fit its invoice (another currency, more than the open balance), or one for an invoice
     * o2c does not follow. Recorded, never dropped; parks for finance-ops.
     */
    public static final String PAYMENT_MISMATCH = "o2c.payment-mismatch";
    /** The dunning schedule ran out with the invoice still unpaid: collections, for finance-ops. */
    public static final String COLLECTIONS = "o2c.collections";
    /** The customer rejected the invoice. Parks for finance-ops (void and re-issue it). */
    public static final String INVOICE_REJECTED = "o2c.invoice-rejected";

    /** Failure types that park the process (fixable by someone) rather than compensate it. */
    public static final Set<String> PARKING = Set.of(VALIDATION, NOT_FOUND, FINANCE_ATTRIBUTES_INVALID, UNAVAILABLE,
            INTEGRATION);

    private FailureTypes() {}

    public static boolean parks(String type) {
        return PARKING.contains(type);
    }
}
