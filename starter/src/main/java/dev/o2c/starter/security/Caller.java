package dev.o2c.starter.security;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Who calls, from the bearer token (or, in the operations console, from the access token the person signed in
 * with): the actor recorded with every decision and change, its roles, and the owner teams it may decide for. Never
 * from a request body.
 *
 * @param actor the token's {@code preferred_username}, else its {@code sub}
 * @param teams the owner teams of the {@code teams} claim; null for an admin (every team)
 */
public record Caller(String actor, Set<Role> roles, List<String> teams) {

    public static final String TEAMS_CLAIM = "teams";
    public static final String ROLES_CLAIM = "roles";
    public static final String NAME_CLAIM = "preferred_username";

    /**
     * The caller of the current request.
     *
     * @throws IllegalStateException outside an authenticated request (a programming error: the security rules let
     *     no unauthenticated request reach a decision)
     */
    public static Caller current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication instanceof JwtAuthenticationToken token) {
            return of(token);
        }
        if (authentication instanceof OAuth2AuthenticationToken login) {
            // a console user: the principal's attributes are the claims of their access token (ConsoleUser)
            return of(login.getPrincipal().getAttributes(), login.getName());
        }
        throw new IllegalStateException("no authenticated caller in this request");
    }

    /** The caller of the current request, if it is authenticated by a token or a console login. */
    public static Optional<Caller> find() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication instanceof JwtAuthenticationToken || authentication instanceof OAuth2AuthenticationToken
                ? Optional.of(current()) : Optional.empty();
    }

    /** Whether this caller holds the role (directly or through one that implies it). */
    public boolean has(Role role) {
        return roles.contains(role);
    }

    static Caller of(JwtAuthenticationToken token) {
        return of(token.getToken().getClaims(), token.getName());
    }

    static Caller of(Map<String, Object> claims, String actor) {
        Set<Role> roles = TokenRoles.roles(claims);
        List<String> teams = roles.contains(Role.ADMIN) ? null : TokenRoles.teams(claims);
        return new Caller(actor, roles, teams);
    }
}
