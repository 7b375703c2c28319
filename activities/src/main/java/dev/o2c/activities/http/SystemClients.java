package dev.o2c.activities.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.net.http.HttpClient;
import java.util.Objects;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * One {@link SystemClient} (with its own {@link RestClient}, base URL and timeouts) per system. Connectors take
 * theirs from here.
 */
public final class SystemClients {

    private final SystemClient crm;
    private final SystemClient psa;
    private final SystemClient erp;
    private final SystemClient invoicing;

    /**
     * @param properties endpoints and timeouts
     * @param builder a prototype {@link RestClient.Builder} (Boot's, for metrics and tracing); cloned per system
     * @param audit where each call is recorded
     */
    public SystemClients(SystemsProperties properties, RestClient.Builder builder, CallAudit audit) {
        JsonMapper json = jsonMapper();
        this.crm = create("crm", properties.crm(), builder, json, audit);
        this.psa = create("psa", properties.psa(), builder, json, audit);
        this.erp = create("erp", properties.erp(), builder, json, audit);
        this.invoicing = create("invoicing", properties.invoicing(), builder, json, audit);
    }

    public SystemClient crm() {
        return crm;
    }

    public SystemClient psa() {
        return psa;
    }

    public SystemClient erp() {
        return erp;
    }

    public SystemClient invoicing() {
        return invoicing;
    }

    /**
     * The JSON mapping of every system's bodies: Jackson 3 defaults (ISO dates, unknown properties ignored), null
     * fields left out of requests, decimals read as {@code BigDecimal} so no amount passes through a {@code double}.
     */
    static JsonMapper jsonMapper() {
        return JsonMapper.builder()
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .changeDefaultPropertyInclusion(inclusion -> inclusion.withValueInclusion(JsonInclude.Include.NON_NULL))
                .build();
    }

    private static SystemClient create(String system, SystemsProperties.Endpoint endpoint, RestClient.Builder builder,
            JsonMapper json, CallAudit audit) {
        Objects.requireNonNull(endpoint, "o2c.systems." + system);
        if (endpoint.baseUrl() == null || endpoint.baseUrl().isBlank()) {
            throw new IllegalStateException("o2c.systems." + system + ".base-url is not set");
        }
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(endpoint.connectTimeout())
                .build();
        JdkClientHttpRequestFactory requestFactory = new JdkClientHttpRequestFactory(http);
        requestFactory.setReadTimeout(endpoint.readTimeout());
        RestClient rest = builder.clone()
                .baseUrl(endpoint.baseUrl())
                .requestFactory(requestFactory)
                .build();
        return new SystemClient(system, rest, json, audit, endpoint.localConcurrency());
    }
}
