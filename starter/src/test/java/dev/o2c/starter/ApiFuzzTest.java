package dev.o2c.starter;

import dev.o2c.starter.security.TestTokens;
import dev.o2c.starter.security.AdminTokenByDefault;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;

import dev.o2c.starter.webhook.WebhookSigner;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.interceptors.WorkflowClientCallsInterceptor;
import io.temporal.common.interceptors.WorkflowClientCallsInterceptorBase;
import io.temporal.common.interceptors.WorkflowClientInterceptorBase;
import io.temporal.spring.boot.TemporalOptionsCustomizer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpMethod;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Hostile input, generated from the checked-in OpenAPI document ({@code docs/openapi.json}): every operation gets
 * malformed JSON, wrong types, huge and unicode strings, crafted cursors and ids, wrong content types, oversized
 * bodies, forged, expired, tampered and foreign bearer tokens, and (webhooks) forged, stale and tampered signatures,
 * until at least {@value #REQUESTS} requests went out.
 * Not one may answer 5xx, every error must be problem+json, and no request answered with an error may have started a
 * workflow. Seeded, so a failure reproduces; the figures (requests, statuses seen) are printed.
 */
@SpringBootTest(properties = {
        "spring.temporal.test-server.enabled=true",
        "o2c.activities.enabled=false",
        "o2c.webhook.secret=" + ApiFuzzTest.SECRET,
        "o2c.query-timeout=PT0.2S",
        "o2c.decision-timeout=PT1S",
        "spring.flyway.enabled=true",
        "spring.flyway.locations=classpath:db/ledger",
        "spring.flyway.placeholders.readerpassword=o2c-dev-reader-password",
        "logging.level.dev.o2c=WARN",
})
@AutoConfigureMockMvc
@ActiveProfiles("dev")
@Import({ApiFuzzTest.StartCounter.class, AdminTokenByDefault.class})
class ApiFuzzTest {

    static final String SECRET = "fuzz-secret-fuzz-secret-fuzz-secret";
    static final int REQUESTS = 10_000;
    static final long SEED = 20261204L;

    /** Workflow starts (and signal-with-starts) made while the current request was handled. */
    static final ThreadLocal<List<String>> STARTS = ThreadLocal.withInitial(ArrayList::new);

    static EmbeddedPostgres postgres;

    @Autowired MockMvc mvc;

    private final ObjectMapper json = JsonMapper.builder().build();
    private final Random random = new Random(SEED);
    private JsonNode api;

    @TestConfiguration
    static class StartCounter {
        @Bean
        TemporalOptionsCustomizer<WorkflowClientOptions.Builder> countStarts() {
            return builder -> builder.setInterceptors(new WorkflowClientInterceptorBase() {
                @Override
                public WorkflowClientCallsInterceptor workflowClientCallsInterceptor(
                        WorkflowClientCallsInterceptor next) {
                    return new WorkflowClientCallsInterceptorBase(next) {
                        @Override
                        public WorkflowStartOutput start(WorkflowStartInput input) {
                            STARTS.get().add(input.getWorkflowId());
                            return super.start(input);
                        }

                        @Override
                        public WorkflowSignalWithStartOutput signalWithStart(WorkflowSignalWithStartInput input) {
                            STARTS.get().add(input.getWorkflowStartInput().getWorkflowId());
                            return super.signalWithStart(input);
                        }
                    };
                }
            });
        }
    }

    @DynamicPropertySource
    static void ledger(DynamicPropertyRegistry registry) {
        postgres = TestLedger.start(registry);
    }

    @AfterAll
    static void stopLedger() throws IOException {
        postgres.close();
    }

    private record Operation(HttpMethod method, String path, List<JsonNode> parameters, JsonNode body) {}

    private record Sent(String what, MockHttpServletRequestBuilder request) {}

    @Test
    void tenThousandHostileRequestsGetNo5xxOnlyProblemsAndStartNothing() throws Exception {
        api = json.readTree(Files.readString(OpenApiContract.CHECKED_IN));
        List<Operation> operations = operations();
        assertThat(operations).hasSizeGreaterThan(15);

        Map<Integer, Integer> statuses = new TreeMap<>();
        Map<String, Integer> byMutation = new TreeMap<>();
        List<String> violations = new ArrayList<>();
        int sent = 0;
        long started = System.nanoTime();
        while (sent < REQUESTS) {
            for (Operation operation : operations) {
                Sent request = mutate(operation);
                STARTS.get().clear();
                MockHttpServletResponse response = mvc.perform(request.request()).andReturn().getResponse();
                sent++;
                statuses.merge(response.getStatus(), 1, Integer::sum);
                byMutation.merge(request.what().replaceAll(":.*", ""), 1, Integer::sum);
                String problem = check(response);
                if (problem != null || (response.getStatus() >= 400 && !STARTS.get().isEmpty())) {
                    if (violations.size() < 20) {
                        violations.add(operation.method() + " " + operation.path() + " [" + request.what() + "] → "
                                + response.getStatus() + ": " + (problem != null ? problem
                                : "started " + STARTS.get() + " yet answered an error"));
                    }
                }
            }
        }
        long seconds = Math.max(1, (System.nanoTime() - started) / 1_000_000_000L);
        System.out.println("api fuzz: " + sent + " requests over " + operations.size() + " operations in " + seconds
                + " s (seed " + SEED + "); statuses " + statuses + "; mutations " + byMutation);
        assertThat(violations).as("violations (first 20)").isEmpty();
        assertThat(statuses.keySet()).as("no 5xx").allMatch(status -> status < 500);
    }

    /** Null when the answer is acceptable; else what is wrong with it. */
    private String check(MockHttpServletResponse response) throws Exception {
        int status = response.getStatus();
        if (status >= 500) {
            return "5xx " + response.getContentAsString(StandardCharsets.UTF_8);
        }
        if (status < 400) {
            return null;
        }
        String type = response.getContentType();
        if (type == null || !type.startsWith("application/problem+json")) {
            return "error answered as " + type + ", not application/problem+json";
        }
        JsonNode body = json.readTree(response.getContentAsString(StandardCharsets.UTF_8));
        if (body.path("status").asInt() != status || body.path("title").asString("").isBlank()) {
            return "problem without a matching status or a title: " + body;
        }
        return null;
    }

    // ---- operations from the document --------------------------------------------------------------------------

    private List<Operation> operations() {
        List<Operation> operations = new ArrayList<>();
        api.path("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> {
            List<JsonNode> parameters = new ArrayList<>();
            op.getValue().path("parameters").forEach(parameters::add);
            JsonNode schema = op.getValue().path("requestBody").path("content").path("application/json")
                    .path("schema");
            operations.add(new Operation(HttpMethod.valueOf(op.getKey().toUpperCase(java.util.Locale.ROOT)),
                    path.getKey(), parameters, schema.isMissingNode() ? null : schema));
        }));
        return operations;
    }

    // ---- mutations ---------------------------------------------------------------------------------------------

    private static final String[] HOSTILE_STRINGS = {
        "", " ", "a".repeat(5_000), "../../etc/passwd", "<script>alert(1)</script>", "' OR 1=1 --", "💥🧾", "\u202Eevil",
        "null", "%00", "\u0000", "x\r\nX-Injected: 1", "${jndi:ldap://x}", "-1", "0", "99999999999999999999",
        "1e400", "NaN", "opp-ok", "inv_1", "D-1", "crm", "INV-1"
    };

    private Sent mutate(Operation operation) {
        if (operation.path().startsWith("/api/v1/webhooks")) {
            return webhook();
        }
        Map<String, String> pathValues = new LinkedHashMap<>();
        StringBuilder query = new StringBuilder();
        for (JsonNode parameter : operation.parameters()) {
            String name = parameter.path("name").asString();
            String in = parameter.path("in").asString();
            if ("path".equals(in)) {
                pathValues.put(name, pick(HOSTILE_STRINGS));
            } else if ("query".equals(in) && random.nextBoolean()) {
                query.append(query.isEmpty() ? "?" : "&").append(name).append('=')
                        .append(encode("cursor".equals(name) ? cursor() : pick(HOSTILE_STRINGS)));
            }
        }
        String path = operation.path();
        for (Map.Entry<String, String> value : pathValues.entrySet()) {
            String segment = value.getValue().isEmpty() ? "%20" : encode(value.getValue());
            path = path.replace("{" + value.getKey() + "}", segment);
        }
        MockHttpServletRequestBuilder request = request(operation.method(), java.net.URI.create(path + query));
        String token = random.nextInt(8) == 0 ? hostileToken() : null; // else the admin's (AdminTokenByDefault)
        if (token != null) {
            request.header("Authorization", token);
        }
        Sent sent = operation.body() == null ? new Sent("no-body", request) : body(request, operation.body());
        return token == null ? sent : new Sent("token-" + sent.what(), sent.request());
    }

    /** A bearer token that must be refused: forged, expired, for another audience, tampered, garbage. */
    private String hostileToken() {
        return switch (random.nextInt(7)) {
            case 0 -> "Bearer " + TestTokens.token(c -> c.claim("roles", List.of("admin"))
                    .expirationTime(java.util.Date.from(Instant.now().minusSeconds(60))));
            case 1 -> "Bearer " + TestTokens.token(c -> c.claim("roles", List.of("admin")).audience("other-api"));
            case 2 -> {
                String[] parts = TestTokens.admin().split("\\.");
                yield parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();
            }
            case 3 -> "Bearer " + pick(HOSTILE_STRINGS);
            case 4 -> "Basic YWRtaW46YWRtaW4=";
            case 5 -> "Bearer " + "e".repeat(20_000);
            default -> TestTokens.bearer("nobody", List.of("not-a-role"), List.of("pmo"));
        };
    }

    private Sent body(MockHttpServletRequestBuilder request, JsonNode schema) {
        JsonNode valid = sample(schema, 0);
        int kind = random.nextInt(12);
        return switch (kind) {
            case 0 -> {
                String text = valid.toString();
                yield new Sent("malformed-json", request.contentType("application/json")
                        .content(text.substring(0, random.nextInt(Math.max(1, text.length())))));
            }
            case 1 -> new Sent("wrong-type", request.contentType("application/json").content(wrongType(valid)
                    .toString()));
            case 2 -> new Sent("huge-string", request.contentType("application/json").content(withString(valid,
                    "x".repeat(200_000)).toString()));
            case 3 -> new Sent("unicode", request.contentType("application/json").content(withString(valid,
                    "Zá🧾\u202E\u0000\uFEFF" + pick(HOSTILE_STRINGS)).toString()));
            case 4 -> new Sent("array-not-object", request.contentType("application/json").content("[" + valid + "]"));
            case 5 -> new Sent("empty-body", request.contentType("application/json").content(""));
            case 6 -> new Sent("wrong-content-type:" + kind, request.contentType(pick(new String[] {"text/plain",
                    "application/xml", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded"}))
                    .content(valid.toString()));
            case 7 -> new Sent("oversized", request.contentType("application/json")
                    .content("{\"reason\":\"" + "y".repeat(2 * 1024 * 1024) + "\"}"));
            case 8 -> new Sent("deep-nesting", request.contentType("application/json")
                    .content("[".repeat(5_000) + "]".repeat(5_000)));
            case 9 -> new Sent("extreme-numbers", request.contentType("application/json").content(withNumber(valid)));
            case 10 -> new Sent("nulls", request.contentType("application/json").content(nulls(valid).toString()));
            default -> new Sent("sample", request.contentType("application/json").content(valid.toString()));
        };
    }

    private Sent webhook() {
        String system = pick(new String[] {"crm", "psa", "erp", "invoicing", "unknown", "CRM", "a".repeat(300)});
        String type = pick(new String[] {"opportunity.won", "payment.received", "time.approved", "contract.amended",
            "invoice.rejected", "invoice.credited", "bogus"});
        String data = pick(new String[] {"{}", "{\"opportunityId\":\"" + pick(HOSTILE_STRINGS).replace("\"", "")
                + "\"}", "{\"paymentId\":\"p\",\"invoiceId\":\"i\",\"amount\":\"-5\",\"currency\":\"EURO\"}",
            "{\"projectId\":[1,2]}", "[]", "\"x\""});
        String body = WebhookSigner.event(pick(new String[] {"evt-1", "", "e".repeat(1_000), "evt 2", "💥"}), type,
                system, data);
        String now = Long.toString(Instant.now().getEpochSecond());
        MockHttpServletRequestBuilder request = request(HttpMethod.POST,
                java.net.URI.create("/api/v1/webhooks/" + encode(system))).contentType("application/json");
        int kind = random.nextInt(7);
        return switch (kind) {
            case 0 -> new Sent("webhook-forged", request.header("X-O2C-Timestamp", now)
                    .header("X-O2C-Signature", WebhookSigner.sign("not-the-secret", now, body)).content(body));
            case 1 -> {
                String stale = Long.toString(Instant.now().minusSeconds(3_600).getEpochSecond());
                yield new Sent("webhook-stale", request.header("X-O2C-Timestamp", stale)
                        .header("X-O2C-Signature", WebhookSigner.sign(SECRET, stale, body)).content(body));
            }
            case 2 -> new Sent("webhook-tampered", request.header("X-O2C-Timestamp", now)
                    .header("X-O2C-Signature", WebhookSigner.sign(SECRET, now, body)).content(body + " "));
            case 3 -> new Sent("webhook-unsigned", request.content(body));
            case 4 -> new Sent("webhook-garbage-headers", request.header("X-O2C-Timestamp", pick(HOSTILE_STRINGS))
                    .header("X-O2C-Signature", "sha256=" + pick(HOSTILE_STRINGS)).content(body));
            case 5 -> {
                String huge = "{\"id\":\"big\",\"type\":\"opportunity.won\",\"pad\":\"" + "z".repeat(2 * 1024 * 1024)
                        + "\"}";
                yield new Sent("webhook-oversized", request.header("X-O2C-Timestamp", now)
                        .header("X-O2C-Signature", WebhookSigner.sign("forged", now, huge)).content(huge));
            }
            default -> {
                // correctly signed, hostile content: the signature proves the sender, not the data
                String signedBody = random.nextBoolean() ? body : body.substring(0, random.nextInt(body.length()));
                yield new Sent("webhook-signed-hostile", request.header("X-O2C-Timestamp", now)
                        .header("X-O2C-Signature", WebhookSigner.sign(SECRET, now, signedBody)).content(signedBody));
            }
        };
    }

    private String cursor() {
        byte[] junk = new byte[random.nextInt(64)];
        random.nextBytes(junk);
        return pick(new String[] {
            Base64.getUrlEncoder().encodeToString(junk),
            Base64.getUrlEncoder().encodeToString("{\"k\":\"9999-99-99\",\"id\":\"'\"}".getBytes(StandardCharsets.UTF_8)),
            Base64.getUrlEncoder().encodeToString("{\"updatedAt\":-1,\"workflowId\":null}".getBytes(StandardCharsets.UTF_8)),
            "!!!not-base64!!!", "a".repeat(10_000), ""});
    }

    /** A value of the schema's shape (properties filled, examples used where given). */
    private JsonNode sample(JsonNode schema, int depth) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (schema == null || depth > 6) {
            return f.stringNode("x");
        }
        if (schema.has("$ref")) {
            String ref = schema.path("$ref").asString();
            return sample(api.path("components").path("schemas").path(ref.substring(ref.lastIndexOf('/') + 1)),
                    depth + 1);
        }
        if (schema.has("example")) {
            return schema.path("example");
        }
        if (schema.has("enum")) {
            return schema.path("enum").get(random.nextInt(schema.path("enum").size()));
        }
        String type = schema.path("type").asString("object");
        return switch (type) {
            case "integer" -> f.numberNode(1);
            case "number" -> f.numberNode(1.5);
            case "boolean" -> f.booleanNode(true);
            case "array" -> {
                ArrayNode array = f.arrayNode();
                array.add(sample(schema.path("items"), depth + 1));
                yield array;
            }
            case "string" -> f.stringNode("fuzz");
            default -> {
                ObjectNode object = f.objectNode();
                schema.path("properties").properties().forEach(p -> object.set(p.getKey(), sample(p.getValue(),
                        depth + 1)));
                yield object;
            }
        };
    }

    private JsonNode wrongType(JsonNode valid) {
        if (!(valid instanceof ObjectNode object) || object.isEmpty()) {
            return JsonNodeFactory.instance.numberNode(42);
        }
        ObjectNode copy = object.deepCopy();
        String field = randomField(copy);
        JsonNodeFactory f = JsonNodeFactory.instance;
        JsonNode[] wrong = {f.numberNode(123), f.arrayNode().add(1), f.objectNode().put("a", 1), f.booleanNode(false),
            f.stringNode("not-a-" + field)};
        copy.set(field, wrong[random.nextInt(wrong.length)]);
        return copy;
    }

    private JsonNode withString(JsonNode valid, String value) {
        if (!(valid instanceof ObjectNode object) || object.isEmpty()) {
            return JsonNodeFactory.instance.stringNode(value);
        }
        ObjectNode copy = object.deepCopy();
        copy.put(randomField(copy), value);
        return copy;
    }

    private String withNumber(JsonNode valid) {
        String number = pick(new String[] {"1e400", "-0", "99999999999999999999999", "-1", "0.000000001", "NaN"});
        if (!(valid instanceof ObjectNode object) || object.isEmpty()) {
            return number;
        }
        String field = randomField(object);
        ObjectNode copy = object.deepCopy();
        copy.remove(field);
        String rest = copy.toString();
        return "{\"" + field + "\":" + number + (rest.length() > 2 ? "," + rest.substring(1) : "}");
    }

    private JsonNode nulls(JsonNode valid) {
        if (!(valid instanceof ObjectNode object)) {
            return JsonNodeFactory.instance.nullNode();
        }
        ObjectNode copy = object.deepCopy();
        List<String> fields = new ArrayList<>();
        copy.propertyNames().forEach(fields::add);
        fields.forEach(field -> copy.putNull(field));
        return copy;
    }

    private String randomField(ObjectNode object) {
        List<String> fields = new ArrayList<>();
        Iterator<String> names = object.propertyNames().iterator();
        names.forEachRemaining(fields::add);
        return fields.get(random.nextInt(fields.size()));
    }

    private String pick(String[] values) {
        return values[random.nextInt(values.length)];
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
