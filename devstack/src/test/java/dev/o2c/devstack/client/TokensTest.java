package dev.o2c.devstack.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The token source against a small real HTTP stand-in of the provider's token endpoint. */
class TokensTest {

    private HttpServer server;
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final AtomicInteger issued = new AtomicInteger();
    private volatile long expiresIn = 3600;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/oauth2/token", exchange -> {
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            byte[] answer = body.equals("grant_type=client_credentials")
                    ? ("{\"access_token\":\"token-" + issued.incrementAndGet() + "\",\"token_type\":\"Bearer\","
                            + "\"expires_in\":" + expiresIn + "}").getBytes(StandardCharsets.UTF_8)
                    : new byte[0];
            exchange.sendResponseHeaders(answer.length > 0 ? 200 : 400, answer.length > 0 ? answer.length : -1);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private Tokens tokens() {
        return new Tokens(HttpClient.newHttpClient(), "http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Test
    void aTokenIsFetchedOncePerRoleWithTheRolesClientAndKeptUntilAMinuteBeforeItExpires() {
        Tokens tokens = tokens();
        assertThat(tokens.token(Role.FINANCE)).isEqualTo("token-1");
        assertThat(tokens.token(Role.FINANCE)).isEqualTo("token-1");
        assertThat(tokens.token(Role.OPERATOR_PMO)).isEqualTo("token-2");
        assertThat(authorizations).containsExactly(
                "Basic " + Base64.getEncoder().encodeToString("o2c-finance:o2c-dev-secret-finance".getBytes()),
                "Basic " + Base64.getEncoder().encodeToString("o2c-operator-pmo:o2c-dev-secret-operator-pmo"
                        .getBytes()));

        expiresIn = 60; // refreshed at once: it would expire within the minute
        tokens.forget(Role.VIEWER);
        assertThat(tokens.token(Role.VIEWER)).isEqualTo("token-3");
        assertThat(tokens.token(Role.VIEWER)).isEqualTo("token-4");
        tokens.forget(Role.FINANCE);
        assertThat(tokens.token(Role.FINANCE)).isEqualTo("token-5");
    }

    @Test
    void noProviderIsAClearError() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        assertThatThrownBy(() -> new Tokens(HttpClient.newHttpClient(), "http://127.0.0.1:" + port)
                .token(Role.VIEWER))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("no identity provider answers at http://127.0.0.1:" + port)
                .hasMessageContaining("./o2c up");
    }

    @Test
    void rolesAreTheContractsClients() {
        assertThat(Role.labels()).containsExactly("viewer", "operator", "operator-sales-ops", "operator-pmo",
                "operator-finance-ops", "operator-it", "finance", "integration", "admin");
        assertThat(Role.of("operator-it")).contains(Role.OPERATOR_IT);
        assertThat(Role.of("root")).isEmpty();
        assertThat(Role.ADMIN.clientId()).isEqualTo("o2c-admin");
        assertThat(Role.OPERATOR_FINANCE_OPS.secret()).isEqualTo("o2c-dev-secret-operator-finance-ops");
    }

    @Test
    void claimsAreReadFromThePayload() {
        String payload = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"preferred_username\":\"o2c-finance\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(Tokens.claims("h." + payload + ".s").path("preferred_username").asText()).isEqualTo("o2c-finance");
    }

    @Test
    void printTokenRefusesAnUnknownRole() {
        assertThat(PrintToken.run(new String[] {"root"})).isEqualTo(2);
        assertThat(PrintToken.run(new String[0])).isEqualTo(2);
    }
}
