package dev.o2c.starter;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The databases for starter tests: an embedded PostgreSQL holding the ledger, migrated by Flyway as its owner with the
 * worker's migrations, which the starter reads as {@code o2c_reader} (its default user) like in production; and a
 * database of the starter's own inbound event ledger in the same server, which the starter migrates itself.
 */
public final class TestLedger {

    private static final AtomicInteger INBOUND_DATABASES = new AtomicInteger();
    private static EmbeddedPostgres shared;

    private TestLedger() {}

    /** Starts the database and points the starter and Flyway at it; the caller closes it after its tests. */
    public static EmbeddedPostgres start(DynamicPropertyRegistry registry) {
        EmbeddedPostgres postgres = startServer();
        // no user in the URL: the starter connects as its default user, o2c_reader; Flyway as the owner
        String url = "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres";
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.flyway.url", () -> url);
        registry.add("spring.flyway.user", () -> "postgres");
        inbound(registry, postgres);
        return postgres;
    }

    /**
     * Only the inbound event ledger, for slices ({@code @WebMvcTest}) whose ledger queries are mocks: a fresh,
     * empty database per test context, in one embedded server shared by the JVM (zonky stops it on exit).
     */
    public static synchronized void inboundOnly(DynamicPropertyRegistry registry) {
        if (shared == null) {
            shared = startServer();
        }
        inbound(registry, shared);
    }

    /** Creates a fresh {@code o2c_inbound_<n>} database in {@code postgres} and points the starter at it. */
    private static void inbound(DynamicPropertyRegistry registry, EmbeddedPostgres postgres) {
        String name = "o2c_inbound_" + INBOUND_DATABASES.incrementAndGet();
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement create = connection.createStatement()) {
            create.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create " + name, e);
        }
        registry.add("o2c.inbound.datasource.url",
                () -> "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + name);
        registry.add("o2c.inbound.datasource.username", () -> "postgres");
        registry.add("o2c.inbound.datasource.password", () -> "postgres");
    }

    private static EmbeddedPostgres startServer() {
        try {
            return EmbeddedPostgres.builder().start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
