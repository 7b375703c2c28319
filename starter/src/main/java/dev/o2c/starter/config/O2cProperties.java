package dev.o2c.starter.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The starter's own settings ({@code o2c.*}).
 *
 * @param temporalUiUrl base URL of the Temporal UI, for links ({@code http://localhost:8233} for the CLI dev server,
 *     {@code http://localhost:8080} in docker-compose); blank or {@code none} when the server has no UI (the in-JVM
 *     Java test server): then no {@code temporalUi} link is handed out, and {@link #temporalUiUrl()} is null
 * @param parkTimeout how long a parked process waits for an operator before it aborts by itself; passed to each new
 *     process in its request
 * @param queryTimeout how long a {@code state} query may take before the ledger answers instead
 * @param decisionTimeout how long an operator decision (the {@code decide} Update) may wait for the workflow to take
 *     it before the API answers 503 {@code process-unresponsive}
 * @param webhook inbound webhook verification
 */
@ConfigurationProperties("o2c")
public record O2cProperties(
        @DefaultValue("http://localhost:8233") String temporalUiUrl,
        @DefaultValue("P14D") Duration parkTimeout,
        @DefaultValue("PT5S") Duration queryTimeout,
        @DefaultValue("PT10S") Duration decisionTimeout,
        @DefaultValue Webhook webhook) {

    public O2cProperties {
        if (temporalUiUrl == null || temporalUiUrl.isBlank() || temporalUiUrl.strip().equalsIgnoreCase("none")) {
            temporalUiUrl = null;
        } else {
            temporalUiUrl = temporalUiUrl.strip();
            temporalUiUrl = temporalUiUrl.endsWith("/")
                    ? temporalUiUrl.substring(0, temporalUiUrl.length() - 1)
                    : temporalUiUrl;
        }
    }

    /**
     * @param secret shared HMAC-SHA256 secret ({@code O2C_WEBHOOK_SECRET})
     * @param tolerance how far an event's {@code X-O2C-Timestamp} may be from now, either way
     */
    public record Webhook(
            @DefaultValue("o2c-dev-webhook-secret") String secret,
            @DefaultValue("5m") Duration tolerance) {}
}
