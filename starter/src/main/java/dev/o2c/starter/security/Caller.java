package dev.o2c.starter.security;

import java.util.List;
import java.util.Set;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Who calls, from the bearer token: the actor recorded with every decision and change, its roles, and the owner
 * teams it may decide for. Never from a request body.
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
        if (!(authentication instanceof JwtAuthenticationToken token)) {
            throw new IllegalStateException("no authenticated caller in this request");
        }
        return of(token);
    }

    static Caller of(JwtAuthenticationToken token) {
        Set<Role> roles = TokenRoles.roles(token.getToken());
        List<String> teams = roles.contains(Role.ADMIN) ? null : TokenRoles.teams(token.getToken());
        return new Caller(token.getName(), roles, teams);
    }
}
