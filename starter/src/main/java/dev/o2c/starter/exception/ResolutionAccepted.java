package dev.o2c.starter.exception;

import java.net.URI;
import java.util.Map;

/** {@code 202}: the decision was delivered to the workflow, which acts on it asynchronously. */
public record ResolutionAccepted(String exceptionId, String workflowId, String action, Map<String, URI> links) {}
