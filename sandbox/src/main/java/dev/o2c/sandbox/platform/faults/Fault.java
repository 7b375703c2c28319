package dev.o2c.sandbox.platform.faults;

import java.time.Instant;

/**
 * An injected fault. {@code times} is how many calls it affects ({@code null}: until deleted), {@code remaining}
 * how many are left, {@code hits} how many calls it has affected so far.
 */
public record Fault(
        String id,
        String system,
        String operation,
        FaultMode mode,
        Integer times,
        Integer remaining,
        Integer status,
        Integer latencyMs,
        Integer retryAfterSeconds,
        int hits,
        boolean active,
        String correlationId,
        Instant createdAt,
        Instant updatedAt) {
}
