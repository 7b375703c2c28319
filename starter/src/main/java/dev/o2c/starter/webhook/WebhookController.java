package dev.o2c.starter.webhook;

import dev.o2c.starter.config.O2cProperties;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(path = "/api/v1/webhooks", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "webhooks")
public class WebhookController {

    private final WebhookService webhooks;
    private final long maxBodyBytes;

    public WebhookController(WebhookService webhooks, O2cProperties properties) {
        this.webhooks = webhooks;
        this.maxBodyBytes = properties.webhook().maxBodyBytes();
    }

    /**
     * The body is taken as raw bytes (the signature covers them exactly as sent), read here with a bound before
     * anything else: a declared {@code Content-Length} over {@code o2c.webhook.max-body-bytes} is refused without
     * reading the body, and a streamed body is read only up to one byte past the limit.
     */
    @PostMapping("/{system}")
    @Operation(summary = "Inbound system event, signed (HMAC-SHA256, see docs/contracts.md)",
            description = "Answers 2xx when the event is taken, is a duplicate, or is parked because no process takes"
                    + " it (outcome unmanaged: an inbound-event process an operator sees). crm opportunity.won starts"
                    + " opportunity-to-project; psa time.approved, expense.approved, milestone.completed are signalled"
                    + " to project-billing-{projectId}; crm contract.amended is the project's amendFromCrm. Event types"
                    + " o2c does not handle yet (payment.received) answer 422 on purpose, so that the sender keeps and"
                    + " redelivers them; so does a CRM amendment that arrives before an earlier one (409).")
    @ApiResponse(responseCode = "202", description = "started (opportunity.won started a process) or routed (signalled"
            + " to the project's billing)")
    @ApiResponse(responseCode = "200", description = "duplicate (the process exists; the amendment number was taken),"
            + " applied / refused (a CRM amendment the project took), unmanaged (parked as inbound-event-{eventId})")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = WebhookEvent.class)))
    @ApiResponse(responseCode = "400", description = "malformed event (no id, type or system; an event id that is not"
            + " 1 to 100 of A-Z a-z 0-9 . _ : -)")
    @ApiResponse(responseCode = "401", description = "missing or wrong signature, or stale timestamp")
    @ApiResponse(responseCode = "403", description = "system-mismatch: the event's system is not the path's")
    @ApiResponse(responseCode = "404", description = "unknown system")
    @ApiResponse(responseCode = "409", description = "amendment-out-of-order: an earlier CRM amendment has not arrived"
            + " yet; redeliver later")
    @ApiResponse(responseCode = "413", description = "payload-too-large: the body is over o2c.webhook.max-body-bytes"
            + " (1 MiB by default); checked before the signature")
    @ApiResponse(responseCode = "422", description = "event type not handled (yet): redeliver later")
    @ApiResponse(responseCode = "503", description = "Temporal unavailable, the ledger unavailable, or the project did"
            + " not take the amendment in time; redeliver later")
    public ResponseEntity<WebhookReceipt> receive(
            @PathVariable String system,
            @Parameter(description = "epoch seconds") @RequestHeader(name = "X-O2C-Timestamp", required = false) String timestamp,
            @Parameter(description = "sha256=<hex>") @RequestHeader(name = "X-O2C-Signature", required = false) String signature,
            @RequestHeader(name = "X-O2C-Event-Type", required = false) String eventType,
            @Parameter(hidden = true) HttpServletRequest request) throws IOException {
        byte[] body = BoundedBody.read(request, maxBodyBytes);
        WebhookService.Handled handled = webhooks.receive(system, timestamp, signature, eventType, body);
        return ResponseEntity.status(handled.status()).body(handled.receipt());
    }
}
