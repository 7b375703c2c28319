package dev.o2c.workflows.common;

/** Status of one saga step (forward action and, where it ran, its compensation). */
public enum StepStatus {
    PENDING,
    RUNNING,
    COMPLETED,
    FAILED,
    SKIPPED,
    COMPENSATING,
    COMPENSATED,
    COMPENSATION_FAILED
}
