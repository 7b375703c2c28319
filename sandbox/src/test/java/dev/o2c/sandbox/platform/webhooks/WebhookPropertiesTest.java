package dev.o2c.sandbox.platform.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookPropertiesTest {

    @Test
    void aSystemSignsWithTheFirstOfItsOwnSecretsElseTheSharedOne() {
        WebhookProperties props = props(Map.of("crm", " new-crm-secret , old-crm-secret", "psa", "psa-secret",
                "erp", "  "));
        assertThat(props.secretOf("crm")).isEqualTo("new-crm-secret");
        assertThat(props.secretOf("psa")).isEqualTo("psa-secret");
        assertThat(props.secretOf("erp")).isEqualTo("shared");
        assertThat(props.secretOf("invoicing")).isEqualTo("shared");
        assertThat(props(null).secretOf("crm")).isEqualTo("shared");
    }

    private static WebhookProperties props(Map<String, String> secrets) {
        return new WebhookProperties(true, "http://o2c", "shared", Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(60), 50, Duration.ofSeconds(2), Duration.ofSeconds(5), secrets);
    }
}
