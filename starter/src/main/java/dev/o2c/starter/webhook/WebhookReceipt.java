package dev.o2c.starter.webhook;

import io.swagger.v3.oas.annotations.media.Schema;
import java.net.URI;
import java.util.Map;

/**
 * Answer to an accepted event.
 *
 * @param outcome {@code started} (202) when the event started a process; {@code duplicate} (200) when the process
 *     already existed, running or ended with any outcome (a redelivery, the same opportunity started through REST, a
 *     deal won again after its process ran: an event never starts a second run), or a CRM amendment whose number the
 *     project took already; {@code routed} (202) when the event was signalled to the project's billing process;
 *     {@code applied} (200) / {@code refused} (200, see {@code detail}) for a CRM amendment the project took;
 *     {@code unmanaged} (200) when no process takes the event: it is parked as an {@code inbound-event-{eventId}}
 *     process (an exception for an operator), so the sender stops redelivering it
 * @param workflowId the process the event went to (or that parked it)
 * @param runId its run, when known
 * @param detail short text, e.g. why an amendment was refused or why an event is unmanaged
 */
public record WebhookReceipt(
        String eventId,
        String eventType,
        @Schema(allowableValues = {"started", "duplicate", "routed", "applied", "refused", "unmanaged"}) String outcome,
        String workflowId,
        String runId,
        String detail,
        Map<String, URI> links) {

    /** A receipt without detail. */
    public WebhookReceipt(String eventId, String eventType, String outcome, String workflowId, String runId,
            Map<String, URI> links) {
        this(eventId, eventType, outcome, workflowId, runId, null, links);
    }
}
