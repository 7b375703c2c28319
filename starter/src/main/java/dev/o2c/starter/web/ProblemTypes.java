package dev.o2c.starter.web;

import java.net.URI;

/**
 * The stable {@code type} URIs of the API's problems ({@code https://o2c.dev/problems/<name>}). Clients branch on
 * these, not on titles or details: add, never rename.
 */
public final class ProblemTypes {

    public static final String BASE = "https://o2c.dev/problems/";

    /** 400: the body or a parameter failed validation; {@code errors} lists each field. */
    public static final String VALIDATION_FAILED = "validation-failed";
    /** 400: the body is not readable JSON (or not the expected shape). */
    public static final String MALFORMED_REQUEST = "malformed-request";
    /** 400: the list cursor was not handed out by this list. */
    public static final String INVALID_CURSOR = "invalid-cursor";
    /** 401: no bearer token, or one that is expired, forged, for another audience or from another issuer. */
    public static final String UNAUTHORIZED = "unauthorized";
    /**
     * 403: the token's roles do not allow the call, or (with {@code reason} {@code OTHER_TEAM}) an operator decides
     * on an exception of a team its token does not name.
     */
    public static final String FORBIDDEN = "forbidden";
    /** 401: a webhook's signature is missing or wrong. */
    public static final String INVALID_SIGNATURE = "invalid-signature";
    /** 401: a webhook's timestamp is missing or too far from now (replay protection). */
    public static final String STALE_TIMESTAMP = "stale-timestamp";
    /**
     * 403: a webhook signed for the path's system whose body's {@code system} names another one: a sender may only
     * speak for its own system.
     */
    public static final String SYSTEM_MISMATCH = "system-mismatch";
    /** 413: a webhook body over {@code o2c.webhook.max-body-bytes}; refused before its signature is looked at. */
    public static final String PAYLOAD_TOO_LARGE = "payload-too-large";
    /** 404: no such process (neither in Temporal nor in the ledger). */
    public static final String PROCESS_NOT_FOUND = "process-not-found";
    /** 404: no such exception record. */
    public static final String EXCEPTION_NOT_FOUND = "exception-not-found";
    /** 404: webhooks of an unknown system. */
    public static final String UNKNOWN_SYSTEM = "unknown-system";
    /** 404: no such resource. */
    public static final String NOT_FOUND = "not-found";
    /** 409: the exception record was already resolved. */
    public static final String EXCEPTION_NOT_OPEN = "exception-not-open";
    /** 409: {@code skip} on a step that cannot be skipped. */
    public static final String SKIP_NOT_ALLOWED = "skip-not-allowed";
    /** 409: the process the exception belongs to no longer runs, so it cannot take a decision. */
    public static final String PROCESS_NOT_RUNNING = "process-not-running";
    /** A new run of a process was asked for while objects of its earlier (aborted) run are still in force. */
    public static final String OBJECTS_STILL_IN_FORCE = "objects-still-in-force";
    /**
     * 409 ({@code reason} {@code NOT_PARKED}): the process is not parked, so nothing waits for a decision: the exception
     * is not open yet, or the process already resumed.
     */
    public static final String PROCESS_NOT_PARKED = "process-not-parked";
    /** 409 ({@code reason} {@code STALE}): the process is parked on another exception than the one decided. */
    public static final String STALE_DECISION = "stale-decision";
    /** 409 ({@code reason} {@code DUPLICATE}): the exception was already decided (a second click, a replayed request). */
    public static final String DUPLICATE_DECISION = "duplicate-decision";
    /** 409 ({@code reason} {@code NOT_ALLOWED}): the process does not allow this decision now (the detail says why). */
    public static final String DECISION_NOT_ALLOWED = "decision-not-allowed";
    /**
     * 422: a known event type that o2c does not handle yet (or not from this system). The sender keeps the event and
     * redelivers it, so nothing is lost until o2c handles it.
     */
    public static final String UNSUPPORTED_EVENT = "unsupported-event";
    /** 422: an event type o2c has never heard of. Also redelivered by the sender. */
    public static final String UNKNOWN_EVENT = "unknown-event";
    /** 404: no project-to-billing process for the PSA project ({@code project-billing-{psaProjectId}}). */
    public static final String PROJECT_BILLING_NOT_FOUND = "project-billing-not-found";
    /** 409 ({@code reason} {@code DUPLICATE}): the amendment number was accepted before. */
    public static final String DUPLICATE_AMENDMENT = "duplicate-amendment";
    /**
     * 409 ({@code reason} {@code OUT_OF_ORDER}): the amendment number is not the last accepted one + 1
     * ({@code expectedNumber} says which is expected).
     */
    public static final String AMENDMENT_OUT_OF_ORDER = "amendment-out-of-order";
    /** 409 ({@code reason} {@code PROJECT_ENDED}): the project's billing has ended (or its process no longer runs). */
    public static final String PROJECT_ENDED = "project-ended";
    /** 422 ({@code reason} {@code INVALID}): the change is invalid (nothing changed, other currency, end before start, ...). */
    public static final String INVALID_CHANGE = "invalid-change";
    /** 422 ({@code reason} {@code INSIDE_BILLED_PERIOD}): {@code effectiveFrom} lies in a period already billed. */
    public static final String INSIDE_BILLED_PERIOD = "inside-billed-period";
    /** 422 ({@code reason} {@code REWRITES_HISTORY}): the rate card changes versions in force before {@code effectiveFrom}. */
    public static final String REWRITES_HISTORY = "rewrites-history";
    /** 422 ({@code reason} {@code INVALID_DATE}): a bill-now date in the future or before the contract starts. */
    public static final String INVALID_BILLING_DATE = "invalid-billing-date";
    /**
     * 422: terms in the body that are not valid contract terms (an amount that is not a decimal number, a rate card out
     * of order, ...); {@code errors} names each field.
     */
    public static final String INVALID_TERMS = "invalid-terms";
    /** 404: no invoice-to-cash process for the invoice ({@code invoice-to-cash-{invoiceId}}). */
    public static final String INVOICE_NOT_FOUND = "invoice-not-found";
    /** 404 ({@code reason} {@code UNKNOWN_DISPUTE}): no dispute with that id on the invoice. */
    public static final String DISPUTE_NOT_FOUND = "dispute-not-found";
    /** 409 ({@code reason} {@code ALREADY_RESOLVED}): the dispute was resolved before. */
    public static final String DISPUTE_ALREADY_RESOLVED = "dispute-already-resolved";
    /**
     * 409 ({@code reason} {@code SETTLED}): the invoice is settled (paid, credited, written off or void), or its
     * invoice-to-cash process no longer runs: nothing is owed any more.
     */
    public static final String INVOICE_SETTLED = "invoice-settled";
    /** 409 ({@code reason} {@code HAS_PAYMENTS}): a void of an invoice with payments: credit or write off instead. */
    public static final String INVOICE_HAS_PAYMENTS = "invoice-has-payments";
    /** 409 ({@code reason} {@code EXCEEDS_BALANCE}): the amount is more than what is open on the invoice. */
    public static final String EXCEEDS_BALANCE = "exceeds-balance";
    /** 409 ({@code reason} {@code VOID_IN_PROGRESS}): a void of the invoice was accepted and is being carried out. */
    public static final String VOID_IN_PROGRESS = "void-in-progress";
    /**
     * 422 ({@code reason} {@code INVALID}): the invoice's process refused the finance decision as invalid (amount not
     * positive, another currency than the invoice's, ...); also an amount o2c cannot read as money.
     */
    public static final String INVALID_CASH_DECISION = "invalid-cash-decision";
    /** 400: the codec endpoint got a payload encrypted with a key that is not in the key ring ({@code keyId}). */
    public static final String UNKNOWN_ENCRYPTION_KEY = "unknown-encryption-key";
    /** 400: the codec endpoint got an encrypted payload that does not decrypt (altered, or not one of ours). */
    public static final String UNDECRYPTABLE_PAYLOAD = "undecryptable-payload";
    /** 503: Temporal cannot be reached. */
    public static final String TEMPORAL_UNAVAILABLE = "temporal-unavailable";
    /**
     * 503: the process did not answer in time (no worker holds it right now). A decision may still be taken once a worker
     * picks the process up: look at the process before deciding again.
     */
    public static final String PROCESS_UNRESPONSIVE = "process-unresponsive";
    /** 503: the ledger database cannot be reached. */
    public static final String LEDGER_UNAVAILABLE = "ledger-unavailable";
    /**
     * 503: the inbound event ledger ({@code o2c_inbound}) cannot be written or read. A webhook is never acknowledged
     * without its record, so the sender redelivers it.
     */
    public static final String INBOUND_LEDGER_UNAVAILABLE = "inbound-ledger-unavailable";
    /** 404: no reconciliation run with that run id (neither in the ledger nor the one running). */
    public static final String RECONCILIATION_NOT_FOUND = "reconciliation-not-found";
    /** 404: no inbound event with that {@code {system}:{eventId}}. */
    public static final String EVENT_NOT_FOUND = "event-not-found";
    /**
     * 409: the event cannot be replayed: it was routed already (or is being routed; {@code reason} its status), or
     * its signature did not verify ({@code reason} {@code UNVERIFIED}: no trusted payload to route), or its body could
     * not be stored ({@code reason} {@code NO_PAYLOAD}).
     */
    public static final String EVENT_NOT_REPLAYABLE = "event-not-replayable";
    /** 500: a bug. */
    public static final String INTERNAL_ERROR = "internal-error";

    private ProblemTypes() {}

    public static URI uri(String name) {
        return URI.create(BASE + name);
    }
}
