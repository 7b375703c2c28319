package dev.o2c.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * A person signs in for the operations console over real HTTP, as a browser would: the authorization request sends
 * them to the login form, the form's password brings them back with a code, the code and its PKCE verifier become
 * tokens that carry the person's roles, teams and name, like the Keycloak realm's users.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.security.oauth2.authorizationserver.issuer=" + IdentityProviderTest.ISSUER,
        "o2c.console.redirect-uris=" + ConsoleLoginTest.REDIRECT})
@ActiveProfiles("dev")
class ConsoleLoginTest {

    static final String REDIRECT = "http://localhost:18081/login/oauth2/code/o2c";
    private static final String VERIFIER = "a-pkce-code-verifier-of-at-least-forty-three-characters-0123456789";

    @LocalServerPort
    int port;

    /** deploy/keycloak/o2c-realm.json, its users: name, roles, teams. */
    static Stream<Arguments> people() {
        return Stream.of(
                Arguments.of("viola", List.of("viewer"), List.of()),
                Arguments.of("otto", List.of("operator"), IdentityProviderTest.ALL_TEAMS),
                Arguments.of("fiona", List.of("finance"), List.of()),
                Arguments.of("ada", List.of("viewer", "operator", "finance", "integration", "admin"),
                        IdentityProviderTest.ALL_TEAMS));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("people")
    void aPersonSignsInWithTheLoginFormAndGetsTokensWithTheirRolesAndTeams(String name, List<String> roles,
            List<String> teams) throws Exception {
        HttpClient browser = browser();
        HttpResponse<String> authorize = get(browser, authorizeUrl(true));
        assertThat(authorize.statusCode()).isEqualTo(302);
        assertThat(authorize.headers().firstValue("Location").orElseThrow()).endsWith("/login");

        String code = signIn(browser, name, "o2c-dev-" + name);

        HttpResponse<String> token = token(code, VERIFIER);
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        Map<String, Object> answer = JSONObjectUtils.parse(token.body());
        JWTClaimsSet access = SignedJWT.parse((String) answer.get("access_token")).getJWTClaimsSet();
        assertThat(access.getIssuer()).isEqualTo(IdentityProviderTest.ISSUER);
        assertThat(access.getAudience()).containsExactly("o2c-api");
        assertThat(access.getStringClaim("preferred_username")).isEqualTo(name);
        assertThat(access.getSubject()).isEqualTo(name);
        assertThat(access.getStringListClaim("roles")).containsExactlyInAnyOrderElementsOf(roles);
        assertThat(access.getStringListClaim("teams")).containsExactlyInAnyOrderElementsOf(teams);

        JWTClaimsSet id = SignedJWT.parse((String) answer.get("id_token")).getJWTClaimsSet();
        assertThat(id.getAudience()).containsExactly(Clients.CONSOLE_CLIENT_ID);
        assertThat(id.getStringClaim("preferred_username")).isEqualTo(name);
        assertThat(id.getStringListClaim("roles")).containsExactlyInAnyOrderElementsOf(roles);
    }

    @Test
    void aWrongPasswordStaysOnTheLoginForm() throws Exception {
        HttpClient browser = browser();
        get(browser, authorizeUrl(true));
        HttpResponse<String> login = postLogin(browser, "otto", "o2c-dev-viola");
        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(login.headers().firstValue("Location").orElseThrow()).endsWith("/login?error");
    }

    @Test
    void withoutAPkceProofTheCodeIsNotIssued() throws Exception {
        HttpClient browser = signedIn("otto");
        assertRefused(get(browser, authorizeUrl(false)));
    }

    @Test
    void aCodeNeedsItsVerifier() throws Exception {
        HttpClient browser = browser();
        get(browser, authorizeUrl(true));
        String code = signIn(browser, "otto", "o2c-dev-otto");
        assertThat(token(code, VERIFIER.replace('a', 'b')).statusCode()).isEqualTo(400);
    }

    @Test
    void anotherRedirectIsRefused() throws Exception {
        HttpClient browser = signedIn("otto");
        assertRefused(get(browser, authorizeUrl(true).replace(enc(REDIRECT),
                enc("http://evil.example/login/oauth2/code/o2c"))));
    }

    /** A browser with a session at the provider (it signed in once, through a valid request). */
    private HttpClient signedIn(String name) throws Exception {
        HttpClient browser = browser();
        get(browser, authorizeUrl(true));
        signIn(browser, name, "o2c-dev-" + name);
        return browser;
    }

    /** No code: an error (400, or 403 where the error page itself is closed), or a redirect naming the error. */
    private static void assertRefused(HttpResponse<String> response) {
        String location = response.headers().firstValue("Location").orElse("");
        assertThat(location).as("no code is issued").doesNotContain("code=");
        assertThat(List.of(400, 403).contains(response.statusCode()) || location.contains("error="))
                .as(response.statusCode() + " " + location).isTrue();
    }

    /** Posts the login form and follows the provider back to the redirect; the code it carries. */
    private String signIn(HttpClient browser, String name, String password) throws Exception {
        HttpResponse<String> login = postLogin(browser, name, password);
        assertThat(login.statusCode()).isEqualTo(302);
        HttpResponse<String> back = get(browser, login.headers().firstValue("Location").orElseThrow());
        assertThat(back.statusCode()).as(back.body()).isEqualTo(302);
        String location = back.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith(REDIRECT + "?code=").contains("state=s1");
        Matcher code = Pattern.compile("code=([^&]+)").matcher(location);
        assertThat(code.find()).isTrue();
        return java.net.URLDecoder.decode(code.group(1), StandardCharsets.UTF_8);
    }

    private HttpResponse<String> postLogin(HttpClient browser, String name, String password) throws Exception {
        HttpResponse<String> form = get(browser, url("/login"));
        assertThat(form.statusCode()).isEqualTo(200);
        Matcher csrf = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(form.body());
        assertThat(csrf.find()).as(form.body()).isTrue();
        return browser.send(HttpRequest.newBuilder(URI.create(url("/login")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("username", name, "password", password,
                        "_csrf", csrf.group(1)))))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> token(String code, String verifier) throws Exception {
        String basic = Base64.getEncoder().encodeToString((Clients.CONSOLE_CLIENT_ID + ":" + Clients.CONSOLE_SECRET)
                .getBytes(StandardCharsets.UTF_8));
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url("/oauth2/token")))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("grant_type", "authorization_code",
                        "code", code, "redirect_uri", REDIRECT, "code_verifier", verifier))))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private String authorizeUrl(boolean pkce) throws Exception {
        String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(VERIFIER.getBytes(StandardCharsets.US_ASCII)));
        return url("/oauth2/authorize?response_type=code&client_id=" + Clients.CONSOLE_CLIENT_ID
                + "&scope=openid%20profile&state=s1&nonce=n1&redirect_uri=" + enc(REDIRECT)
                + (pkce ? "&code_challenge=" + challenge + "&code_challenge_method=S256" : ""));
    }

    private static HttpClient browser() {
        return HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    private static HttpResponse<String> get(HttpClient browser, String url) throws Exception {
        return browser.send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/html").GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }
}
