package dev.o2c.starter.webhook;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.Map;

/**
 * The event envelope as docs/contracts.md defines it. Documentation only: the controller reads the raw bytes (the
 * signature covers them exactly) and parses them after verification.
 */
@Schema(name = "WebhookEvent", description = "a system event, signed with X-O2C-Signature over X-O2C-Timestamp + '.' + body")
public record WebhookEvent(
        @Schema(example = "evt_123") String id,
        @Schema(example = "opportunity.won") String type,
        @Schema(example = "crm") String system,
        Instant occurredAt,
        @Schema(example = "{\"opportunityId\": \"opp_1042\", \"accountId\": \"acc_7\"}") Map<String, Object> data) {}
