package dev.o2c.identity;

import java.util.List;
import java.util.Optional;

/**
 * The people who sign in to the operations console with a password (authorization code through the login form):
 * the same four as the Keycloak realm {@code o2c} ({@code deploy/keycloak/o2c-realm.json}), with the same roles and
 * owner teams, so that the console behaves the same against either provider. Their passwords are public
 * ({@code o2c-dev-<name>}), like every secret of this development stand-in.
 */
public final class People {

    /** One person: the username (the actor of their decisions), roles and owner teams their tokens carry. */
    public record Person(String username, List<String> roles, List<String> teams) {
        public String password() {
            return "o2c-dev-" + username;
        }
    }

    public static final List<Person> ALL = List.of(
            new Person("viola", List.of("viewer"), List.of()),
            new Person("otto", List.of("operator"), Clients.TEAMS),
            new Person("fiona", List.of("finance"), List.of()),
            new Person("ada", Clients.ROLES, Clients.TEAMS));

    private People() {
    }

    public static Optional<Person> find(String username) {
        return ALL.stream().filter(person -> person.username().equals(username)).findFirst();
    }
}
