package dev.o2c.workflows.saga;

/** The forward action of a step: one activity call, given the idempotency key to send. */
@FunctionalInterface
public interface StepAction<T> {
    T run(String idempotencyKey);
}
