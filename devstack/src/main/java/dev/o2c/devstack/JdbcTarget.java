package dev.o2c.devstack;

import java.util.Map;
import java.util.Optional;

/**
 * Where one application database lives: a JDBC URL and credentials.
 *
 * @param url      {@code jdbc:postgresql://host:port/db}
 * @param user     user name
 * @param password password (zonky's embedded server trusts every local connection and ignores it)
 */
public record JdbcTarget(String url, String user, String password) {

    /** The target named by {@code <prefix>_URL/_USER/_PASSWORD} in {@code env}, if {@code <prefix>_URL} is set. */
    static Optional<JdbcTarget> fromEnv(Map<String, String> env, String prefix) {
        String url = env.get(prefix + "_URL");
        if (url == null || url.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new JdbcTarget(url,
                env.getOrDefault(prefix + "_USER", EmbeddedDatabase.USER),
                env.getOrDefault(prefix + "_PASSWORD", EmbeddedDatabase.PASSWORD)));
    }
}
