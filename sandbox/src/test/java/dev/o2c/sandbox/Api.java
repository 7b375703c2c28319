package dev.o2c.sandbox;

import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Real HTTP calls to the running sandbox; never throws on 4xx/5xx so tests can assert them. */
public final class Api {

    public static final JsonMapper JSON = JsonMapper.builder().build();

    public record Response(int status, HttpHeaders headers, String raw) {

        public JsonNode json() {
            return raw == null || raw.isEmpty() ? JSON.nullNode() : JSON.readTree(raw);
        }

        public String get(String field) {
            return json().path(field).asString();
        }

        public String id() {
            return get("id");
        }

        public String contentType() {
            return headers.getFirst(HttpHeaders.CONTENT_TYPE);
        }
    }

    private final RestClient client;
    private final int port;
    private final String correlationId;

    public Api(int port) {
        this(port, "corr-test");
    }

    private Api(int port, String correlationId) {
        this.port = port;
        this.correlationId = correlationId;
        this.client = RestClient.builder()
                .baseUrl("http://127.0.0.1:" + port)
                .requestFactory(new JdkClientHttpRequestFactory(HttpClient.newHttpClient()))
                .build();
    }

    /** The same API, sending another X-Correlation-Id. */
    public Api withCorrelation(String id) {
        return new Api(port, id);
    }

    public static String newKey() {
        return "test-" + UUID.randomUUID();
    }

    public Response get(String path) {
        return call(HttpMethod.GET, path, null, null);
    }

    /** POST without Idempotency-Key. */
    public Response post(String path, String body) {
        return call(HttpMethod.POST, path, body, null);
    }

    public Response post(String path, String body, String idempotencyKey) {
        return call(HttpMethod.POST, path, body, idempotencyKey);
    }

    public Response patch(String path, String body) {
        return call(HttpMethod.PATCH, path, body, null);
    }

    public Response delete(String path) {
        return call(HttpMethod.DELETE, path, null, null);
    }

    /** GET accepting any media type (text endpoints such as Prometheus). */
    public Response getAny(String path) {
        return client.get().uri(path).accept(MediaType.ALL).exchange((request, response) -> new Response(
                response.getStatusCode().value(), response.getHeaders(),
                new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8)), true);
    }

    public Response call(HttpMethod method, String path, String body, String idempotencyKey) {
        RestClient.RequestBodySpec spec = client.method(method).uri(path)
                .header("X-Correlation-Id", correlationId)
                .accept(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON);
        if (idempotencyKey != null) {
            spec.header("Idempotency-Key", idempotencyKey);
        }
        if (body != null) {
            spec.contentType(MediaType.APPLICATION_JSON).body(body.getBytes(StandardCharsets.UTF_8));
        }
        return spec.exchange((request, response) -> new Response(response.getStatusCode().value(),
                response.getHeaders(), new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8)), true);
    }
}
