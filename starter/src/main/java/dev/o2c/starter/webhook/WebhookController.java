package dev.o2c.starter.webhook;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(path = "/api/v1/webhooks", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "webhooks")
public class WebhookController {

    private final WebhookService webhooks;

    public WebhookController(WebhookService webhooks) {
        this.webhooks = webhooks;
    }

    /** The body is taken as raw bytes: the signature covers them exactly as sent. */
    @PostMapping("/{system}")
    @Operation(summary = "Inbound system event, signed (HMAC-SHA256, see docs/contracts.md)",
            description = "Answers 2xx when the event is accepted or is a duplicate. Event types o2c does not handle yet"
                    + " answer 422 on purpose, so that the sender keeps and redelivers them.")
    @ApiResponse(responseCode = "202", description = "accepted: the event started a process")
    @ApiResponse(responseCode = "200", description = "duplicate: the process already exists")
    @ApiResponse(responseCode = "400", description = "malformed event")
    @ApiResponse(responseCode = "401", description = "missing or wrong signature, or stale timestamp")
    @ApiResponse(responseCode = "404", description = "unknown system")
    @ApiResponse(responseCode = "422", description = "event type not handled (yet): redeliver later")
    public ResponseEntity<WebhookReceipt> receive(
            @PathVariable String system,
            @Parameter(description = "epoch seconds") @RequestHeader(name = "X-O2C-Timestamp", required = false) String timestamp,
            @Parameter(description = "sha256=<hex>") @RequestHeader(name = "X-O2C-Signature", required = false) String signature,
            @RequestHeader(name = "X-O2C-Event-Type", required = false) String eventType,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = WebhookEvent.class)))
            @RequestBody(required = false) byte[] body) {
        WebhookService.Handled handled = webhooks.receive(system, timestamp, signature, eventType, body);
        return ResponseEntity.status(handled.status()).body(handled.receipt());
    }
}
