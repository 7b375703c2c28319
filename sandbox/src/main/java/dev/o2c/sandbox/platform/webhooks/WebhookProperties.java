package dev.o2c.sandbox.platform.webhooks;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code sandbox.webhooks.*}: where and how events are delivered. {@code enabled=false} keeps events pending
 * in the outbox (nothing is sent); {@code poll-interval} is how often the dispatcher looks for due events.
 * {@code secret} is the shared signing secret ({@code O2C_WEBHOOK_SECRET}); {@code secrets.<system>} a system's own
 * ({@code O2C_WEBHOOK_SECRETS_CRM}, ...), the same setting as o2c's: one, or two comma-separated while o2c rotates it,
 * of which the sandbox signs with the first.
 */
@ConfigurationProperties("sandbox.webhooks")
public record WebhookProperties(
        boolean enabled,
        String url,
        String secret,
        Duration pollInterval,
        Duration initialBackoff,
        Duration maxBackoff,
        int batchSize,
        Duration connectTimeout,
        Duration readTimeout,
        Map<String, String> secrets) {

    public WebhookProperties {
        secrets = secrets == null ? Map.of() : Map.copyOf(secrets);
    }

    /** The secret events of a system are signed with: the first of its own, else the shared one. */
    public String secretOf(String system) {
        String own = secrets.get(system);
        if (own != null) {
            for (String candidate : own.split(",")) {
                if (!candidate.isBlank()) {
                    return candidate.strip();
                }
            }
        }
        return secret;
    }
}
