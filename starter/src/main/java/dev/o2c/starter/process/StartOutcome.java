package dev.o2c.starter.process;

/**
 * What {@link ProcessStarter} did.
 *
 * @param workflowId the process's workflow id
 * @param runId its run id (of the newest existing run when nothing was started)
 * @param status the process status ({@code RUNNING} for a new one; the business outcome of a finished run)
 * @param correlationId the process's correlation id, when known
 * @param created true when this call started a run, false when it answered an existing one
 * @param incarnation the run's incarnation (which provisioning of the opportunity it is); null when not known (a
 *     running run the ledger has not recorded yet)
 */
public record StartOutcome(String workflowId, String runId, String status, String correlationId, boolean created,
        Integer incarnation) {

    /** An outcome of the first incarnation. */
    public StartOutcome(String workflowId, String runId, String status, String correlationId, boolean created) {
        this(workflowId, runId, status, correlationId, created, 1);
    }
}
