package dev.o2c.starter.process;

/**
 * What {@link ProcessStarter#start} did.
 *
 * @param workflowId the process's workflow id
 * @param runId its run id (of the existing run when it already existed)
 * @param status the process status ({@code RUNNING} for a new one)
 * @param correlationId the process's correlation id, when known
 * @param created true when this call started the process, false when it already existed
 */
public record StartOutcome(String workflowId, String runId, String status, String correlationId, boolean created) {}
