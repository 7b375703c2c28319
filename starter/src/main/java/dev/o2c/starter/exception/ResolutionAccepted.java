package dev.o2c.starter.exception;

import java.net.URI;
import java.time.Instant;
import java.util.Map;

/**
 * {@code 202}: the workflow took the decision (its {@code decide} Update was accepted); it acts on it asynchronously.
 *
 * @param step the step the process was parked on
 * @param actor who decided, as the workflow recorded it
 * @param acceptedAt when the workflow took it (workflow time)
 */
public record ResolutionAccepted(String exceptionId, String workflowId, String action, String step, String actor,
        Instant acceptedAt, Map<String, URI> links) {}
