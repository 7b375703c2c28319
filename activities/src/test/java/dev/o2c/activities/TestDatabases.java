package dev.o2c.activities;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * One embedded PostgreSQL server for the whole test JVM (started on first use, stopped at exit), with a fresh
 * database per caller: the ledger's, the sandbox's.
 */
public final class TestDatabases {

    private static EmbeddedPostgres server;

    private TestDatabases() {}

    public static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.close();
                } catch (IOException ignored) {
                    // the JVM is going away
                }
            }));
        }
        return server;
    }

    /** Creates an empty database and answers its JDBC URL. */
    public static String createDatabase(String name) {
        try (Connection connection = server().getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("drop database if exists " + name + " with (force)");
            statement.execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
        return server().getJdbcUrl("postgres", name);
    }

    public static DataSource dataSource(String name) {
        return server().getDatabase("postgres", name);
    }

    /** A fresh ledger database, migrated with the worker's migrations ({@code classpath:db/ledger}). */
    public static DataSource ledger(String name) {
        createDatabase(name);
        DataSource dataSource = dataSource(name);
        Flyway.configure().dataSource(dataSource).locations("classpath:db/ledger")
                .placeholders(java.util.Map.of("readerpassword", "o2c-dev-reader-password")).load().migrate();
        return dataSource;
    }
}
