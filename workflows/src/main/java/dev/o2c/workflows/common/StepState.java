package dev.o2c.workflows.common;

/**
 * Live state of one saga step, as a workflow query reports it.
 *
 * @param name stable step name, e.g. {@code erp.upsertCustomer}
 * @param system the system it calls ({@code crm}, {@code psa}, {@code erp}, {@code invoicing}) or {@code o2c}
 * @param status where the step stands
 * @param attempts attempts of the last activity execution of this step (0 until it ran)
 * @param lastError message of the last failure, null when none
 * @param startedAt epoch millis (workflow time) of the first start, null when not started
 * @param completedAt epoch millis (workflow time) when it completed, failed for good, or was compensated; null while open
 */
public record StepState(
        String name,
        String system,
        StepStatus status,
        int attempts,
        String lastError,
        Long startedAt,
        Long completedAt) {

    public static StepState pending(String name, String system) {
        return new StepState(name, system, StepStatus.PENDING, 0, null, null, null);
    }

    public StepState with(StepStatus newStatus, int newAttempts, String error, Long started, Long completed) {
        return new StepState(name, system, newStatus, newAttempts, error, started, completed);
    }
}
