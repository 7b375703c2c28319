package dev.o2c.starter.process;

import java.net.URI;
import java.util.Map;

/** Answer of a start: {@code 202} when this call started the process, {@code 200} when it already existed. */
public record StartResponse(
        String workflowId, String runId, String status, String correlationId, boolean created, Map<String, URI> links) {}
