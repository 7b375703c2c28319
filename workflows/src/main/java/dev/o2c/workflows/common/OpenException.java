package dev.o2c.workflows.common;

/**
 * The exception a parked process waits on.
 *
 * @param exceptionId id of the exception record in the ledger
 * @param step the step that parked
 * @param owner the team that must act
 * @param failureType the {@link FailureTypes} name of the cause
 * @param cause human-readable cause
 * @param skippable whether {@link ResolutionAction#SKIP} is allowed for this step
 * @param parkedAt epoch millis (workflow time)
 * @param abortAt epoch millis (workflow time) when the process aborts by itself unless resolved
 */
public record OpenException(
        String exceptionId,
        String step,
        OwnerTeam owner,
        String failureType,
        String cause,
        boolean skippable,
        long parkedAt,
        long abortAt) {}
