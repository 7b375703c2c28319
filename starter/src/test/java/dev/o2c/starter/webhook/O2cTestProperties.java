package dev.o2c.starter.webhook;

import dev.o2c.starter.config.O2cProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

final class O2cTestProperties {

    private O2cTestProperties() {}

    /** A verifier whose clock stands at epoch second 1700000000. */
    static WebhookVerifier verifier(String secret) {
        O2cProperties properties = new O2cProperties("http://ui", Duration.ofDays(14), Duration.ofSeconds(5), Duration.ofSeconds(10),
                O2cProperties.Webhook.shared(secret, Duration.ofMinutes(5)));
        return new WebhookVerifier(properties, Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC));
    }
}
