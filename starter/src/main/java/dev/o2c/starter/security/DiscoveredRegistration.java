package dev.o2c.starter.security;

import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.core.oidc.OidcScopes;

/**
 * The console's one client registration, read from the issuer's OIDC discovery document at the first sign-in, not at
 * start-up: the starter may start before the identity provider (as the local stack starts them), like the API's
 * token decoder. A failed discovery is tried again at the next sign-in.
 */
final class DiscoveredRegistration implements ClientRegistrationRepository {

    private final String registrationId;
    private final String issuer;
    private final String clientId;
    private final String clientSecret;
    private final String redirectUri;
    private volatile ClientRegistration registration;

    DiscoveredRegistration(String registrationId, String issuer, String clientId, String clientSecret,
            String redirectUri) {
        if (issuer.isBlank()) {
            throw new IllegalStateException("The console (O2C_CONSOLE_CLIENT_ID) signs people in at the API's identity"
                    + " provider, but O2C_JWT_ISSUER is not set");
        }
        this.registrationId = registrationId;
        this.issuer = issuer.strip();
        this.clientId = clientId.strip();
        this.clientSecret = clientSecret.strip();
        this.redirectUri = redirectUri.strip();
    }

    @Override
    public ClientRegistration findByRegistrationId(String id) {
        if (!registrationId.equals(id)) {
            return null;
        }
        ClientRegistration known = registration;
        if (known == null) {
            synchronized (this) {
                if (registration == null) {
                    registration = ClientRegistrations.fromIssuerLocation(issuer)
                            .registrationId(registrationId)
                            .clientId(clientId)
                            .clientSecret(clientSecret)
                            .scope(OidcScopes.OPENID, OidcScopes.PROFILE)
                            .redirectUri(redirectUri)
                            .build();
                }
                known = registration;
            }
        }
        return known;
    }
}
