package dev.o2c.workflows.common;

/**
 * Why a workflow's validator refused an operator decision (the first detail of an
 * {@link FailureTypes#DECISION_REFUSED} failure). The API answers each with {@code 409} and names it.
 */
public enum DecisionRefusal {
    /** The process is not parked: nothing waits for a decision (not open yet, or already resumed). */
    NOT_PARKED,
    /** The process is parked on another exception: this one is stale (an earlier park) or mistyped. */
    STALE,
    /** This exception was already decided (a second click, a redelivered request). */
    DUPLICATE,
    /** SKIP of a step that cannot be skipped. */
    SKIP_NOT_ALLOWED,
    /** The action is not allowed in the process's current state for another reason (named in the message). */
    NOT_ALLOWED,
    /** The open exception belongs to an owner team the decider may not decide for (an operator of another team). */
    OTHER_TEAM
}
