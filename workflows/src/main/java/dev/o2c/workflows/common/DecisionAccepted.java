package dev.o2c.workflows.common;

/**
 * Answer of the {@value Decisions#UPDATE} update: the workflow took the decision.
 *
 * @param exceptionId the exception decided
 * @param step the step the process was parked on
 * @param action the decision
 * @param actor who decided
 * @param acceptedAt epoch millis (workflow time)
 */
public record DecisionAccepted(String exceptionId, String step, ResolutionAction action, String actor,
        long acceptedAt) {}
