package dev.o2c.starter.security;

import java.nio.charset.StandardCharsets;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.util.HtmlUtils;

/**
 * The operations console's sign-in, a second filter chain beside the API's (which stays stateless, bearer only):
 * {@code /console/**} needs a session opened by an OIDC login at the same identity provider as the API's tokens
 * (authorization code with PKCE, client {@code O2C_CONSOLE_CLIENT_ID}/{@code O2C_CONSOLE_CLIENT_SECRET}, issuer
 * {@code O2C_JWT_ISSUER}); forms carry a CSRF token. The person's roles, teams and name come from the access token of
 * the login, checked like an API bearer token ({@link ConsoleUser}); which console action a role may take is the rule
 * of the matching API operation ({@link SecurityConfiguration#RULES}), checked by the console's controllers.
 *
 * <p>Without a configured client the console is off: {@code /console/**} is left to MVC, which answers 404.
 */
@Configuration(proxyBeanMethods = false)
public class ConsoleSecurity {

    /** The registration id: the redirect is {@code /login/oauth2/code/o2c}. */
    public static final String REGISTRATION = "o2c";
    /** Where an unauthenticated console request goes: the authorization request to the identity provider. */
    static final String LOGIN = OAuth2AuthorizationRequestRedirectFilter.DEFAULT_AUTHORIZATION_REQUEST_BASE_URI + "/"
            + REGISTRATION;

    @Bean
    @Order(1)
    @Conditional(ConsoleEnabled.class)
    SecurityFilterChain console(HttpSecurity http, ClientRegistrationRepository registrations, JwtDecoder tokens)
            throws Exception {
        DefaultOAuth2AuthorizationRequestResolver pkce = new DefaultOAuth2AuthorizationRequestResolver(registrations,
                OAuth2AuthorizationRequestRedirectFilter.DEFAULT_AUTHORIZATION_REQUEST_BASE_URI);
        pkce.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());
        http.securityMatcher("/console", "/console/**", "/console-assets/**", "/oauth2/**", "/login/**", "/webjars/**")
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/webjars/**", "/console-assets/**", "/console/signed-out").permitAll()
                        .anyRequest().authenticated())
                .oauth2Login(login -> login
                        .loginPage(LOGIN)
                        .authorizationEndpoint(endpoint -> endpoint.authorizationRequestResolver(pkce))
                        .userInfoEndpoint(userInfo -> userInfo.oidcUserService(fromAccessToken(tokens)))
                        .defaultSuccessUrl("/console/processes")
                        // not back to the login page: that would start the same failing login again, in a loop
                        .failureHandler((request, response, e) -> {
                            response.setStatus(HttpStatus.UNAUTHORIZED.value());
                            response.setContentType(MediaType.TEXT_HTML_VALUE);
                            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
                            response.getWriter().write("<!doctype html><title>Sign-in failed</title><h1>Sign-in to"
                                    + " the o2c console failed</h1><p>" + HtmlUtils.htmlEscape(e.getMessage())
                                    + "</p><p><a href=\"/console\">Try again</a></p>");
                        }))
                .logout(logout -> logout.logoutUrl("/console/logout").logoutSuccessUrl("/console/signed-out"));
        return http.build();
    }

    /** Console off: its paths reach MVC without a login, which knows no such page (404), not the API's 401. */
    @Bean
    @Order(1)
    @Conditional(ConsoleDisabled.class)
    SecurityFilterChain consoleOff(HttpSecurity http) throws Exception {
        http.securityMatcher("/console", "/console/**")
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll());
        return http.build();
    }

    @Bean
    @Conditional(ConsoleEnabled.class)
    ClientRegistrationRepository consoleRegistrations(
            @Value("${o2c.console.issuer:${o2c.jwt.issuer:}}") String issuer,
            @Value("${" + ConsoleEnabled.CLIENT_ID + "}") String clientId,
            @Value("${o2c.console.client-secret:}") String clientSecret,
            @Value("${o2c.console.redirect-uri:{baseUrl}/login/oauth2/code/{registrationId}}") String redirectUri) {
        return new DiscoveredRegistration(REGISTRATION, issuer, clientId, clientSecret, redirectUri);
    }

    /**
     * The console user from the login's access token, checked by the API's own decoder (signature, issuer, audience);
     * no userinfo call: the token holds all o2c needs.
     */
    private static OAuth2UserService<OidcUserRequest, OidcUser> fromAccessToken(JwtDecoder tokens) {
        return request -> {
            try {
                return new ConsoleUser(request.getIdToken(), tokens.decode(request.getAccessToken().getTokenValue()));
            } catch (JwtException e) {
                throw new OAuth2AuthenticationException(new OAuth2Error("invalid_token",
                        "the identity provider's access token was refused: " + e.getMessage(), null), e);
            }
        };
    }

    static final class ConsoleDisabled implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return !new ConsoleEnabled().matches(context, metadata);
        }
    }
}
