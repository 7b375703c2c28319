package dev.o2c.activities.http;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where each system lives and how long o2c waits for it: {@code o2c.systems.<crm|psa|erp|invoicing>.base-url},
 * {@code .connect-timeout} (default 2 s) and {@code .read-timeout} (default 10 s).
 */
@ConfigurationProperties("o2c.systems")
public record SystemsProperties(
        @DefaultValue Endpoint crm,
        @DefaultValue Endpoint psa,
        @DefaultValue Endpoint erp,
        @DefaultValue Endpoint invoicing) {

    /**
     * One system's endpoint.
     *
     * @param baseUrl e.g. {@code http://127.0.0.1:8090/erp/v1}; required
     * @param connectTimeout TCP connect timeout
     * @param readTimeout how long to wait for a response (a timeout is a retryable failure)
     */
    public record Endpoint(
            String baseUrl,
            @DefaultValue("2s") Duration connectTimeout,
            @DefaultValue("10s") Duration readTimeout) {

        public static Endpoint of(String baseUrl) {
            return new Endpoint(baseUrl, Duration.ofSeconds(2), Duration.ofSeconds(10));
        }
    }
}
