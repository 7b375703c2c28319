package dev.o2c.starter;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The ledger for starter tests that run the whole app: an embedded PostgreSQL, migrated by Flyway as its owner with the
 * worker's migrations, which the starter reads as {@code o2c_reader} (its default user) like in production.
 */
public final class TestLedger {

    private TestLedger() {}

    /** Starts the database and points the starter and Flyway at it; the caller closes it after its tests. */
    public static EmbeddedPostgres start(DynamicPropertyRegistry registry) {
        EmbeddedPostgres postgres;
        try {
            postgres = EmbeddedPostgres.builder().start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // no user in the URL: the starter connects as its default user, o2c_reader; Flyway as the owner
        String url = "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres";
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.flyway.url", () -> url);
        registry.add("spring.flyway.user", () -> "postgres");
        return postgres;
    }
}
