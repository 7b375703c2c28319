package dev.o2c.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml and the Keycloak realm it imports (deploy/keycloak/o2c-realm.json) carry the contract's identity
 * (docs/contracts.md, "Identity and roles"): the roles, the machine clients and their secrets, the claims, and the
 * wiring between Keycloak, the starter and the Temporal UI. No Docker here: the files are read and compared.
 */
class DeployedIdentityTest {

    private static final String REALM = "o2c";
    private static final Set<String> ROLES = Set.of("viewer", "operator", "finance", "integration", "admin");
    private static final List<String> ALL_TEAMS = List.of("sales-ops", "pmo", "finance-ops", "it");

    /** The contract's local identity provider clients: {@code o2c-X}, secret {@code o2c-dev-secret-X}. */
    private static final Map<String, Client> CONTRACT_CLIENTS = new LinkedHashMap<>();

    static {
        CONTRACT_CLIENTS.put("viewer", new Client(Set.of("viewer"), null));
        CONTRACT_CLIENTS.put("operator", new Client(Set.of("operator"), ALL_TEAMS));
        CONTRACT_CLIENTS.put("operator-sales-ops", new Client(Set.of("operator"), List.of("sales-ops")));
        CONTRACT_CLIENTS.put("operator-pmo", new Client(Set.of("operator"), List.of("pmo")));
        CONTRACT_CLIENTS.put("operator-finance-ops", new Client(Set.of("operator"), List.of("finance-ops")));
        CONTRACT_CLIENTS.put("operator-it", new Client(Set.of("operator"), List.of("it")));
        CONTRACT_CLIENTS.put("finance", new Client(Set.of("finance"), null));
        CONTRACT_CLIENTS.put("integration", new Client(Set.of("integration"), null));
        CONTRACT_CLIENTS.put("admin", new Client(ROLES, ALL_TEAMS));
    }

    private record Client(Set<String> roles, List<String> teams) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private static JsonNode realm;
    private static Map<String, Object> services;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void readTheFiles() throws IOException {
        Path root = TestStacks.repositoryRoot();
        realm = JSON.readTree(root.resolve("deploy/keycloak/o2c-realm.json").toFile());
        try (Reader reader = Files.newBufferedReader(root.resolve("docker-compose.yml"))) {
            Map<String, Object> compose = new Yaml().load(reader);
            services = (Map<String, Object>) compose.get("services");
        }
    }

    @Test
    void theRealmHasExactlyTheFiveRoles() {
        assertThat(realm.path("realm").asText()).isEqualTo(REALM);
        assertThat(realm.path("enabled").asBoolean()).isTrue();
        assertThat(texts(realm.path("roles").path("realm"), "name")).containsExactlyInAnyOrderElementsOf(ROLES);
    }

    @Test
    void everyContractClientExistsWithItsSecretServiceAccountRolesAndClaims() {
        CONTRACT_CLIENTS.forEach((suffix, expected) -> {
            String clientId = "o2c-" + suffix;
            JsonNode client = client(clientId);
            assertThat(client.path("enabled").asBoolean()).as(clientId).isTrue();
            assertThat(client.path("publicClient").asBoolean(true)).as(clientId + " confidential").isFalse();
            assertThat(client.path("secret").asText()).as(clientId).isEqualTo("o2c-dev-secret-" + suffix);
            assertThat(client.path("serviceAccountsEnabled").asBoolean()).as(clientId).isTrue();
            assertThat(client.path("standardFlowEnabled").asBoolean(true)).as(clientId + " machine only").isFalse();

            JsonNode serviceAccount = serviceAccountOf(clientId);
            assertThat(serviceAccount.path("username").asText()).isEqualTo("service-account-" + clientId);
            assertThat(serviceAccount.path("enabled").asBoolean()).as(clientId).isTrue();
            assertThat(strings(serviceAccount.path("realmRoles"))).as(clientId + " roles")
                    .containsExactlyInAnyOrderElementsOf(expected.roles());

            assertRolesAndAudienceMappers(clientId, client);
            JsonNode teams = mapper(client, "teams");
            if (expected.teams() == null) {
                assertThat(teams).as(clientId + " has no teams").isNull();
            } else {
                assertThat(teams).as(clientId + " teams mapper").isNotNull();
                assertThat(teams.path("protocolMapper").asText()).isEqualTo("oidc-hardcoded-claim-mapper");
                JsonNode config = teams.path("config");
                assertThat(config.path("claim.name").asText()).isEqualTo("teams");
                assertThat(config.path("jsonType.label").asText()).isEqualTo("JSON");
                assertThat(config.path("access.token.claim").asText()).isEqualTo("true");
                assertThat(strings(readJson(config.path("claim.value").asText()))).as(clientId + " teams")
                        .containsExactlyElementsOf(expected.teams());
            }
        });
        List<String> machineClients = new ArrayList<>();
        realm.path("clients").forEach(c -> {
            if (c.path("serviceAccountsEnabled").asBoolean()) {
                machineClients.add(c.path("clientId").asText());
            }
        });
        assertThat(machineClients).as("no machine client beyond the contract's")
                .containsExactlyInAnyOrderElementsOf(CONTRACT_CLIENTS.keySet().stream().map(s -> "o2c-" + s).toList());
    }

    /** The operations console: people sign in with the authorization code and PKCE, as with the local provider. */
    @Test
    void theConsoleClientSignsPeopleInWithPkceAndTheSameClaims() {
        JsonNode client = client("o2c-console");
        assertThat(client.path("standardFlowEnabled").asBoolean()).isTrue();
        assertThat(client.path("serviceAccountsEnabled").asBoolean(true)).isFalse();
        assertThat(client.path("publicClient").asBoolean(true)).isFalse();
        assertThat(client.path("secret").asText()).isEqualTo("o2c-dev-secret-console");
        assertThat(client.path("attributes").path("pkce.code.challenge.method").asText()).isEqualTo("S256");
        assertThat(strings(client.path("redirectUris"))).contains("http://localhost:8081/login/oauth2/code/o2c");
        assertRolesAndAudienceMappers("o2c-console", client);
        assertThat(mapper(client, "teams").path("config").path("user.attribute").asText()).isEqualTo("teams");
    }

    @Test
    void theTemporalUiClientSignsPeopleInWithTheSameClaims() {
        JsonNode client = client("temporal-ui");
        assertThat(client.path("standardFlowEnabled").asBoolean()).isTrue();
        assertThat(client.path("publicClient").asBoolean(true)).isFalse();
        assertThat(strings(client.path("redirectUris"))).containsExactly("http://localhost:8080/auth/sso/callback");
        assertThat(strings(client.path("webOrigins"))).containsExactly("http://localhost:8080");
        assertRolesAndAudienceMappers("temporal-ui", client);
        JsonNode teams = mapper(client, "teams");
        assertThat(teams.path("protocolMapper").asText()).isEqualTo("oidc-usermodel-attribute-mapper");
        assertThat(teams.path("config").path("user.attribute").asText()).isEqualTo("teams");
        assertThat(teams.path("config").path("claim.name").asText()).isEqualTo("teams");
        assertThat(teams.path("config").path("multivalued").asText()).isEqualTo("true");

        Map<String, String> ui = environment("temporal-ui");
        assertThat(client.path("secret").asText()).isNotBlank();
        assertThat(ui.get("TEMPORAL_AUTH_CLIENT_SECRET")).endsWith(client.path("secret").asText() + "}");
        assertThat(ui.get("TEMPORAL_AUTH_CLIENT_ID")).isEqualTo("temporal-ui");
        assertThat(strings(client.path("redirectUris"))).contains(ui.get("TEMPORAL_AUTH_CALLBACK_URL"));
    }

    @Test
    void thePeopleHaveTheirRolesTeamsAndDevPasswords() {
        Map<String, Set<String>> roles = Map.of("viola", Set.of("viewer"), "otto", Set.of("operator"),
                "fiona", Set.of("finance"), "ada", ROLES);
        roles.forEach((username, expected) -> {
            JsonNode user = user(username);
            assertThat(user.path("enabled").asBoolean()).as(username).isTrue();
            assertThat(strings(user.path("realmRoles"))).as(username).containsExactlyInAnyOrderElementsOf(expected);
            JsonNode password = user.path("credentials").get(0);
            assertThat(password.path("type").asText()).isEqualTo("password");
            assertThat(password.path("value").asText()).isEqualTo("o2c-dev-" + username);
            assertThat(password.path("temporary").asBoolean(true)).as(username).isFalse();
        });
        assertThat(strings(user("otto").path("attributes").path("teams"))).containsExactlyElementsOf(ALL_TEAMS);
        assertThat(strings(user("ada").path("attributes").path("teams"))).containsExactlyElementsOf(ALL_TEAMS);
        assertThat(user("viola").path("attributes").path("teams").isMissingNode()).isTrue();

        // Keycloak 24+ keeps attributes the user profile does not declare out of tokens: teams must be declared
        JsonNode profile = readJson(realm.path("components").path("org.keycloak.userprofile.UserProfileProvider")
                .get(0).path("config").path("kc.user.profile.config").get(0).asText());
        assertThat(texts(profile.path("attributes"), "name")).contains("username", "email", "teams");
    }

    @Test
    void theStarterTrustsKeycloaksIssuerAndAudience() {
        Map<String, String> keycloak = environment("keycloak");
        String hostname = keycloak.get("KC_HOSTNAME");
        assertThat(keycloak.get("KC_HOSTNAME_BACKCHANNEL_DYNAMIC")).isEqualTo("true");
        assertThat(keycloak.get("KC_HEALTH_ENABLED")).isEqualTo("true");
        String issuer = hostname + "/realms/" + REALM;

        Map<String, String> starter = environment("starter");
        assertThat(starter.get("O2C_JWT_ISSUER")).isEqualTo(issuer);
        assertThat(starter.get("O2C_JWT_AUDIENCE")).isEqualTo("o2c-api");
        URI jwks = URI.create(starter.get("O2C_JWT_JWK_SET_URI"));
        assertThat(jwks.getHost()).as("keys from inside the network").isEqualTo("keycloak");
        assertThat(jwks.getPort()).isEqualTo(containerPort("keycloak", URI.create(hostname).getPort()));
        assertThat(jwks.getPath()).isEqualTo("/realms/" + REALM + "/protocol/openid-connect/certs");
        assertThat(dependsOn("starter")).containsEntry("keycloak", Map.of("condition", "service_healthy"));

        Map<?, ?> image = (Map<?, ?>) services.get("keycloak");
        assertThat((String) image.get("image")).matches("quay\\.io/keycloak/keycloak:26\\.\\d+\\.\\d+");
        assertThat(image.get("command").toString()).contains("start-dev", "--import-realm");
        assertThat(image.get("volumes").toString())
                .contains("./deploy/keycloak/o2c-realm.json:/opt/keycloak/data/import/");
        assertThat(image.get("healthcheck")).isNotNull();
    }

    @Test
    void theTemporalUiLogsInWithKeycloakAndDecodesThroughTheStartersCodec() {
        Map<String, String> keycloak = environment("keycloak");
        Map<String, String> ui = environment("temporal-ui");
        Map<String, String> starter = environment("starter");

        assertThat(ui.get("TEMPORAL_AUTH_ENABLED")).isEqualTo("true");
        assertThat(ui.get("TEMPORAL_AUTH_ISSUER_URL")).isEqualTo(starter.get("O2C_JWT_ISSUER"))
                .isEqualTo(keycloak.get("KC_HOSTNAME") + "/realms/" + REALM);
        // the UI server reads the discovery document from inside its container: Keycloak's in-network address
        URI provider = URI.create(ui.get("TEMPORAL_AUTH_PROVIDER_URL"));
        assertThat(provider.getHost()).isEqualTo("keycloak");
        assertThat(provider.getPath()).isEqualTo("/realms/" + REALM);
        assertThat(ui.get("TEMPORAL_AUTH_SCOPES").split(",")).contains("openid");
        assertThat(dependsOn("temporal-ui")).containsKey("keycloak");

        // the browser calls the codec: the starter's published port, its codec path, the person's token
        URI codec = URI.create(ui.get("TEMPORAL_CODEC_ENDPOINT"));
        assertThat(codec.getHost()).isEqualTo("localhost");
        assertThat(codec.getPort()).isEqualTo(hostPort("starter", Integer.parseInt(starter.get("STARTER_PORT"))));
        assertThat(codec.getPath()).isEqualTo("/api/v1/codec");
        assertThat(ui.get("TEMPORAL_CODEC_PASS_ACCESS_TOKEN")).isEqualTo("true");

        String uiOrigin = "http://localhost:" + hostPort("temporal-ui", 8080);
        assertThat(starter.get("O2C_CODEC_CORS_ORIGINS").split(",")).contains(uiOrigin);
        assertThat(strings(client("temporal-ui").path("webOrigins"))).contains(uiOrigin);
    }

    private static void assertRolesAndAudienceMappers(String clientId, JsonNode client) {
        JsonNode roles = mapper(client, "roles");
        assertThat(roles).as(clientId + " roles mapper").isNotNull();
        assertThat(roles.path("protocolMapper").asText()).isEqualTo("oidc-usermodel-realm-role-mapper");
        assertThat(roles.path("config").path("claim.name").asText()).isEqualTo("roles");
        assertThat(roles.path("config").path("multivalued").asText()).isEqualTo("true");
        assertThat(roles.path("config").path("access.token.claim").asText()).isEqualTo("true");

        JsonNode audience = null;
        for (JsonNode m : client.path("protocolMappers")) {
            if (m.path("protocolMapper").asText().equals("oidc-audience-mapper")) {
                audience = m;
            }
        }
        assertThat(audience).as(clientId + " audience mapper").isNotNull();
        assertThat(audience.path("config").path("included.custom.audience").asText()).isEqualTo("o2c-api");
        assertThat(audience.path("config").path("access.token.claim").asText()).isEqualTo("true");
    }

    /** The protocol mapper of the client that writes claim {@code claim}, or null. */
    private static JsonNode mapper(JsonNode client, String claim) {
        for (JsonNode m : client.path("protocolMappers")) {
            if (m.path("config").path("claim.name").asText().equals(claim)) {
                return m;
            }
        }
        return null;
    }

    private static JsonNode client(String clientId) {
        for (JsonNode c : realm.path("clients")) {
            if (c.path("clientId").asText().equals(clientId)) {
                return c;
            }
        }
        throw new AssertionError("no client " + clientId + " in the realm");
    }

    private static JsonNode serviceAccountOf(String clientId) {
        for (JsonNode u : realm.path("users")) {
            if (u.path("serviceAccountClientId").asText().equals(clientId)) {
                return u;
            }
        }
        throw new AssertionError("no service account user for " + clientId);
    }

    private static JsonNode user(String username) {
        for (JsonNode u : realm.path("users")) {
            if (u.path("username").asText().equals(username)) {
                return u;
            }
        }
        throw new AssertionError("no user " + username);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> environment(String service) {
        Map<String, Object> definition = (Map<String, Object>) services.get(service);
        assertThat(definition).as("service " + service).isNotNull();
        Map<String, String> env = new LinkedHashMap<>();
        ((Map<String, Object>) definition.get("environment")).forEach((k, v) -> env.put(k, String.valueOf(v)));
        return env;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> dependsOn(String service) {
        return (Map<String, Object>) ((Map<String, Object>) services.get(service)).get("depends_on");
    }

    /** The host port published for {@code containerPort} ("host:container" or "ip:host:container"). */
    @SuppressWarnings("unchecked")
    private static int hostPort(String service, int containerPort) {
        for (Object p : (List<Object>) ((Map<String, Object>) services.get(service)).get("ports")) {
            String[] parts = p.toString().split(":");
            if (Integer.parseInt(parts[parts.length - 1]) == containerPort) {
                return Integer.parseInt(parts[parts.length - 2]);
            }
        }
        throw new AssertionError(service + " publishes no port for " + containerPort);
    }

    /** The container port published on host port {@code hostPort}. */
    @SuppressWarnings("unchecked")
    private static int containerPort(String service, int hostPort) {
        for (Object p : (List<Object>) ((Map<String, Object>) services.get(service)).get("ports")) {
            String[] parts = p.toString().split(":");
            if (Integer.parseInt(parts[parts.length - 2]) == hostPort) {
                return Integer.parseInt(parts[parts.length - 1]);
            }
        }
        throw new AssertionError(service + " publishes nothing on host port " + hostPort);
    }

    private static JsonNode readJson(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    private static List<String> strings(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    private static Set<String> texts(JsonNode array, String field) {
        Set<String> values = new TreeSet<>();
        array.forEach(n -> values.add(n.path(field).asText()));
        return values;
    }
}
