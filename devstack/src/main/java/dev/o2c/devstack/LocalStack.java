package dev.o2c.devstack;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * The local stack: embedded PostgreSQL, a Temporal server, then sandbox, worker and starter, each a child
 * process with its output on the console and in {@code .o2c/logs}. {@link #start()} returns once everything
 * is ready; {@link #close()} stops it all in reverse order.
 *
 * <p>Run it with {@code ./o2c up}, or {@code java -jar devstack/target/devstack.jar --root <repo>}.
 */
public final class LocalStack implements AutoCloseable {

    /** The apps, in start order. */
    public static final List<String> APPS = List.of("sandbox", "worker", "starter");
    public static final String READINESS_PATH = "/actuator/health/readiness";

    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final String POSTGRES = "postgres";

    private final StackConfig config;
    private final Map<String, String> env;
    private final Console console;
    private final HealthWaiter waiter = new HealthWaiter();
    private final CompletableFuture<String> failure = new CompletableFuture<>();

    private final List<ManagedProcess> apps = new ArrayList<>();
    private EmbeddedDatabase database;
    private TemporalServer temporal;
    private Databases databases;
    private boolean closing;

    /**
     * @param env the environment the launcher runs in (for {@code PATH}; children inherit the real one)
     */
    public LocalStack(StackConfig config, Map<String, String> env, Console console) {
        this.config = config;
        this.env = Map.copyOf(env);
        this.console = console;
    }

    public static void main(String[] args) {
        // zonky logs every step at INFO; the launcher says what matters itself
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel",
                System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
        System.exit(CommandLine.run(args));
    }

    /**
     * Starts everything and returns once every part is ready.
     *
     * @throws StackException with a message for the developer; whatever had started is stopped again
     */
    public StackInfo start() {
        long started = System.nanoTime();
        try {
            TemporalServer.Kind temporalKind = TemporalServer.plan(config, env);
            PortCheck.requireFree(portClaims(temporalKind));
            requireJars();
            Files.createDirectories(config.logsDir());

            databases = startDatabases();
            TemporalServer server = startTemporal(temporalKind);
            awaitReady(startApps(server, databases));

            Duration timeToReady = Duration.ofNanos(System.nanoTime() - started);
            watchForUnexpectedExits();
            return new StackInfo(url(config.starterPort()), url(config.sandboxPort()), url(config.workerPort()),
                    server.address(), server.kind(), server.uiUrl(), databases.sandbox(), databases.o2c(),
                    config.logsDir(), timeToReady);
        } catch (IOException e) {
            close();
            throw new StackException("could not prepare " + config.stateDir() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private record Databases(JdbcTarget sandbox, JdbcTarget o2c) {
    }

    /** The configured databases; the embedded server for those not configured. */
    private Databases startDatabases() {
        if (!config.needsEmbeddedPostgres()) {
            return new Databases(config.sandboxDb().orElseThrow(), config.o2cDb().orElseThrow());
        }
        Path dataDir = config.stateDir().resolve("pg");
        console.info("starting embedded PostgreSQL on port " + config.pgPort() + " (data in " + dataDir + ")");
        EmbeddedDatabase db = register(EmbeddedDatabase.start(config.pgPort(), dataDir,
                config.logsDir().resolve(POSTGRES + ".log"), List.of("sandbox", "o2c")));
        return new Databases(config.sandboxDb().orElse(db.target("sandbox")), config.o2cDb().orElse(db.target("o2c")));
    }

    private TemporalServer startTemporal(TemporalServer.Kind kind) {
        if (kind != TemporalServer.Kind.EXTERNAL) {
            console.info("starting the " + kind.description() + " on port " + config.temporalPort());
        }
        return register(TemporalServer.start(config, env, console, waiter));
    }

    private List<ManagedProcess> startApps(TemporalServer temporal, Databases databases) {
        console.info("starting " + String.join(", ", APPS));
        List<ManagedProcess> started = new ArrayList<>();
        for (String app : APPS) {
            started.add(register(launch(app, temporal, databases, false)));
        }
        return started;
    }

    private ManagedProcess launch(String app, TemporalServer temporal, Databases databases, boolean appendLog) {
        return ManagedProcess.start(app, JavaCommand.jar(config.jar(app), config.appJvmOptions(), List.of()),
                appEnvironment(app, temporal, databases), config.root(), config.logsDir().resolve(app + ".log"),
                console, appendLog);
    }

    /**
     * Crashes one app with SIGKILL (no graceful shutdown, as a machine failure would) and starts it again; returns
     * once it is ready. For failure drills and end-to-end tests; the log file goes on where it was.
     */
    public void crashAndRestart(String app) {
        ManagedProcess old;
        synchronized (this) {
            old = apps.stream().filter(a -> a.name().equals(app)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no running app " + app));
        }
        console.info("crashing " + app + " (SIGKILL, pid " + old.pid() + ")");
        old.kill();
        ManagedProcess fresh = launch(app, temporal, databases, true);
        synchronized (this) {
            apps.set(apps.indexOf(old), fresh);
        }
        awaitReady(List.of(fresh));
        watch(fresh);
    }

    /** Blocks until a part of the running stack dies on its own; returns what happened. */
    public String awaitFailure() {
        return failure.join();
    }

    /** Completes when a part of the running stack dies on its own. */
    public CompletableFuture<String> failure() {
        return failure;
    }

    /** The child processes: the apps, the Temporal server and the PostgreSQL postmaster, when started. */
    public synchronized List<ProcessHandle> processes() {
        List<ProcessHandle> handles = new ArrayList<>();
        if (database != null) {
            database.handle().ifPresent(handles::add);
        }
        if (temporal != null) {
            temporal.process().map(ManagedProcess::handle).ifPresent(handles::add);
        }
        apps.forEach(app -> handles.add(app.handle()));
        return handles;
    }

    /** Stops everything that runs, in reverse start order. Safe to call more than once, from any thread. */
    @Override
    public void close() {
        List<ManagedProcess> toStop;
        TemporalServer temporalToStop;
        EmbeddedDatabase databaseToStop;
        synchronized (this) {
            if (closing) {
                return;
            }
            closing = true;
            toStop = new ArrayList<>(apps);
            temporalToStop = temporal;
            databaseToStop = database;
        }
        Collections.reverse(toStop);
        boolean anything = !toStop.isEmpty() || temporalToStop != null || databaseToStop != null;
        if (anything) {
            console.info("stopping the local stack");
        }
        for (ManagedProcess app : toStop) {
            app.stop(STOP_GRACE);
        }
        if (temporalToStop != null) {
            temporalToStop.close();
        }
        if (databaseToStop != null) {
            databaseToStop.close();
        }
        if (anything) {
            console.info("stopped");
        }
    }

    private List<PortCheck.Claim> portClaims(TemporalServer.Kind temporalKind) {
        List<PortCheck.Claim> claims = new ArrayList<>();
        if (config.needsEmbeddedPostgres()) {
            claims.add(new PortCheck.Claim(config.pgPort(), "embedded PostgreSQL", "O2C_PG_PORT"));
        }
        if (temporalKind != TemporalServer.Kind.EXTERNAL) {
            claims.add(new PortCheck.Claim(config.temporalPort(), "the " + temporalKind.description(),
                    "TEMPORAL_PORT"));
        }
        if (temporalKind == TemporalServer.Kind.CLI_DEV_SERVER) {
            claims.add(new PortCheck.Claim(config.temporalUiPort(), "the Temporal UI", "TEMPORAL_UI_PORT"));
        }
        claims.add(new PortCheck.Claim(config.sandboxPort(), "the sandbox", "SANDBOX_PORT"));
        claims.add(new PortCheck.Claim(config.workerPort(), "the worker", "WORKER_PORT"));
        claims.add(new PortCheck.Claim(config.starterPort(), "the starter", "STARTER_PORT"));
        return claims;
    }

    private void requireJars() {
        List<String> missing = APPS.stream()
                .map(config::jar)
                .filter(jar -> !Files.isRegularFile(jar))
                .map(Path::toString)
                .toList();
        if (!missing.isEmpty()) {
            throw new StackException("missing " + String.join(", ", missing)
                    + ". Build them first: ./mvnw -DskipTests package (./o2c up does it for you).");
        }
    }

    /** The environment of one app: ports, databases, Temporal and each other's addresses (docs/contracts.md). */
    private Map<String, String> appEnvironment(String app, TemporalServer temporal, Databases databases) {
        JdbcTarget sandboxDb = databases.sandbox();
        JdbcTarget o2cDb = databases.o2c();
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("SANDBOX_PORT", Integer.toString(config.sandboxPort()));
        vars.put("WORKER_PORT", Integer.toString(config.workerPort()));
        vars.put("STARTER_PORT", Integer.toString(config.starterPort()));
        vars.put("SERVER_PORT", Integer.toString(portOf(app)));
        vars.put("TEMPORAL_ADDRESS", temporal.address());
        temporal.uiUrl().ifPresent(ui -> vars.put("O2C_TEMPORAL_UI_URL", ui)); // the starter links workflows to it
        vars.put("TEMPORAL_NAMESPACE", config.temporalNamespace());
        vars.put("SANDBOX_DB_URL", sandboxDb.url());
        vars.put("SANDBOX_DB_USER", sandboxDb.user());
        vars.put("SANDBOX_DB_PASSWORD", sandboxDb.password());
        vars.put("O2C_DB_URL", o2cDb.url());
        vars.put("O2C_DB_USER", o2cDb.user());
        vars.put("O2C_DB_PASSWORD", o2cDb.password());
        vars.put("O2C_WEBHOOK_SECRET", config.webhookSecret());
        vars.put("SANDBOX_WEBHOOK_URL", url(config.starterPort()) + "/api/v1/webhooks");
        vars.put("SANDBOX_BASE_URL", url(config.sandboxPort()));
        vars.put("SPRING_MAIN_BANNER_MODE", "off"); // three banners on one console are noise
        return vars;
    }

    /** Waits for all apps at once and fails as soon as one fails. */
    private void awaitReady(List<ManagedProcess> children) {
        List<CompletableFuture<Void>> each = children.stream()
                .map(child -> CompletableFuture.runAsync(() -> {
                    waiter.awaitHttp(child, URI.create(url(portOf(child.name())) + READINESS_PATH),
                            config.readyTimeout());
                    console.info(child.name() + " is ready");
                }, command -> Thread.ofVirtual().start(command)))
                .toList();
        CompletableFuture<Void> all = CompletableFuture.allOf(each.toArray(CompletableFuture[]::new));
        each.forEach(f -> f.exceptionally(e -> {
            all.completeExceptionally(e);
            return null;
        }));
        try {
            all.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    private void watchForUnexpectedExits() {
        List<ManagedProcess> watched = new ArrayList<>(apps);
        Optional.ofNullable(temporal).flatMap(TemporalServer::process).ifPresent(watched::add);
        watched.forEach(this::watch);
        if (database != null) {
            database.handle().ifPresent(pg -> pg.onExit().thenRun(() -> unexpectedExit(POSTGRES,
                    () -> "embedded PostgreSQL stopped while the stack was running (log: "
                            + config.logsDir().resolve(POSTGRES + ".log") + ")")));
        }
    }

    private void watch(ManagedProcess child) {
        child.onExit().thenRun(() -> unexpectedExit(child.name(), () -> child.stopping() ? null
                : child.name() + " " + child.status() + " while the stack was running.\n" + child.tailReport(30)));
    }

    /** A child died: unless we are stopping (Ctrl-C reaches every child too), say so and end the stack. */
    private void unexpectedExit(String name, Supplier<String> report) {
        try {
            Thread.sleep(1000); // give a Ctrl-C shutdown hook the time to mark the stack as closing
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (closing) {
                return;
            }
        }
        String message = report.get();
        if (message == null || failure.isDone()) {
            return;
        }
        console.error(message + "\nstopping the local stack because " + name + " is gone.");
        failure.complete(message);
    }

    /** Keeps track of what started so that {@link #close()} stops it; stops it at once if closing already. */
    private synchronized <T> T register(T part) {
        if (closing) {
            stopNow(part);
            throw new StackException("stopped while starting");
        }
        switch (part) {
            case EmbeddedDatabase db -> database = db;
            case TemporalServer server -> temporal = server;
            case ManagedProcess process -> apps.add(process);
            default -> throw new IllegalArgumentException(part.toString());
        }
        return part;
    }

    private static void stopNow(Object part) {
        switch (part) {
            case EmbeddedDatabase db -> db.close();
            case TemporalServer server -> server.close();
            case ManagedProcess process -> process.stop(STOP_GRACE);
            default -> throw new IllegalArgumentException(part.toString());
        }
    }

    private int portOf(String app) {
        return switch (app) {
            case "sandbox" -> config.sandboxPort();
            case "worker" -> config.workerPort();
            case "starter" -> config.starterPort();
            default -> throw new IllegalArgumentException(app);
        };
    }

    private static String url(int port) {
        return "http://127.0.0.1:" + port;
    }
}
