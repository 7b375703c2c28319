package dev.o2c.starter.process;

import java.net.URI;
import java.util.Map;

/**
 * Answer of a start: {@code 202} when this call started a run, {@code 200} when it answered the existing one.
 *
 * @param incarnation which provisioning of the opportunity the run is (1 for the first; the next after an ABORTED or
 *     COMPENSATED run; the same after a LOST one)
 */
public record StartResponse(String workflowId, String runId, String status, String correlationId, boolean created,
        Integer incarnation, Map<String, URI> links) {}
