package dev.o2c.starter.webhook;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Signs like the sandbox does (docs/contracts.md), independently of the code under test. */
public final class WebhookSigner {

    private WebhookSigner() {}

    public static String sign(String secret, String timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(
                    mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String event(String id, String type, String system, String data) {
        return """
                {"id": "%s", "type": "%s", "system": "%s", "occurredAt": "2026-03-01T10:00:00Z", "data": %s}"""
                .formatted(id, type, system, data);
    }
}
