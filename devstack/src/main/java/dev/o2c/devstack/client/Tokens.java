package dev.o2c.devstack.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Access tokens of the local identity provider, one per {@link Role}, by {@code client_credentials}; each is kept
 * until {@value #REFRESH_BEFORE_SECONDS} seconds before it expires, so a long benchmark never sends a stale one.
 */
public final class Tokens {

    static final long REFRESH_BEFORE_SECONDS = 60;

    private static final ObjectMapper JSON = new ObjectMapper();

    private record Cached(String token, Instant refreshAt) {
    }

    private final HttpClient http;
    private final String idp;
    private final Map<Role, Cached> cache = new ConcurrentHashMap<>();

    /** @param idpBaseUrl the identity provider, e.g. {@code http://127.0.0.1:9000} */
    public Tokens(HttpClient http, String idpBaseUrl) {
        this.http = http;
        this.idp = idpBaseUrl;
    }

    /**
     * The running local stack's provider: {@code O2C_IDP_URL}, else {@code http://127.0.0.1:<O2C_IDP_PORT>} (9000), as
     * the demo finds the starter.
     */
    public static String idpUrlFromEnvironment() {
        return O2cClient.env("O2C_IDP_URL", "http://127.0.0.1:" + O2cClient.env("O2C_IDP_PORT", "9000"));
    }

    public String idpUrl() {
        return idp;
    }

    /** A token of {@code role}, from the cache while it has more than a minute to live. */
    public String token(Role role) {
        return cache.compute(role, (r, cached) -> cached != null && Instant.now().isBefore(cached.refreshAt())
                ? cached : fetch(r)).token();
    }

    /** Drops the cached token of {@code role} (the provider restarted with a new key: the old one is refused). */
    public void forget(Role role) {
        cache.remove(role);
    }

    /**
     * The claims of a token, decoded without checking its signature (the starter checks it; this is for reading).
     */
    public static JsonNode claims(String token) {
        String[] parts = token.split("\\.");
        if (parts.length != 3) {
            throw new IllegalArgumentException("not a JWT: " + token);
        }
        try {
            return JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        } catch (IOException e) {
            throw new UncheckedIOException("not a JWT payload", e);
        }
    }

    private Cached fetch(Role role) {
        String basic = Base64.getEncoder().encodeToString((role.clientId() + ":" + role.secret())
                .getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(idp + "/oauth2/token"))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("no identity provider answers at " + idp + " (is the local stack running?"
                    + " ./o2c up)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException("the identity provider at " + idp + " refused a token for "
                    + role.clientId() + ": HTTP " + response.statusCode() + " " + response.body());
        }
        try {
            JsonNode answer = JSON.readTree(response.body());
            long expiresIn = answer.path("expires_in").asLong(0);
            return new Cached(answer.path("access_token").asText(),
                    Instant.now().plusSeconds(Math.max(0, expiresIn - REFRESH_BEFORE_SECONDS)));
        } catch (IOException e) {
            throw new UncheckedIOException("the identity provider at " + idp + " answered no JSON", e);
        }
    }
}
