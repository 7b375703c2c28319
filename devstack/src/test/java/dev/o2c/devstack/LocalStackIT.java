package dev.o2c.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.o2c.devstack.client.O2cClient;
import dev.o2c.devstack.client.Role;
import dev.o2c.devstack.client.Tokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Smoke test of the whole local stack: embedded PostgreSQL, the Java Temporal test server, and the packaged
 * sandbox, identity, worker and starter jars of this repository, each a separate process on free ports. Runs on the stack
 * the end-to-end classes share ({@link SharedStack}); {@link LauncherKilledIT} checks that no child outlives the
 * launcher.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
@ExtendWith(SharedStack.class)
@Order(0)
class LocalStackIT {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Path stateDir;
    private int starterManagementPort;
    private LocalStack stack;
    private StackInfo info;
    private O2cClient client;

    @BeforeAll
    void useTheSharedStack() {
        SharedStack.Running shared = SharedStack.get();
        stateDir = shared.stateDir();
        stack = shared.stack();
        info = shared.info();
        client = shared.client();
        starterManagementPort = shared.ports().get(5);
    }

    @Test
    @Order(1)
    void everyAppIsUp() throws Exception {
        for (String base : List.of(info.sandboxUrl(), info.identityUrl(), info.workerUrl(), info.starterUrl())) {
            HttpResponse<String> health = get(base + "/actuator/health");
            assertThat(health.statusCode()).as(base).isEqualTo(200);
            assertThat(health.body()).as(base).contains("\"status\":\"UP\"");
            assertThat(get(base + LocalStack.READINESS_PATH).statusCode()).as(base).isEqualTo(200);
        }
    }

    @Test
    @Order(1)
    void theStarterKeepsItsActuatorOnTheManagementPortAndOnlyHealthOnTheApiPort() throws Exception {
        String management = "http://127.0.0.1:" + starterManagementPort;
        assertThat(get(management + "/actuator/prometheus").statusCode()).isEqualTo(200);
        assertThat(get(management + LocalStack.READINESS_PATH).statusCode()).isEqualTo(200);
        assertThat(get(info.starterUrl() + "/actuator/prometheus").statusCode()).isEqualTo(404);
        // details only when authorized: no authentication yet, so only the status
        assertThat(get(info.starterUrl() + "/actuator/health").body()).doesNotContain("components");
    }

    /** docs/contracts.md, "Identity and roles": role, roles and teams of its token. */
    private static final List<String> TEAMS = List.of("sales-ops", "pmo", "finance-ops", "it");
    private static final Map<Role, List<List<String>>> CONTRACT = Map.of(
            Role.VIEWER, List.of(List.of("viewer"), List.of()),
            Role.OPERATOR, List.of(List.of("operator"), TEAMS),
            Role.OPERATOR_SALES_OPS, List.of(List.of("operator"), List.of("sales-ops")),
            Role.OPERATOR_PMO, List.of(List.of("operator"), List.of("pmo")),
            Role.OPERATOR_FINANCE_OPS, List.of(List.of("operator"), List.of("finance-ops")),
            Role.OPERATOR_IT, List.of(List.of("operator"), List.of("it")),
            Role.FINANCE, List.of(List.of("finance"), List.of()),
            Role.INTEGRATION, List.of(List.of("integration"), List.of()),
            Role.ADMIN, List.of(List.of("viewer", "operator", "finance", "integration", "admin"), TEAMS));

    @Test
    @Order(1)
    void theIdentityProviderAnswersATokenForEachRoleWithTheContractsClaims() throws Exception {
        assertThat(CONTRACT).containsOnlyKeys(Role.values());
        HttpResponse<String> discovery = get(info.identityUrl() + "/.well-known/openid-configuration");
        assertThat(discovery.statusCode()).isEqualTo(200);
        assertThat(new ObjectMapper().readTree(discovery.body()).path("issuer").asText())
                .isEqualTo(info.identityIssuer());
        for (Role role : Role.values()) {
            JsonNode claims = Tokens.claims(client.tokens().token(role));
            assertThat(claims.path("iss").asText()).as(role + " iss").isEqualTo(info.identityIssuer());
            assertThat(strings(claims.path("aud"))).as(role + " aud").contains("o2c-api");
            assertThat(claims.path("sub").asText()).as(role + " sub").isEqualTo(role.clientId());
            assertThat(claims.path("preferred_username").asText()).as(role + " actor").isEqualTo(role.clientId());
            assertThat(strings(claims.path("roles"))).as(role + " roles")
                    .containsExactlyInAnyOrderElementsOf(CONTRACT.get(role).get(0));
            assertThat(strings(claims.path("teams"))).as(role + " teams")
                    .containsExactlyInAnyOrderElementsOf(CONTRACT.get(role).get(1));
        }
        // a read with the viewer's token: the starter is configured with this provider's issuer
        assertThat(client.processes("limit=1").status()).isEqualTo(200);
    }

    /** A JSON string or array of strings as a list. */
    private static List<String> strings(JsonNode node) {
        return node.isArray() ? StreamSupport.stream(node.spliterator(), false).map(JsonNode::asText).toList()
                : List.of(node.asText());
    }

    @Test
    @Order(2)
    void theWorkerExposesTemporalMetrics() throws Exception {
        HttpResponse<String> metrics = get(info.workerUrl() + "/actuator/prometheus");

        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).containsPattern("(?m)^temporal_");
    }

    @Test
    @Order(3)
    void theSandboxAnswersItsOpenApi() throws Exception {
        HttpResponse<String> apiDocs = get(info.sandboxUrl() + "/v3/api-docs");

        assertThat(apiDocs.statusCode()).isEqualTo(200);
        assertThat(apiDocs.body()).contains("\"openapi\"");
    }

    @Test
    @Order(4)
    void theStackWritesOneLogPerProcess() {
        for (String name : List.of("postgres", "temporal", "sandbox", "identity", "worker", "starter")) {
            assertThat(stateDir.resolve("logs").resolve(name + ".log")).as(name).exists();
        }
        assertThat(stateDir.resolve("logs/starter.log")).content().isNotEmpty();
    }

    @Test
    @Order(5)
    void everyChildRunsWithTheWatchdogAndTheWorkerWithoutStickyExecution() throws Exception {
        assertThat(stack.processes()).hasSize(6); // postmaster, Temporal, sandbox, identity, worker, starter
        for (String name : List.of("temporal", "sandbox", "identity", "worker", "starter")) {
            long pid = stack.process(name).orElseThrow().pid();
            // /proc rather than ProcessHandle.Info, which leaves out the arguments of a long command line
            String commandLine = Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).replace('\0', ' ');
            assertThat(commandLine).as(name).containsPattern("-javaagent:\\S*o2c-watchdog\\.jar");
        }
        assertThat(stateDir.resolve("logs/worker.log")).content().contains("sticky execution is OFF");
        assertThat(stack.failure()).isNotDone(); // nothing died on its own
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
