package dev.o2c.starter.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
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
     * @param secret shared HMAC-SHA256 secret ({@code O2C_WEBHOOK_SECRET}): the secret of every system that has none
     *     of its own
     * @param tolerance how far an event's {@code X-O2C-Timestamp} may be from now, either way
     * @param secrets per-system secrets ({@code o2c.webhook.secrets.<system>}, e.g. {@code O2C_WEBHOOK_SECRETS_CRM}):
     *     one, or two comma-separated while a secret is rotated (a signature valid under either is accepted); blank:
     *     the shared {@code secret}
     * @param maxBodyBytes the largest webhook body taken ({@code o2c.webhook.max-body-bytes}); a larger one is answered
     *     413 before its signature is looked at
     */
    public record Webhook(
            @DefaultValue("o2c-dev-webhook-secret") String secret,
            @DefaultValue("5m") Duration tolerance,
            Map<String, String> secrets,
            @DefaultValue("1048576") long maxBodyBytes) {

        public Webhook {
            secrets = secrets == null ? Map.of() : Map.copyOf(secrets);
        }

        /** A webhook setting with the shared secret only and the default body limit (1 MiB). */
        public static Webhook shared(String secret, Duration tolerance) {
            return new Webhook(secret, tolerance, Map.of(), DEFAULT_MAX_BODY_BYTES);
        }

        /** 1 MiB. */
        public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

        /**
         * The secrets a system's signature may be made with: its own (one or two, comma-separated), else the shared
         * one.
         */
        public List<String> secretsOf(String system) {
            String own = secrets.get(system);
            if (own == null || own.isBlank()) {
                return secret == null || secret.isEmpty() ? List.of() : List.of(secret);
            }
            return Arrays.stream(own.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        }
    }
}
