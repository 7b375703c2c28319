package dev.o2c.workflows.common;

/** What an operator decides for a parked process. */
public enum ResolutionAction {
    /** Run the parked step again (after the data was fixed at the source). */
    RETRY,
    /** Go on without the parked step, where the step allows it. */
    SKIP,
    /** Compensate what was done and end the process as ABORTED. */
    ABORT
}
