package dev.o2c.starter.webhook;

import dev.o2c.starter.config.O2cProperties;
import dev.o2c.starter.web.ApiProblem;
import dev.o2c.starter.web.ProblemTypes;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Verifies an inbound webhook as docs/contracts.md specifies: {@code X-O2C-Signature: sha256=<hex>}, where
 * {@code <hex>} is HMAC-SHA256 with the system's secret ({@code o2c.webhook.secrets.<system>}: one, or two while it is
 * rotated, a signature valid under either is accepted; else the shared {@code o2c.webhook.secret}) over the UTF-8
 * bytes of {@code timestamp + "." + rawBody}, and
 * {@code X-O2C-Timestamp} (epoch seconds) at most {@code o2c.webhook.tolerance} away from now. Comparison is constant
 * time. Any failure is a 401 problem.
 */
@Component
public class WebhookVerifier {

    static final String SIGNATURE_PREFIX = "sha256=";
    private static final String ALGORITHM = "HmacSHA256";

    /** At most this many secrets per system are active at once: the current one and the one being rotated in. */
    static final int MAX_SECRETS = 2;

    private final O2cProperties.Webhook settings;
    private final Duration tolerance;
    private final Clock clock;

    @Autowired
    public WebhookVerifier(O2cProperties properties) {
        this(properties, Clock.systemUTC());
    }

    WebhookVerifier(O2cProperties properties, Clock clock) {
        this.settings = properties.webhook();
        settings.secrets().forEach((system, secrets) -> {
            if (!WebhookService.SYSTEMS.contains(system)) {
                throw new IllegalStateException("o2c.webhook.secrets." + system + ": no such system; known systems: "
                        + WebhookService.SYSTEMS.stream().sorted().toList());
            }
            if (settings.secretsOf(system).size() > MAX_SECRETS) {
                throw new IllegalStateException("o2c.webhook.secrets." + system + " holds more than " + MAX_SECRETS
                        + " secrets: at most the current one and the one being rotated in, comma-separated");
            }
        });
        this.tolerance = properties.webhook().tolerance();
        this.clock = clock;
    }

    /** {@link #verify(String, String, String, byte[])} with the shared secret (a system without its own). */
    public void verify(String timestamp, String signature, byte[] rawBody) {
        verify(null, timestamp, signature, rawBody);
    }

    /**
     * @param system the system of the path, whose secrets apply; null: the shared secret
     * @param timestamp the {@code X-O2C-Timestamp} header, may be null
     * @param signature the {@code X-O2C-Signature} header, may be null
     * @param rawBody the body exactly as received
     * @throws ApiProblem 401 when the signature is missing or wrong, or the timestamp is missing or stale
     */
    public void verify(String system, String timestamp, String signature, byte[] rawBody) {
        if (timestamp == null || timestamp.isBlank()) {
            throw unauthorized(ProblemTypes.STALE_TIMESTAMP, "X-O2C-Timestamp is missing");
        }
        if (signature == null || !signature.startsWith(SIGNATURE_PREFIX)) {
            throw unauthorized(ProblemTypes.INVALID_SIGNATURE, "X-O2C-Signature is missing or not sha256=<hex>");
        }
        byte[] offered;
        try {
            offered = HexFormat.of().parseHex(signature.substring(SIGNATURE_PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw unauthorized(ProblemTypes.INVALID_SIGNATURE, "X-O2C-Signature is not hexadecimal");
        }
        boolean matches = false;
        for (String secret : secretsOf(system)) {
            // every secret is tried (no early exit), so the time taken does not tell which one matched
            matches |= MessageDigest.isEqual(offered, mac(secret, timestamp, rawBody));
        }
        if (!matches) {
            throw unauthorized(ProblemTypes.INVALID_SIGNATURE, "X-O2C-Signature does not match the body");
        }
        long sentAt;
        try {
            sentAt = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            throw unauthorized(ProblemTypes.STALE_TIMESTAMP, "X-O2C-Timestamp is not epoch seconds");
        }
        long skew = Math.abs(clock.instant().getEpochSecond() - sentAt);
        if (skew > tolerance.toSeconds()) {
            throw unauthorized(ProblemTypes.STALE_TIMESTAMP,
                    "X-O2C-Timestamp is " + skew + " s away from now (tolerance " + tolerance.toSeconds() + " s)");
        }
    }

    /** The signature header value for a body with the shared secret: what a sender computes (tests and tools). */
    public String sign(String timestamp, byte[] rawBody) {
        return SIGNATURE_PREFIX + HexFormat.of().formatHex(mac(settings.secret(), timestamp, rawBody));
    }

    private java.util.List<String> secretsOf(String system) {
        return settings.secretsOf(system == null ? "" : system);
    }

    private static byte[] mac(String secret, String timestamp, byte[] rawBody) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(rawBody);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static ApiProblem unauthorized(String type, String detail) {
        return new ApiProblem(HttpStatus.UNAUTHORIZED, type, "Webhook rejected", detail);
    }
}
