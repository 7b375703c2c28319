package dev.o2c.starter.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.util.pattern.PathPatternParser;
import tools.jackson.databind.ObjectMapper;

/**
 * Who may call what (docs/contracts.md, "Identity and roles"): the starter is an OAuth2 resource server; each
 * endpoint needs one role of the bearer token ({@link Role}, with the roles each implies). Webhooks carry no token
 * (HMAC, checked by the webhook service), health probes and the OpenAPI document are anonymous. The operator's
 * owner-team limit is checked by the process itself ({@link Caller#teams()} travels with the decision).
 *
 * <p>How a token is checked (keys, issuer, audience): {@link TokenDecoder}.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    /** One authorization rule: these paths, with this method, need one of these roles. */
    public record Rule(HttpMethod method, List<Role> roles, String... patterns) {

        public Rule {
            roles = List.copyOf(roles);
        }

        /** These paths need {@code role}. */
        public Rule(HttpMethod method, Role role, String... patterns) {
            this(method, List.of(role), patterns);
        }

        /** The roles' claims, as Spring Security's {@code hasAnyRole} takes them. */
        String[] claims() {
            return roles.stream().map(Role::claim).toArray(String[]::new);
        }

        boolean matches(HttpMethod method, String path) {
            return this.method.equals(method) && Arrays.stream(patterns)
                    .anyMatch(pattern -> PathPatternParser.defaultInstance.parse(pattern).matches(PathContainer.parsePath(path)));
        }
    }

    /** Who may call what: the first rule that matches decides (the documented API has one per operation). */
    public static final List<Rule> RULES = List.of(
            new Rule(HttpMethod.POST, Role.VIEWER, "/api/v1/codec/decode", "/api/v1/codec/encode"),
            new Rule(HttpMethod.POST, Role.INTEGRATION, "/api/v1/opportunity-to-project"),
            new Rule(HttpMethod.POST, Role.OPERATOR,
                    "/api/v1/exceptions/*/retry", "/api/v1/exceptions/*/skip", "/api/v1/exceptions/*/abort",
                    "/api/v1/processes/*/retry", "/api/v1/processes/*/skip", "/api/v1/processes/*/abort",
                    "/api/v1/events/*/replay"),
            new Rule(HttpMethod.POST, Role.FINANCE,
                    "/api/v1/projects/*/billing-runs", "/api/v1/projects/*/amendments",
                    "/api/v1/invoices/*/disputes", "/api/v1/invoices/*/disputes/*/resolve",
                    "/api/v1/invoices/*/void", "/api/v1/invoices/*/write-off"),
            new Rule(HttpMethod.POST, List.of(Role.OPERATOR, Role.FINANCE), "/api/v1/reconciliations"),
            new Rule(HttpMethod.GET, Role.VIEWER, "/api/v1/**"));

    /** Paths that need no token: webhooks carry an HMAC signature instead. */
    public static final String WEBHOOKS = "/api/v1/webhooks/*";

    /** The roles a documented operation needs, any one of them (empty: none, a webhook). */
    public static Optional<List<Role>> requiredRoles(HttpMethod method, String path) {
        if (method.equals(HttpMethod.POST) && PathPatternParser.defaultInstance.parse(WEBHOOKS)
                .matches(PathContainer.parsePath(path))) {
            return Optional.empty();
        }
        return RULES.stream().filter(rule -> rule.matches(method, path)).map(Rule::roles).findFirst();
    }

    /** Also the {@code RequestRejectedHandler} (for requests the firewall refuses) Spring Security looks up by type. */
    @Bean
    ProblemAuthHandlers problemAuthHandlers(ObjectMapper json) {
        return new ProblemAuthHandlers(json);
    }

    @Bean
    SecurityFilterChain api(HttpSecurity http, ProblemAuthHandlers problems) throws Exception {
        http.csrf(AbstractHttpConfigurer::disable) // no cookies, no sessions: a bearer token is not sent by a browser
                .cors(Customizer.withDefaults())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .authorizeHttpRequests(requests -> {
                    requests.requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                            // the management port's other endpoints (metrics, prometheus, info): that port is not
                            // published (STARTER_MANAGEMENT_PORT); the API port does not serve them
                            .requestMatchers("/actuator/**").permitAll()
                            .requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**")
                            .permitAll()
                            .requestMatchers(HttpMethod.POST, WEBHOOKS).permitAll()
                            .requestMatchers(HttpMethod.OPTIONS, "/api/v1/codec/**").permitAll(); // CORS preflight
                    RULES.forEach(rule -> requests.requestMatchers(rule.method(), rule.patterns())
                            .hasAnyRole(rule.claims()));
                    // anything else: a valid token, then the API answers (404, 405, …)
                    requests.anyRequest().authenticated();
                })
                .oauth2ResourceServer(server -> server
                        .jwt(jwt -> jwt.jwtAuthenticationConverter(new TokenRoles()))
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .exceptionHandling(handling -> handling
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems));
        return http.build();
    }
}
