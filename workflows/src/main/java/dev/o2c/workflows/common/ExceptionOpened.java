package dev.o2c.workflows.common;

/**
 * An exception record opened by a parked process.
 *
 * @param exceptionId deterministic id chosen by the workflow ({@code Workflow.randomUUID()}), so a replayed or
 *     retried write never opens a second record
 * @param workflowId workflow id
 * @param runId run id
 * @param processType e.g. {@code opportunity-to-project}
 * @param businessKey e.g. the opportunity id
 * @param step the step that parked
 * @param owner the team that must act
 * @param failureType the {@link FailureTypes} name
 * @param cause human-readable cause
 * @param payloadJson details as JSON (violations, the system's problem document), may be null
 * @param skippable whether the step may be skipped
 * @param correlationId the process's correlation id
 * @param at epoch millis (workflow time)
 * @param abortAt epoch millis (workflow time) when the process aborts by itself
 */
public record ExceptionOpened(
        String exceptionId,
        String workflowId,
        String runId,
        String processType,
        String businessKey,
        String step,
        OwnerTeam owner,
        String failureType,
        String cause,
        String payloadJson,
        boolean skippable,
        String correlationId,
        long at,
        long abortAt) {}
