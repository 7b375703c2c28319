package dev.o2c.devstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * PostgreSQL from zonky's embedded binaries, its data kept in a directory between runs, its server log in a
 * file. Creates the application databases that are missing.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    /** Zonky's superuser; local connections are trusted, so any password works. */
    static final String USER = "postgres";
    static final String PASSWORD = "postgres";

    private final EmbeddedPostgres postgres;
    private final int port;
    private final Path dataDir;

    private EmbeddedDatabase(EmbeddedPostgres postgres, int port, Path dataDir) {
        this.postgres = postgres;
        this.port = port;
        this.dataDir = dataDir;
    }

    /**
     * Starts the server on {@code port} with its data in {@code dataDir} (created by initdb on first use) and
     * creates each of {@code databases} that does not exist yet.
     */
    public static EmbeddedDatabase start(int port, Path dataDir, Path logFile, List<String> databases) {
        EmbeddedPostgres postgres;
        try {
            Files.createDirectories(dataDir);
            Files.createDirectories(logFile.getParent());
            Files.deleteIfExists(logFile);
            ProcessBuilder.Redirect log = ProcessBuilder.Redirect.appendTo(logFile.toFile());
            postgres = EmbeddedPostgres.builder()
                    .setPort(port)
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false) // the stack stops it, after the apps that use it
                    .setPGStartupWait(Duration.ofSeconds(30))
                    .setOutputRedirector(log)
                    .setErrorRedirector(log)
                    .start();
        } catch (IOException | RuntimeException e) {
            throw new StackException("embedded PostgreSQL did not start on port " + port + " with data in " + dataDir
                    + ": " + e.getMessage() + " (server log: " + logFile + ")", e);
        }
        EmbeddedDatabase database = new EmbeddedDatabase(postgres, port, dataDir);
        try {
            database.createMissing(databases);
        } catch (SQLException | RuntimeException e) {
            database.close();
            throw new StackException("could not create the databases " + databases + ": " + e.getMessage(), e);
        }
        return database;
    }

    /**
     * Stops a postmaster that still runs on {@code dataDir} from an earlier launcher that did not stop it (killed
     * with SIGKILL, say: zonky's {@code pg_ctl} detaches the postmaster, so nothing stops it with the launcher).
     * Fast shutdown (SIGINT), then SIGKILL after 15 s. Returns its pid when there was one.
     */
    public static Optional<Long> stopStale(Path dataDir) {
        Optional<ProcessHandle> stale = postmaster(dataDir)
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.endsWith("postgres") || c.endsWith("postmaster"))
                        .orElse(true));
        if (stale.isEmpty()) {
            return Optional.empty();
        }
        ProcessHandle postmaster = stale.get();
        try {
            new ProcessBuilder("kill", "-INT", Long.toString(postmaster.pid())).inheritIO().start()
                    .waitFor(5, TimeUnit.SECONDS);
            postmaster.onExit().get(15, TimeUnit.SECONDS);
        } catch (IOException | ExecutionException | TimeoutException e) {
            postmaster.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            postmaster.onExit().get(5, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new StackException("a stale PostgreSQL (pid " + postmaster.pid() + ") on " + dataDir
                    + " did not stop; stop it by hand", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Optional.of(postmaster.pid());
    }

    private static Optional<ProcessHandle> postmaster(Path dataDir) {
        try (var lines = Files.lines(dataDir.resolve("postmaster.pid"))) {
            return lines.findFirst().map(String::trim).map(Long::parseLong).flatMap(ProcessHandle::of);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    public int port() {
        return port;
    }

    /** Connection details for database {@code name} on this server. */
    public JdbcTarget target(String name) {
        return new JdbcTarget("jdbc:postgresql://127.0.0.1:" + port + "/" + name, USER, PASSWORD);
    }

    /**
     * The postmaster. Zonky starts it through {@code pg_ctl start}, which detaches it, so it is no child of
     * this JVM: its pid comes from the first line of {@code postmaster.pid}.
     */
    public Optional<ProcessHandle> handle() {
        return postmaster(dataDir);
    }

    /** Stops the server ({@code pg_ctl stop -m fast}); the data stays. */
    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException | RuntimeException e) {
            // pg_ctl failed; if the postmaster is still there, ask it directly (SIGTERM: smart shutdown)
            handle().filter(ProcessHandle::isAlive).ifPresent(ProcessHandle::destroy);
        }
    }

    private void createMissing(List<String> databases) throws SQLException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection()) {
            for (String name : databases) {
                if (!exists(connection, name)) {
                    try (Statement create = connection.createStatement()) {
                        create.execute("CREATE DATABASE \"" + name.replace("\"", "\"\"") + "\"");
                    }
                }
            }
        }
    }

    private static boolean exists(Connection connection, String name) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            query.setString(1, name);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }
}
