package dev.o2c.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/** The provider over real HTTP: tokens per client as the contract lists them, refusals, discovery, health. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.security.oauth2.authorizationserver.issuer=" + IdentityProviderTest.ISSUER)
@ActiveProfiles("dev")
class IdentityProviderTest {

    static final String ISSUER = "http://o2c-idp.test";
    static final List<String> ALL_TEAMS = List.of("sales-ops", "pmo", "finance-ops", "it");

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    /** docs/contracts.md, "Identity and roles": client suffix, roles, teams. */
    static Stream<Arguments> contract() {
        return Stream.of(
                Arguments.of("viewer", List.of("viewer"), List.of()),
                Arguments.of("operator", List.of("operator"), ALL_TEAMS),
                Arguments.of("operator-sales-ops", List.of("operator"), List.of("sales-ops")),
                Arguments.of("operator-pmo", List.of("operator"), List.of("pmo")),
                Arguments.of("operator-finance-ops", List.of("operator"), List.of("finance-ops")),
                Arguments.of("operator-it", List.of("operator"), List.of("it")),
                Arguments.of("finance", List.of("finance"), List.of()),
                Arguments.of("integration", List.of("integration"), List.of()),
                Arguments.of("admin", List.of("viewer", "operator", "finance", "integration", "admin"), ALL_TEAMS));
    }

    @Test
    void theTableHoldsExactlyTheContractsClients() {
        assertThat(Clients.ALL).extracting(Clients.Client::clientId)
                .containsExactlyElementsOf(contract().map(a -> "o2c-" + a.get()[0]).toList());
    }

    @ParameterizedTest(name = "o2c-{0}")
    @MethodSource("contract")
    void eachClientGetsASignedTokenWithTheContractsClaims(String suffix, List<String> roles, List<String> teams)
            throws Exception {
        HttpResponse<String> response = token("o2c-" + suffix, "o2c-dev-secret-" + suffix);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Map<String, Object> answer = JSONObjectUtils.parse(response.body());
        assertThat(answer).containsEntry("token_type", "Bearer");
        assertThat(((Number) answer.get("expires_in")).longValue()).isBetween(3590L, 3600L);

        SignedJWT jwt = SignedJWT.parse((String) answer.get("access_token"));
        RSAKey key = JWKSet.parse(get("/oauth2/jwks").body()).getKeyByKeyId(jwt.getHeader().getKeyID()).toRSAKey();
        assertThat(jwt.verify(new RSASSAVerifier(key))).as("signature against the served JWKS").isTrue();

        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo(ISSUER);
        assertThat(claims.getAudience()).contains("o2c-api");
        assertThat(claims.getSubject()).isEqualTo("o2c-" + suffix);
        assertThat(claims.getStringClaim("preferred_username")).isEqualTo("o2c-" + suffix);
        assertThat(claims.getStringListClaim("roles")).containsExactlyInAnyOrderElementsOf(roles);
        assertThat(claims.getStringListClaim("teams")).containsExactlyInAnyOrderElementsOf(teams);
        assertThat(Duration.between(Instant.now(), claims.getExpirationTime().toInstant()))
                .isBetween(Duration.ofMinutes(59), Duration.ofMinutes(61));
    }

    @Test
    void aWrongSecretIsRefusedWith401() throws Exception {
        assertThat(token("o2c-finance", "o2c-dev-secret-admin").statusCode()).isEqualTo(401);
        assertThat(token("o2c-nobody", "o2c-dev-secret-nobody").statusCode()).isEqualTo(401);
    }

    @Test
    void theDiscoveryDocumentNamesTheIssuer() throws Exception {
        HttpResponse<String> response = get("/.well-known/openid-configuration");
        assertThat(response.statusCode()).isEqualTo(200);
        Map<String, Object> discovery = JSONObjectUtils.parse(response.body());
        assertThat(discovery).containsEntry("issuer", ISSUER)
                .containsEntry("jwks_uri", ISSUER + "/oauth2/jwks")
                .containsEntry("token_endpoint", ISSUER + "/oauth2/token");
    }

    @Test
    void healthIsAnonymousAndTheRestIsClosed() throws Exception {
        assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(200);
        assertThat(get("/actuator/env").statusCode()).isIn(401, 403);
    }

    private HttpResponse<String> token(String clientId, String secret) throws Exception {
        String basic = Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
        return http.send(HttpRequest.newBuilder(url("/oauth2/token"))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type="
                        + URLEncoder.encode("client_credentials", StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(url(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
