package dev.o2c.identity;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

/**
 * The machine clients of the contract ({@code docs/contracts.md}, "Identity and roles"), one per role: client
 * {@code o2c-X} with secret {@code o2c-dev-secret-X}, the roles and owner teams its tokens carry.
 */
public final class Clients {

    /** The owner teams an operator may decide for. */
    public static final List<String> TEAMS = List.of("sales-ops", "pmo", "finance-ops", "it");
    /** Every role; {@code admin} holds them all. */
    public static final List<String> ROLES = List.of("viewer", "operator", "finance", "integration", "admin");
    public static final Duration TOKEN_TIME_TO_LIVE = Duration.ofHours(1);

    /** Where the customizer finds a client's roles and teams: its {@link ClientSettings}. */
    static final String ROLES_SETTING = "o2c.roles";
    static final String TEAMS_SETTING = "o2c.teams";

    /** One client: {@code o2c-<suffix>}. */
    public record Client(String suffix, List<String> roles, List<String> teams) {
        public String clientId() {
            return "o2c-" + suffix;
        }

        public String secret() {
            return "o2c-dev-secret-" + suffix;
        }
    }

    /** The table: the operator with every team, one operator per team, the other roles without teams. */
    public static final List<Client> ALL = Stream.of(
            Stream.of(new Client("viewer", List.of("viewer"), List.of()),
                    new Client("operator", List.of("operator"), TEAMS)),
            TEAMS.stream().map(team -> new Client("operator-" + team, List.of("operator"), List.of(team))),
            Stream.of(new Client("finance", List.of("finance"), List.of()),
                    new Client("integration", List.of("integration"), List.of()),
                    new Client("admin", ROLES, TEAMS)))
            .flatMap(s -> s)
            .toList();

    /** The operations console's client: people sign in through it (authorization code with PKCE). */
    public static final String CONSOLE_CLIENT_ID = "o2c-console";
    public static final String CONSOLE_SECRET = "o2c-dev-secret-console";

    private Clients() {
    }

    /**
     * The console's client: a confidential client (the starter keeps the secret) that must send a PKCE proof, signs
     * people in without a consent page (the console is o2c's own), and redirects only to the given addresses.
     *
     * @param redirectUris the starter's {@code /login/oauth2/code/o2c} under each address people open it with
     */
    static RegisteredClient console(List<String> redirectUris) {
        RegisteredClient.Builder builder = RegisteredClient
                .withId(UUID.nameUUIDFromBytes(CONSOLE_CLIENT_ID.getBytes(StandardCharsets.UTF_8)).toString())
                .clientId(CONSOLE_CLIENT_ID)
                .clientSecret("{noop}" + CONSOLE_SECRET)
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
                .scope(OidcScopes.OPENID)
                .scope(OidcScopes.PROFILE)
                .tokenSettings(TokenSettings.builder().accessTokenTimeToLive(TOKEN_TIME_TO_LIVE).build())
                .clientSettings(ClientSettings.builder().requireProofKey(true).requireAuthorizationConsent(false)
                        .build());
        redirectUris.forEach(builder::redirectUri);
        return builder.build();
    }

    /** A client as the authorization server keeps it: secret via basic or post, client_credentials, 1 h tokens. */
    static RegisteredClient registered(Client client) {
        return RegisteredClient.withId(UUID.nameUUIDFromBytes(client.clientId().getBytes(StandardCharsets.UTF_8)).toString())
                .clientId(client.clientId())
                .clientSecret("{noop}" + client.secret())
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
                .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                .tokenSettings(TokenSettings.builder().accessTokenTimeToLive(TOKEN_TIME_TO_LIVE).build())
                .clientSettings(ClientSettings.builder()
                        .setting(ROLES_SETTING, client.roles())
                        .setting(TEAMS_SETTING, client.teams())
                        .build())
                .build();
    }
}
