package dev.o2c.starter.security;

import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Reads o2c's claims: {@code roles} become {@code ROLE_<role>} authorities, with the roles they imply (values that
 * are not o2c roles are ignored); the principal's name is {@code preferred_username}, else {@code sub}.
 */
final class TokenRoles implements Converter<Jwt, AbstractAuthenticationToken> {

    @Override
    public AbstractAuthenticationToken convert(Jwt jwt) {
        String name = jwt.hasClaim(Caller.NAME_CLAIM) && !jwt.getClaimAsString(Caller.NAME_CLAIM).isBlank()
                ? jwt.getClaimAsString(Caller.NAME_CLAIM)
                : jwt.getSubject();
        return new JwtAuthenticationToken(jwt, authorities(roles(jwt)), name);
    }

    /** The token's roles with the ones they imply (an admin holds every role). */
    static Set<Role> roles(Jwt jwt) {
        return roles(jwt.getClaims());
    }

    /** The roles of a token's claims (a console user's: their access token's), with the ones they imply. */
    static Set<Role> roles(Map<String, Object> claims) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        strings(claims, Caller.ROLES_CLAIM).forEach(value -> Role.fromClaim(value).ifPresent(
                role -> roles.addAll(role.implied())));
        return roles;
    }

    static List<String> teams(Jwt jwt) {
        return teams(jwt.getClaims());
    }

    static List<String> teams(Map<String, Object> claims) {
        return strings(claims, Caller.TEAMS_CLAIM);
    }

    /** The {@code ROLE_<role>} authorities of these roles. */
    static List<SimpleGrantedAuthority> authorities(Set<Role> roles) {
        return roles.stream().map(role -> new SimpleGrantedAuthority(role.authority())).toList();
    }

    /** A claim holding a list of strings (or one string); anything else counts as none. */
    private static List<String> strings(Map<String, Object> claims, String claim) {
        Object value = claims.get(claim);
        if (value instanceof String single) {
            return List.of(single);
        }
        if (value instanceof Collection<?> values) {
            return values.stream().filter(String.class::isInstance).map(String.class::cast).toList();
        }
        return List.of();
    }
}
