package dev.o2c.starter.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.function.Consumer;

/**
 * Real signed JWTs for the starter's tests: RS256 with {@code test-jwt-private.pem}, whose public half the tests'
 * {@code application.properties} names as the only key the starter trusts. Claims as docs/contracts.md pins them.
 */
public final class TestTokens {

    public static final String AUDIENCE = "o2c-api";
    public static final List<String> ALL_TEAMS = List.of("sales-ops", "pmo", "finance-ops", "it");

    private static final PrivateKey KEY = privateKey();

    private TestTokens() {}

    /** {@code Bearer <jwt>} for a caller named {@code name} with these roles and owner teams. */
    public static String bearer(String name, List<String> roles, List<String> teams) {
        return "Bearer " + token(claims -> claims.subject(name).claim("preferred_username", name)
                .claim("roles", roles).claim("teams", teams));
    }

    /** The admin: every role, every team (what the slice tests send unless they say otherwise). */
    public static String admin() {
        return bearer("ada", List.of("admin"), List.of());
    }

    /** One role, no teams (an operator with no teams decides for nobody). */
    public static String role(String role) {
        return bearer(role + "-user", List.of(role), List.of());
    }

    /** A token with o2c's defaults (audience, one hour) changed by {@code customize}, e.g. expired or for another audience. */
    public static String token(Consumer<JWTClaimsSet.Builder> customize) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer("https://idp.o2c.test")
                .audience(AUDIENCE)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofHours(1))));
        customize.accept(claims);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("test").build(), claims.build());
        try {
            jwt.sign(new RSASSASigner(KEY));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    private static PrivateKey privateKey() {
        try (InputStream in = TestTokens.class.getResourceAsStream("/test-jwt-private.pem")) {
            String pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII)
                    .replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
