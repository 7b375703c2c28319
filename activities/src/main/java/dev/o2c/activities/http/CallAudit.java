package dev.o2c.activities.http;

/**
 * Receives one {@link CallRecord} per outbound call. Implemented by the ledger's audit trail; a failure to record
 * throws (the call then fails retryably, see {@link SystemClient}).
 */
@FunctionalInterface
public interface CallAudit {

    void record(CallRecord call);
}
