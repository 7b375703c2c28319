package dev.o2c.activities.http;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where each system lives and how long o2c waits for it: {@code o2c.systems.<crm|psa|erp|invoicing>.base-url},
 * {@code .connect-timeout} (default 2 s), {@code .read-timeout} (default 10 s) and {@code .local-concurrency} (default
 * 20: how many of o2c's reads made as local activities may call the system at once; the worker's own concurrency
 * limit for the system's task queue does not hold them).
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
     * @param localConcurrency calls made from local activities that may run at once (at least 1)
     */
    public record Endpoint(
            String baseUrl,
            @DefaultValue("2s") Duration connectTimeout,
            @DefaultValue("10s") Duration readTimeout,
            @DefaultValue("20") int localConcurrency) {

        /** Calls from local activities at once when nothing is configured. */
        public static final int DEFAULT_LOCAL_CONCURRENCY = 20;

        public static Endpoint of(String baseUrl) {
            return of(baseUrl, Duration.ofSeconds(2), Duration.ofSeconds(10));
        }

        /** An endpoint with the default local concurrency. */
        public static Endpoint of(String baseUrl, Duration connectTimeout, Duration readTimeout) {
            return new Endpoint(baseUrl, connectTimeout, readTimeout, DEFAULT_LOCAL_CONCURRENCY);
        }
    }
}
