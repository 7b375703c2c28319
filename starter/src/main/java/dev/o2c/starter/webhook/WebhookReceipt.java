package dev.o2c.starter.webhook;

import io.swagger.v3.oas.annotations.media.Schema;
import java.net.URI;
import java.util.Map;

/**
 * Answer to an accepted event.
 *
 * @param outcome {@code started} (202) when the event started a process; {@code duplicate} (200) when the process
 *     already existed, running or ended with any outcome (a redelivery, the same opportunity started through REST, a
 *     deal won again after its process ran: an event never starts a second run)
 */
public record WebhookReceipt(
        String eventId,
        String eventType,
        @Schema(allowableValues = {"started", "duplicate"}) String outcome,
        String workflowId,
        String runId,
        Map<String, URI> links) {}
