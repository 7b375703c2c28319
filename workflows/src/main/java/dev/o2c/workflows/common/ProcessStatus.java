package dev.o2c.workflows.common;

import java.util.Locale;
import java.util.Optional;

/** Lifecycle of an o2c process, as docs/processes.md names it. */
public enum ProcessStatus {
    RUNNING,
    /** Parked on a business failure: an open exception waits for an operator (retry, skip, abort) or the park timeout. */
    NEEDS_ATTENTION,
    COMPENSATING,
    COMPLETED,
    /** A step was rejected for good and every completed step was undone. */
    COMPENSATED,
    /** An operator (or the park timeout) aborted the process; completed steps were undone. */
    ABORTED,
    FAILED,
    /**
     * Recorded by the ledger, never by a workflow: the process was running but the Temporal server no longer has its
     * workflow (e.g. the in-memory Java test server was restarted). An operator may start it again.
     */
    LOST;

    public boolean isTerminal() {
        return this == COMPLETED || this == COMPENSATED || this == ABORTED || this == FAILED || this == LOST;
    }

    /**
     * The status named {@code name} (case-insensitive), as the ledger and the API spell it; empty for null or a name no
     * status has.
     */
    public static Optional<ProcessStatus> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(name.strip().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException unknown) {
            return Optional.empty();
        }
    }

    /** True for the outcomes after which the same business key may be provisioned again by a new run. */
    public boolean allowsNewRun() {
        return this == COMPENSATED || this == ABORTED || this == LOST;
    }
}
