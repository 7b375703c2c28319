package dev.o2c.sandbox.platform.webhooks;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code sandbox.webhooks.*}: where and how events are delivered. {@code enabled=false} keeps events pending
 * in the outbox (nothing is sent); {@code poll-interval} is how often the dispatcher looks for due events.
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
        Duration readTimeout) {
}
