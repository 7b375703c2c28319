package dev.o2c.sandbox.platform.faults;

import java.time.Instant;

/**
 * An injected fault. {@code times} is how many calls it affects ({@code null}: until deleted), {@code remaining}
 * how many are left, {@code hits} how many calls it has affected so far; {@code probability} the share of matching
 * calls it acts on ({@code null}: every one).
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
        Double probability,
        int hits,
        boolean active,
        String correlationId,
        Instant createdAt,
        Instant updatedAt) {
}
