package dev.o2c.starter.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;

import dev.o2c.starter.OpenApiContract;
import dev.o2c.starter.TestLedger;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who may call what, over <b>every</b> operation of the checked-in OpenAPI document: no token → {@code 401}, a role
 * that does not include the one the operation needs → {@code 403}, one that does → the endpoint itself answers
 * (its own status: 2xx, or 404 for the made-up ids used here; never 401 or 403). Errors are problem+json. Tokens are
 * real signed JWTs checked by the starter's real decoder; expired, foreign-audience and foreign-key tokens are 401.
 * A new operation fails this test until {@link #REQUIRED} says which role it needs.
 */
@SpringBootTest(properties = {
        "spring.temporal.test-server.enabled=true",
        "o2c.activities.enabled=false",
        "o2c.webhook.secret=matrix-secret-matrix-secret-matrix-secret",
        "o2c.query-timeout=PT0.2S",
        "o2c.decision-timeout=PT1S",
        "spring.flyway.enabled=true",
        "spring.flyway.locations=classpath:db/ledger",
        "spring.flyway.placeholders.readerpassword=o2c-dev-reader-password",
        "logging.level.dev.o2c=WARN",
})
@AutoConfigureMockMvc
@ActiveProfiles("dev")
@Import(AdminTokenByDefault.class)
class RoleMatrixTest {

    /** The role each operation needs ("none": HMAC-signed webhooks, no token; "a|b": either will do). */
    static final Map<String, String> REQUIRED = Map.ofEntries(
            Map.entry("POST /api/v1/opportunity-to-project", "integration"),
            Map.entry("GET /api/v1/processes", "viewer"),
            Map.entry("GET /api/v1/processes/{workflowId}", "viewer"),
            Map.entry("POST /api/v1/processes/{workflowId}/retry", "operator"),
            Map.entry("POST /api/v1/processes/{workflowId}/skip", "operator"),
            Map.entry("POST /api/v1/processes/{workflowId}/abort", "operator"),
            Map.entry("GET /api/v1/exceptions", "viewer"),
            Map.entry("GET /api/v1/exceptions/{id}", "viewer"),
            Map.entry("POST /api/v1/exceptions/{id}/retry", "operator"),
            Map.entry("POST /api/v1/exceptions/{id}/skip", "operator"),
            Map.entry("POST /api/v1/exceptions/{id}/abort", "operator"),
            Map.entry("GET /api/v1/projects/{psaProjectId}/billing", "viewer"),
            Map.entry("POST /api/v1/projects/{psaProjectId}/billing-runs", "finance"),
            Map.entry("POST /api/v1/projects/{psaProjectId}/amendments", "finance"),
            Map.entry("GET /api/v1/invoices/{invoiceId}", "viewer"),
            Map.entry("GET /api/v1/invoices/{invoiceId}/disputes/{disputeId}", "viewer"),
            Map.entry("POST /api/v1/invoices/{invoiceId}/disputes", "finance"),
            Map.entry("POST /api/v1/invoices/{invoiceId}/disputes/{disputeId}/resolve", "finance"),
            Map.entry("POST /api/v1/invoices/{invoiceId}/void", "finance"),
            Map.entry("POST /api/v1/invoices/{invoiceId}/write-off", "finance"),
            Map.entry("GET /api/v1/events", "viewer"),
            Map.entry("GET /api/v1/events/{id}", "viewer"),
            Map.entry("POST /api/v1/events/{id}/replay", "operator"),
            Map.entry("GET /api/v1/dashboards/operations", "viewer"),
            Map.entry("POST /api/v1/codec/decode", "viewer"),
            Map.entry("POST /api/v1/codec/encode", "viewer"),
            Map.entry("POST /api/v1/reconciliations", "operator|finance"),
            Map.entry("GET /api/v1/reconciliations", "viewer"),
            Map.entry("GET /api/v1/reconciliations/{runId}", "viewer"),
            Map.entry("GET /api/v1/reconciliations/{runId}/discrepancies", "viewer"),
            Map.entry("GET /api/v1/discrepancies", "viewer"),
            Map.entry("POST /api/v1/webhooks/{system}", "none"));

    static final List<String> ROLES = List.of("viewer", "operator", "finance", "integration", "admin");

    static EmbeddedPostgres postgres;

    @Autowired MockMvc mvc;

    @DynamicPropertySource
    static void ledger(DynamicPropertyRegistry registry) {
        postgres = TestLedger.start(registry);
    }

    @AfterAll
    static void stopLedger() throws IOException {
        postgres.close();
    }

    private record Operation(HttpMethod method, String path) {
        String key() {
            return method + " " + path;
        }
    }

    @Test
    void everyOperationNeedsItsRoleAndNoOther() throws Exception {
        List<Operation> operations = operations();
        assertThat(operations.stream().map(Operation::key).toList()).as("every documented operation has a rule")
                .containsExactlyInAnyOrderElementsOf(REQUIRED.keySet());

        List<String> violations = new ArrayList<>();
        Map<String, Integer> statuses = new TreeMap<>();
        for (Operation operation : operations) {
            String required = REQUIRED.get(operation.key());
            MockHttpServletResponse anonymous = call(operation, AdminTokenByDefault.NO_TOKEN);
            if (required.equals("none")) {
                // webhooks: judged by their HMAC signature, never by a token
                expect(violations, operation, "no token", anonymous, 401, "stale-timestamp"); // no X-O2C-Timestamp
                continue;
            }
            expect(violations, operation, "no token", anonymous, 401, "unauthorized");
            if (anonymous.getHeader("WWW-Authenticate") == null
                    || !anonymous.getHeader("WWW-Authenticate").startsWith("Bearer")) {
                violations.add(operation.key() + " [no token]: no WWW-Authenticate: Bearer challenge");
            }
            for (String role : ROLES) {
                MockHttpServletResponse response = call(operation,
                        TestTokens.bearer(role + "-user", List.of(role), List.of()));
                statuses.merge(operation.key() + " as " + role + " → " + response.getStatus(), 1, Integer::sum);
                if (includes(role, required)) {
                    if (response.getStatus() == 401 || response.getStatus() == 403) {
                        violations.add(operation.key() + " [" + role + "]: refused with " + response.getStatus()
                                + " although the role allows it");
                    }
                } else {
                    expect(violations, operation, role, response, 403, "forbidden");
                }
            }
        }
        System.out.println("role matrix: " + operations.size() + " operations × (no token + " + ROLES.size()
                + " roles); answers " + statuses.size() + " combinations checked");
        assertThat(violations).as("violations").isEmpty();
    }

    @Test
    void expiredForeignAudienceForeignKeyAndGarbageTokensAre401() throws Exception {
        Operation read = new Operation(HttpMethod.GET, "/api/v1/processes");
        assertThat(call(read, TestTokens.role("viewer")).getStatus()).isEqualTo(200);
        Map<String, String> bad = Map.of(
                "expired", "Bearer " + TestTokens.token(c -> c.claim("roles", List.of("viewer"))
                        .expirationTime(Date.from(Instant.now().minusSeconds(3600)))),
                "other audience", "Bearer " + TestTokens.token(c -> c.claim("roles", List.of("viewer"))
                        .audience("another-api")),
                "garbage", "Bearer not.a.jwt",
                "tampered", tampered(TestTokens.role("viewer")),
                "unsigned (alg none)", "Bearer " + unsigned());
        List<String> violations = new ArrayList<>();
        bad.forEach((what, token) -> {
            try {
                expect(violations, read, what, call(read, token), 401, "unauthorized");
            } catch (Exception e) {
                violations.add(what + ": " + e);
            }
        });
        assertThat(violations).isEmpty();
    }

    /** A token whose payload was changed after signing: the viewer made itself admin. */
    private static String tampered(String bearer) {
        String[] parts = bearer.substring("Bearer ".length()).split("\\.");
        String payload = new String(java.util.Base64.getUrlDecoder().decode(parts[1]), java.nio.charset.StandardCharsets.UTF_8)
                .replace("\"viewer\"", "\"admin\"");
        return "Bearer " + parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "." + parts[2];
    }

    private static String unsigned() {
        java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"none\"}".getBytes()) + "." + b64.encodeToString(
                ("{\"sub\":\"x\",\"aud\":\"o2c-api\",\"roles\":[\"admin\"],\"exp\":" + (Instant.now().getEpochSecond() + 600)
                        + "}").getBytes()) + ".";
    }

    static boolean includes(String role, String required) {
        return java.util.Arrays.stream(required.split("\\|")).anyMatch(one ->
                Role.fromClaim(role).orElseThrow().implied().contains(Role.fromClaim(one).orElseThrow()));
    }

    private MockHttpServletResponse call(Operation operation, String authorization) throws Exception {
        String path = operation.path().replaceAll("\\{system}", "crm").replaceAll("\\{[^}]+}", "x1");
        MockHttpServletRequestBuilder request = request(operation.method(), path)
                .header("Authorization", authorization);
        if (operation.method() == HttpMethod.POST) {
            request.contentType(MediaType.APPLICATION_JSON).content("{}");
        }
        return mvc.perform(request).andReturn().getResponse();
    }

    private static void expect(List<String> violations, Operation operation, String who,
                               MockHttpServletResponse response, int status, String type) throws Exception {
        String body = response.getContentAsString();
        if (response.getStatus() != status) {
            violations.add(operation.key() + " [" + who + "]: " + response.getStatus() + " instead of " + status);
        } else if (!String.valueOf(response.getContentType()).startsWith("application/problem+json")
                || !body.contains("\"https://o2c.dev/problems/" + type + "\"")) {
            violations.add(operation.key() + " [" + who + "]: not a " + type + " problem: " + body);
        }
    }

    private static List<Operation> operations() throws IOException {
        JsonNode api = JsonMapper.builder().build().readTree(Files.readString(OpenApiContract.CHECKED_IN));
        List<Operation> operations = new ArrayList<>();
        api.path("paths").properties().forEach(path -> path.getValue().properties().forEach(op ->
                operations.add(new Operation(HttpMethod.valueOf(op.getKey().toUpperCase(Locale.ROOT)), path.getKey()))));
        return operations;
    }
}
