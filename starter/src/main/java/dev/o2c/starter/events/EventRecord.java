package dev.o2c.starter.events;

import java.time.Instant;

/**
 * One row of {@code inbound_event}.
 *
 * @param payload the verified body as JSON text; null when the signature did not verify
 */
public record EventRecord(
        String system,
        String eventId,
        String type,
        SignatureVerdict verdict,
        InboundEventStatus status,
        String outcome,
        String routedTo,
        String runId,
        String reason,
        String correlationId,
        Instant receivedAt,
        Instant lastDeliveryAt,
        int attempts,
        int replays,
        String replayedBy,
        Instant replayedAt,
        String payload) {

    /** The API's id of an event: {@code {system}:{eventId}} (a system has no colon; an event id may). */
    public String id() {
        return EventIds.of(system, eventId);
    }
}
