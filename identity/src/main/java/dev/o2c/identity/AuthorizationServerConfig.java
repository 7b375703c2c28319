package dev.o2c.identity;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;

/**
 * The authorization server's endpoints (token, authorize, JWKS, OIDC discovery), the login form people sign in with
 * for the operations console ({@link People}) and an anonymous {@code /actuator/health} for the launcher's readiness
 * wait; everything else is denied. The issuer is
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
                // a browser that is not signed in yet (the console's authorization request) goes to the login form
                .exceptionHandling(handling -> handling.defaultAuthenticationEntryPointFor(
                        new LoginUrlAuthenticationEntryPoint("/login"), new MediaTypeRequestMatcher(MediaType.TEXT_HTML)))
                // the OIDC userinfo endpoint takes the provider's own tokens
                .oauth2ResourceServer(resourceServer -> resourceServer.jwt(Customizer.withDefaults()));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain everythingElseChain(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(requests -> requests
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        .anyRequest().denyAll())
                // Spring Security's own login page: username, password, "Sign in"
                .formLogin(login -> login.permitAll())
                // a browser goes to the login form; a program gets a plain 401
                // (registered before the form's own entry point, so it is the default; HTML goes to the form)
                .exceptionHandling(handling -> handling.defaultAuthenticationEntryPointFor(
                        new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED), new NegatedRequestMatcher(html())));
        return http.build();
    }

    /** A request for an HTML page (a browser), not one that accepts anything. */
    private static MediaTypeRequestMatcher html() {
        MediaTypeRequestMatcher html = new MediaTypeRequestMatcher(MediaType.TEXT_HTML);
        html.setIgnoredMediaTypes(java.util.Set.of(MediaType.ALL));
        return html;
    }

    /**
     * The machine clients and the console's client.
     *
     * @param consoleRedirectUris {@code O2C_CONSOLE_REDIRECT_URIS}: where the console may receive its code, the
     *     starter's {@code /login/oauth2/code/o2c} (the local stack passes the one of its starter port)
     */
    @Bean
    RegisteredClientRepository registeredClients(@Value("${o2c.console.redirect-uris}") String consoleRedirectUris) {
        List<RegisteredClient> clients = new ArrayList<>(Clients.ALL.stream().map(Clients::registered).toList());
        clients.add(Clients.console(Arrays.stream(consoleRedirectUris.split(","))
                .map(String::strip).filter(uri -> !uri.isEmpty()).toList()));
        return new InMemoryRegisteredClientRepository(clients);
    }

    /** The console's people, with their public development passwords. */
    @Bean
    UserDetailsService people() {
        return new InMemoryUserDetailsManager(People.ALL.stream()
                .map(person -> User.withUsername(person.username())
                        .password("{noop}" + person.password())
                        .roles(person.roles().toArray(String[]::new))
                        .build())
                .toList());
    }

    /**
     * The contract's claims on every access token: {@code roles}, {@code teams}, {@code preferred_username} (the
     * actor of a decision: the client id of a machine client, the username of a person) and the audience
     * {@value #AUDIENCE}. A person's ID token carries the same {@code roles}, {@code teams} and
     * {@code preferred_username} (its audience stays the console's client id, as OIDC requires).
     */
    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> o2cClaims() {
        return context -> {
            boolean accessToken = OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType());
            boolean idToken = OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue());
            if (!accessToken && !idToken) {
                return;
            }
            List<String> roles;
            List<String> teams;
            String name;
            if (AuthorizationGrantType.CLIENT_CREDENTIALS.equals(context.getAuthorizationGrantType())) {
                RegisteredClient client = context.getRegisteredClient();
                roles = client.getClientSettings().getSetting(Clients.ROLES_SETTING);
                teams = client.getClientSettings().getSetting(Clients.TEAMS_SETTING);
                name = client.getClientId();
            } else {
                name = context.getPrincipal().getName();
                People.Person person = People.find(name).orElseThrow(() ->
                        new IllegalStateException("no o2c person " + name));
                roles = person.roles();
                teams = person.teams();
            }
            context.getClaims()
                    .claim("roles", roles)
                    .claim("teams", teams)
                    .claim("preferred_username", name);
            if (accessToken) {
                context.getClaims().audience(List.of(AUDIENCE));
            }
        };
    }
}
