package dev.o2c.starter.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.security.converter.RsaKeyConverters;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoders;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;

/**
 * How bearer tokens are checked ({@code o2c.jwt.*}):
 * <ul>
 *   <li>keys: from {@code O2C_JWT_JWK_SET_URI} when set (the provider under an internal address, as in
 *       docker-compose), else from the discovery document of {@code O2C_JWT_ISSUER} (fetched at the first request,
 *       so the starter may start before the provider), else from a PEM public key ({@code o2c.jwt.public-key-location},
 *       for tests);</li>
 *   <li>claims: not expired, {@code iss} equal to {@code O2C_JWT_ISSUER} when set, {@code aud} containing
 *       {@code O2C_JWT_AUDIENCE} ({@code o2c-api}).</li>
 * </ul>
 * With none of the three key sources the starter does not start, and says which setting is missing.
 */
@Configuration(proxyBeanMethods = false)
public class TokenDecoder {

    @Bean
    JwtDecoder jwtDecoder(@Value("${o2c.jwt.issuer:}") String issuer,
                          @Value("${o2c.jwt.jwk-set-uri:}") String jwkSetUri,
                          @Value("${o2c.jwt.public-key-location:}") String publicKeyLocation,
                          @Value("${o2c.jwt.audience:o2c-api}") String audience) {
        OAuth2TokenValidator<Jwt> validator = validator(issuer, audience);
        if (!jwkSetUri.isBlank()) {
            NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(jwkSetUri.strip()).build();
            decoder.setJwtValidator(validator);
            return decoder;
        }
        if (!issuer.isBlank()) {
            return new SupplierJwtDecoder(() -> {
                NimbusJwtDecoder decoder = JwtDecoders.fromIssuerLocation(issuer.strip());
                decoder.setJwtValidator(validator);
                return decoder;
            });
        }
        if (!publicKeyLocation.isBlank()) {
            NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey(publicKey(publicKeyLocation.strip())).build();
            decoder.setJwtValidator(validator);
            return decoder;
        }
        throw new IllegalStateException("The starter checks bearer tokens but knows no identity provider: set "
                + "O2C_JWT_ISSUER to the provider's issuer URL (and O2C_JWT_JWK_SET_URI when the starter reaches its "
                + "keys under another address)");
    }

    static OAuth2TokenValidator<Jwt> validator(String issuer, String audience) {
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
        validators.add(issuer.isBlank() ? JwtValidators.createDefault()
                : JwtValidators.createDefaultWithIssuer(issuer.strip()));
        validators.add(new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
                aud -> aud != null && aud.contains(audience.strip())));
        return new DelegatingOAuth2TokenValidator<>(validators);
    }

    private static RSAPublicKey publicKey(String location) {
        try (InputStream in = new DefaultResourceLoader().getResource(location).getInputStream()) {
            return RsaKeyConverters.x509().convert(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the token public key " + location, e);
        }
    }
}
