package dev.o2c.starter.events;

import com.fasterxml.jackson.annotation.JsonRawValue;
import io.swagger.v3.oas.annotations.media.Schema;
import java.net.URI;
import java.time.Instant;
import java.util.Map;

/**
 * An inbound event as the API shows it.
 *
 * @param id {@code {system}:{eventId}}, the id of {@code /api/v1/events/{id}}
 * @param status {@link InboundEventStatus}
 * @param outcome the webhook receipt's outcome ({@code started}, {@code routed}, {@code applied}, …) or, when it was
 *     refused, the problem type ({@code unsupported-event}, …)
 * @param routedTo the process it went to (or that parked it)
 * @param reason why it was refused or parked, or the receipt's detail
 * @param attempts deliveries received (redeliveries included; unverified ones of a verified event are not counted)
 * @param payload the verified body (only on {@code GET /events/{id}}; absent when the signature did not verify)
 */
public record InboundEventView(
        @Schema(example = "crm:evt-1") String id,
        @Schema(example = "crm") String system,
        @Schema(example = "evt-1") String eventId,
        @Schema(example = "opportunity.won") String type,
        @Schema(allowableValues = {"VALID", "INVALID", "STALE", "SYSTEM_MISMATCH"}) String verdict,
        @Schema(allowableValues = {"RECEIVED", "STARTED", "ROUTED", "DUPLICATE", "UNMANAGED", "REFUSED", "FAILED"})
        String status,
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
        @JsonRawValue @Schema(types = {"object"}, description = "the verified body (GET /events/{id} only)")
        String payload,
        Map<String, URI> links) {}
