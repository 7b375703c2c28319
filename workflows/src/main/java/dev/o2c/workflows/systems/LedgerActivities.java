package dev.o2c.workflows.systems;

import dev.o2c.workflows.common.ExceptionOpened;
import dev.o2c.workflows.common.ProcessTransition;
import dev.o2c.workflows.common.Resolution;
import io.temporal.activity.ActivityInterface;

/**
 * The integration ledger, written from workflows. Run as <b>local activities</b> (cheap, no task queue hop): they
 * record transitions that only the workflow knows. Audit rows of system calls are written by the connectors
 * themselves, not through this interface.
 */
@ActivityInterface(namePrefix = "Ledger.")
public interface LedgerActivities {

    /** Upserts the process projection row. Idempotent: an older transition never overwrites a newer one. */
    void recordTransition(ProcessTransition transition);

    /** Opens an exception record. Idempotent on {@link ExceptionOpened#exceptionId()}. */
    void openException(ExceptionOpened exception);

    /** Marks an exception resolved with the operator's decision. Idempotent. */
    void resolveException(Resolution resolution, long at);
}
