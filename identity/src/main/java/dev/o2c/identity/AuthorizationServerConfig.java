package dev.o2c.identity;

import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The authorization server's endpoints (token, JWKS, OIDC discovery) and an anonymous {@code /actuator/health} for
 * the launcher's readiness wait; everything else is denied. The issuer is
 * {@code spring.security.oauth2.authorizationserver.issuer} ({@code O2C_IDP_ISSUER}); the RSA signing key is
 * Spring Boot's, generated at every start, so tokens do not survive a restart of the provider.
 */
@Configuration(proxyBeanMethods = false)
public class AuthorizationServerConfig {

    /** The audience every token names: the starter requires it ({@code O2C_JWT_AUDIENCE}). */
    public static final String AUDIENCE = "o2c-api";

    @Bean
    @Order(1)
    SecurityFilterChain authorizationServerChain(HttpSecurity http) throws Exception {
        http.oauth2AuthorizationServer(server -> {
                    http.securityMatcher(server.getEndpointsMatcher());
                    server.oidc(Customizer.withDefaults());
                })
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                // the OIDC userinfo endpoint takes the provider's own tokens
                .oauth2ResourceServer(resourceServer -> resourceServer.jwt(Customizer.withDefaults()));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain everythingElseChain(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(requests -> requests
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        .anyRequest().denyAll());
        return http.build();
    }

    @Bean
    RegisteredClientRepository registeredClients() {
        return new InMemoryRegisteredClientRepository(Clients.ALL.stream().map(Clients::registered).toList());
    }

    /**
     * The contract's claims on every access token: {@code roles}, {@code teams}, {@code preferred_username} (the
     * client id: the actor of a decision) and the audience {@value #AUDIENCE}.
     */
    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> o2cClaims() {
        return context -> {
            if (!OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
                return;
            }
            RegisteredClient client = context.getRegisteredClient();
            List<String> roles = client.getClientSettings().getSetting(Clients.ROLES_SETTING);
            List<String> teams = client.getClientSettings().getSetting(Clients.TEAMS_SETTING);
            context.getClaims()
                    .claim("roles", roles)
                    .claim("teams", teams)
                    .claim("preferred_username", client.getClientId())
                    .audience(List.of(AUDIENCE));
        };
    }
}
