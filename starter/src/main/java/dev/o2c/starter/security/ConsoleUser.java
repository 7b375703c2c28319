package dev.o2c.starter.security;

import java.util.Collection;
import java.util.Map;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.OidcUserInfo;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * A person signed in to the operations console. Their roles, teams and name are read from the access token the
 * identity provider issued with the login, checked like any bearer token of the API ({@link TokenDecoder}: signature,
 * issuer, audience {@code o2c-api}), so a console user holds exactly what the same person's token would hold at the
 * API. The attributes are that token's claims; the ID token only proves the login.
 */
final class ConsoleUser implements OidcUser {

    private final OidcIdToken idToken;
    private final Map<String, Object> claims;
    private final Collection<? extends GrantedAuthority> authorities;
    private final String name;

    ConsoleUser(OidcIdToken idToken, Jwt accessToken) {
        this.idToken = idToken;
        this.claims = accessToken.getClaims();
        this.authorities = TokenRoles.authorities(TokenRoles.roles(accessToken));
        String username = accessToken.getClaimAsString(Caller.NAME_CLAIM);
        this.name = username == null || username.isBlank() ? accessToken.getSubject() : username;
    }

    @Override
    public Map<String, Object> getClaims() {
        return idToken.getClaims();
    }

    @Override
    public OidcUserInfo getUserInfo() {
        return null;
    }

    @Override
    public OidcIdToken getIdToken() {
        return idToken;
    }

    /** The access token's claims: {@code roles}, {@code teams}, {@code preferred_username}, … */
    @Override
    public Map<String, Object> getAttributes() {
        return claims;
    }

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        return authorities;
    }

    /** The actor of the person's decisions: {@code preferred_username}, else {@code sub}. */
    @Override
    public String getName() {
        return name;
    }
}
