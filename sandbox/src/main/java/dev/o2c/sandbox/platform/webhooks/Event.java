package dev.o2c.sandbox.platform.webhooks;

import java.time.Instant;
import tools.jackson.databind.JsonNode;

/** An outbox row: {@code body} is exactly what is POSTed, on every attempt. */
public record Event(
        String id,
        String system,
        String type,
        String status,
        int attempts,
        Instant nextAttemptAt,
        Instant lastAttemptAt,
        String lastError,
        Instant deliveredAt,
        String correlationId,
        Instant createdAt,
        Instant updatedAt,
        JsonNode body) {
}
