package dev.o2c.activities;

import dev.o2c.sandbox.SandboxApplication;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real sandbox ({@link SandboxApplication}), started once per test JVM in-process on a random port, on its own
 * database of the shared embedded PostgreSQL, without demo data or webhooks. Tests drive it over HTTP like any client:
 * fixtures through the systems' APIs, faults through {@code /sandbox/v1/faults}, checks through
 * {@code /sandbox/v1/snapshot}.
 */
public final class Sandbox {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static Sandbox instance;

    private final ConfigurableApplicationContext context;
    private final String baseUrl;
    private final RestClient http;

    private Sandbox(ConfigurableApplicationContext context, int port) {
        this.context = context;
        this.baseUrl = "http://127.0.0.1:" + port;
        this.http = RestClient.builder()
                .baseUrl(baseUrl)
                .requestFactory(new JdkClientHttpRequestFactory(
                        HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()))
                .build();
    }

    public static synchronized Sandbox get() {
        if (instance == null) {
            String url = TestDatabases.createDatabase("sandbox");
            // command-line arguments: they outrank the sandbox's application.yml (builder properties would not)
            ConfigurableApplicationContext context = new SpringApplicationBuilder(SandboxApplication.class).run(
                    "--server.port=0",
                    // a developer's sandbox: its dev database password and webhook secret are accepted
                    "--spring.profiles.active=dev",
                    // nothing to drain at the end of a test run (graceful would wait up to 30 s for open connections)
                    "--server.shutdown=immediate",
                    "--spring.datasource.url=" + url,
                    "--spring.datasource.username=postgres",
                    "--spring.datasource.password=postgres",
                    "--sandbox.seed.enabled=false",
                    "--sandbox.webhooks.enabled=false",
                    "--spring.main.banner-mode=off",
                    "--spring.jmx.enabled=false",
                    // this module's own auto-configuration (activities, ledger) is on the test classpath too
                    "--spring.autoconfigure.exclude=dev.o2c.activities.ActivitiesAutoConfiguration");
            int port = ((WebServerApplicationContext) context).getWebServer().getPort();
            instance = new Sandbox(context, port);
            // Spring Boot's own shutdown hook closes the context when the test JVM exits
        }
        return instance;
    }

    /** e.g. {@code http://127.0.0.1:41234/erp/v1}. */
    public String baseUrl(String system) {
        return baseUrl + "/" + system + "/v1";
    }

    /** POSTs JSON (with a fresh idempotency key) and answers the body; fails the test on a non-2xx answer. */
    public JsonNode post(String path, String json) {
        String body = http.post()
                .uri(path)
                .contentType(MediaType.APPLICATION_JSON)
                .header("Idempotency-Key", "fixture-" + UUID.randomUUID())
                .body(json)
                .retrieve()
                .body(String.class);
        return body == null ? JSON.missingNode() : JSON.readTree(body);
    }

    /** PATCHes JSON (with a fresh idempotency key) and answers the body; fails the test on a non-2xx answer. */
    public JsonNode patch(String path, String json) {
        String body = http.patch()
                .uri(path)
                .contentType(MediaType.APPLICATION_JSON)
                .header("Idempotency-Key", "fixture-" + UUID.randomUUID())
                .body(json)
                .retrieve()
                .body(String.class);
        return body == null ? JSON.missingNode() : JSON.readTree(body);
    }

    public JsonNode get(String path) {
        return JSON.readTree(http.get().uri(path).retrieve().body(String.class));
    }

    /** {@code POST /sandbox/v1/faults}, e.g. {@code {"system":"erp","operation":"customers.upsert","mode":"TRANSIENT","times":1}}. */
    public JsonNode fault(String json) {
        return post("/sandbox/v1/faults", json);
    }

    public void clearFaults() {
        http.delete().uri("/sandbox/v1/faults").retrieve().toBodilessEntity();
    }

    /** Objects of one kind in one system, e.g. {@code snapshot("erp", "customers")}. */
    public List<JsonNode> snapshot(String system, String kind) {
        List<JsonNode> items = new ArrayList<>();
        get("/sandbox/v1/snapshot").path(system).path(kind).forEach(items::add);
        return items;
    }

    /** Objects of one kind in one system whose {@code field} equals {@code value}. */
    public List<JsonNode> snapshot(String system, String kind, String field, String value) {
        return snapshot(system, kind).stream().filter(n -> value.equals(n.path(field).asString())).toList();
    }

    public ConfigurableApplicationContext context() {
        return context;
    }
}
