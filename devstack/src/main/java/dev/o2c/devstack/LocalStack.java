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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import dev.o2c.devstack.watchdog.AgentJar;

/**
 * The local stack: embedded PostgreSQL, a Temporal server, then sandbox, identity provider, worker and starter, each
 * a child process with its output on the console and in {@code .o2c/logs}. {@link #start()} returns once everything
 * is ready; {@link #close()} stops it all in reverse order.
 *
 * <p>Run it with {@code ./o2c up}, or {@code java -jar devstack/target/devstack.jar --root <repo>}.
 */
public final class LocalStack implements AutoCloseable {

    /** The apps, in start order. */
    public static final List<String> APPS = List.of("sandbox", "identity", "worker", "starter");

    /** The console's client at the local identity provider (identity module, {@code Clients.console}). */
    static final String CONSOLE_CLIENT_ID = "o2c-console";
    static final String CONSOLE_CLIENT_SECRET = "o2c-dev-secret-console";
    static final String CONSOLE_REDIRECT_PATH = "/login/oauth2/code/o2c";
    /** The apps that share the payload encryption keys. */
    private static final List<String> CODEC_APPS = List.of("worker", "starter");
    public static final String READINESS_PATH = "/actuator/health/readiness";

    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final String POSTGRES = "postgres";

    /** A death this soon after the start counts as quick; after {@link #MAX_QUICK_DEATHS} in a row, give up. */
    static final Duration QUICK_DEATH = Duration.ofSeconds(60);
    static final int MAX_QUICK_DEATHS = 3;

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
    private List<String> watchdogOptions = List.of();
    /** The payload encryption keys worker and starter share (see {@link CodecKeyFile}). */
    private CodecKeyFile.Keys codecKeys;
    /** Serializes restarts: an app's and the Temporal server's may overlap. */
    private final ReentrantLock restarting = new ReentrantLock();
    private final Map<String, Integer> quickDeaths = new ConcurrentHashMap<>();
    private final Map<String, Integer> restarts = new ConcurrentHashMap<>();

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
            List<ProcessHandle> leftovers = Leftovers.find(config.stateDir().resolve(AgentJar.FILE_NAME));
            if (!leftovers.isEmpty()) {
                console.info("waiting for " + leftovers.size() + " process(es) of an earlier launcher that was killed"
                        + " to stop (pids " + leftovers.stream().map(p -> Long.toString(p.pid())).toList() + ")");
                Leftovers.awaitGone(leftovers, Duration.ofSeconds(20));
            }
            if (config.needsEmbeddedPostgres()) {
                EmbeddedDatabase.stopStale(config.stateDir().resolve("pg")).ifPresent(pid -> console.info(
                        "stopped a PostgreSQL (pid " + pid + ") left running by an earlier launcher on "
                                + config.stateDir().resolve("pg")));
            }
            PortCheck.requireFree(portClaims(temporalKind));
            requireJars();
            Files.createDirectories(config.logsDir());
            watchdogOptions = List.of("-javaagent:" + AgentJar.write(config.stateDir()));
            codecKeys = CodecKeyFile.resolve(config.stateDir(), env);

            databases = startDatabases();
            TemporalServer server = startTemporal(temporalKind);
            awaitReady(startApps(server, databases));

            Duration timeToReady = Duration.ofNanos(System.nanoTime() - started);
            watchForUnexpectedExits();
            return new StackInfo(url(config.starterPort()), url(config.sandboxPort()), url(config.workerPort()),
                    url(config.idpPort()), config.idpIssuer(),
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

    /** The sandbox's database, the worker's ledger and the starter's inbound event ledger. */
    private record Databases(JdbcTarget sandbox, JdbcTarget o2c, JdbcTarget inbound) {
    }

    /** The starter's inbound event ledger (docs/contracts.md, "Databases"). */
    static final String INBOUND_DB = "o2c_inbound";

    /**
     * The configured databases; the embedded server for those not configured. The inbound event ledger is
     * {@code O2C_INBOUND_DB_URL} when set, else {@value #INBOUND_DB} on the embedded server, else on the server of the
     * configured ledger (which must hold it).
     */
    private Databases startDatabases() {
        java.util.Optional<JdbcTarget> inbound = JdbcTarget.fromEnv(env, "O2C_INBOUND_DB");
        if (!config.needsEmbeddedPostgres()) {
            JdbcTarget o2c = config.o2cDb().orElseThrow();
            return new Databases(config.sandboxDb().orElseThrow(), o2c, inbound.orElse(new JdbcTarget(
                    o2c.url().replaceFirst("/[^/?]*(\\?.*)?$", "/" + INBOUND_DB + "$1"), o2c.user(), o2c.password())));
        }
        Path dataDir = config.stateDir().resolve("pg");
        console.info("starting embedded PostgreSQL on port " + config.pgPort() + " (data in " + dataDir + ")");
        EmbeddedDatabase db = register(EmbeddedDatabase.start(config.pgPort(), dataDir,
                config.logsDir().resolve(POSTGRES + ".log"), List.of("sandbox", "o2c", INBOUND_DB)));
        return new Databases(config.sandboxDb().orElse(db.target("sandbox")), config.o2cDb().orElse(db.target("o2c")),
                inbound.orElse(db.target(INBOUND_DB)));
    }

    /** On the Java test server, sticky execution is off unless the environment turns it on. */
    private boolean stickyOff() {
        return !"true".equalsIgnoreCase(env.getOrDefault("O2C_STICKY_EXECUTION", "false").strip());
    }

    private TemporalServer startTemporal(TemporalServer.Kind kind) {
        if (kind != TemporalServer.Kind.EXTERNAL) {
            console.info("starting the " + kind.description() + " on port " + config.temporalPort()
                    + (kind == TemporalServer.Kind.JAVA_TEST_SERVER ? " (heap " + config.temporalHeap()
                            + ", O2C_TEMPORAL_HEAP; " + (stickyOff() ? "workers without" : "workers WITH")
                            + " sticky execution, O2C_STICKY_EXECUTION)" : ""));
        }
        return register(TemporalServer.start(config, env, console, waiter, watchdogOptions, false));
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
        List<String> jvmOptions = new ArrayList<>(config.appJvmOptions());
        jvmOptions.addAll(watchdogOptions);
        return ManagedProcess.start(app, JavaCommand.jar(config.jar(app), jvmOptions, List.of()),
                appEnvironment(app, temporal, databases), config.root(), config.logsDir().resolve(app + ".log"),
                console, appendLog);
    }

    /**
     * Crashes one app with SIGKILL (no graceful shutdown, as a machine failure would) and starts it again; returns
     * once it is ready. For failure drills and end-to-end tests; the log file goes on where it was.
     */
    public void crashAndRestart(String app) {
        restarting.lock();
        try {
            ManagedProcess old = app(app).orElseThrow(() -> new IllegalArgumentException("no running app " + app));
            console.info("crashing " + app + " (SIGKILL, pid " + old.pid() + ")");
            old.kill();
            ManagedProcess fresh = replace(old, launch(app, temporal, databases, true));
            watch(fresh);
            awaitReady(List.of(fresh));
        } finally {
            restarting.unlock();
        }
    }

    /** The running process of an app, or of the Temporal server ({@code "temporal"}). */
    public synchronized Optional<ProcessHandle> process(String name) {
        if (TemporalServer.NAME.equals(name)) {
            return Optional.ofNullable(temporal).flatMap(TemporalServer::process).map(ManagedProcess::handle);
        }
        return app(name).map(ManagedProcess::handle);
    }

    /** How many times the restart policy restarted {@code name} (an app or {@code "temporal"}) and saw it ready. */
    public int restarts(String name) {
        return restarts.getOrDefault(name, 0);
    }

    private synchronized Optional<ManagedProcess> app(String name) {
        return apps.stream().filter(a -> a.name().equals(name)).findFirst();
    }

    /** Puts {@code fresh} where {@code old} was; stops it again at once if the stack is closing. */
    private ManagedProcess replace(ManagedProcess old, ManagedProcess fresh) {
        synchronized (this) {
            if (!closing) {
                int index = apps.indexOf(old);
                if (index >= 0) {
                    apps.set(index, fresh);
                } else {
                    apps.add(fresh);
                }
                return fresh;
            }
        }
        fresh.stop(STOP_GRACE);
        throw new StackException("stopped while restarting " + fresh.name());
    }

    /** The payload encryption keys of worker and starter: read histories with {@code codecKeys().codec()}. */
    public CodecKeyFile.Keys codecKeys() {
        if (codecKeys == null) {
            throw new IllegalStateException("the stack has not started");
        }
        return codecKeys;
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
        claims.add(new PortCheck.Claim(config.idpPort(), "the identity provider", StackConfig.IDP_PORT));
        claims.add(new PortCheck.Claim(config.workerPort(), "the worker", "WORKER_PORT"));
        claims.add(new PortCheck.Claim(config.starterPort(), "the starter", "STARTER_PORT"));
        claims.add(new PortCheck.Claim(config.starterManagementPort(), "the starter's management (actuator)",
                StackConfig.STARTER_MANAGEMENT_PORT));
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
        vars.put(StackConfig.STARTER_MANAGEMENT_PORT, Integer.toString(config.starterManagementPort()));
        vars.put(StackConfig.IDP_PORT, Integer.toString(config.idpPort()));
        // the identity provider signs with this issuer; the starter accepts only its tokens (OIDC discovery)
        vars.put("O2C_IDP_ISSUER", config.idpIssuer());
        vars.put("O2C_JWT_ISSUER", config.idpIssuer());
        // the operations console (/console): people sign in at the same provider, client o2c-console, whose code
        // comes back to the starter under either loopback name
        vars.put("O2C_CONSOLE_CLIENT_ID", CONSOLE_CLIENT_ID);
        vars.put("O2C_CONSOLE_CLIENT_SECRET", CONSOLE_CLIENT_SECRET);
        vars.put("O2C_CONSOLE_REDIRECT_URIS", "http://localhost:" + config.starterPort() + CONSOLE_REDIRECT_PATH
                + "," + url(config.starterPort()) + CONSOLE_REDIRECT_PATH);
        // the apps refuse the development defaults (webhook secret, database passwords) outside the dev profile
        vars.put("SPRING_PROFILES_ACTIVE", profiles(env.get("SPRING_PROFILES_ACTIVE")));
        vars.put("SERVER_PORT", Integer.toString(portOf(app)));
        vars.put("TEMPORAL_ADDRESS", temporal.address());
        temporal.uiUrl().ifPresent(ui -> vars.put("O2C_TEMPORAL_UI_URL", ui)); // the starter links workflows to it
        if (temporal.kind() == TemporalServer.Kind.JAVA_TEST_SERVER && !env.containsKey("O2C_TEMPORAL_UI_URL")) {
            vars.put("O2C_TEMPORAL_UI_URL", "none"); // the Java test server has no UI: no link to a dead port
        }
        vars.put("TEMPORAL_NAMESPACE", config.temporalNamespace());
        vars.put("SANDBOX_DB_URL", sandboxDb.url());
        vars.put("SANDBOX_DB_USER", sandboxDb.user());
        vars.put("SANDBOX_DB_PASSWORD", sandboxDb.password());
        vars.put("O2C_DB_URL", o2cDb.url());
        vars.put("O2C_DB_USER", o2cDb.user());
        vars.put("O2C_DB_PASSWORD", o2cDb.password());
        vars.put("O2C_INBOUND_DB_URL", databases.inbound().url());
        vars.put("O2C_INBOUND_DB_USER", databases.inbound().user());
        vars.put("O2C_INBOUND_DB_PASSWORD", databases.inbound().password());
        vars.put("O2C_WEBHOOK_SECRET", config.webhookSecret());
        vars.put("SANDBOX_WEBHOOK_URL", url(config.starterPort()) + "/api/v1/webhooks");
        vars.put("SANDBOX_BASE_URL", url(config.sandboxPort()));
        vars.put("SPRING_MAIN_BANNER_MODE", "off"); // four banners on one console are noise
        if (CODEC_APPS.contains(app)) {
            // payload encryption: the environment's keys, else the state directory's own generated key
            vars.put(CodecKeyFile.KEYS_VARIABLE, codecKeys.keys());
            vars.put(CodecKeyFile.KEY_ID_VARIABLE, codecKeys.currentKeyId());
            if (env.containsKey("O2C_CODEC")) {
                vars.put("O2C_CODEC", env.get("O2C_CODEC")); // off: the baseline of a benchmark
            }
            if (!env.containsKey("O2C_CODEC_CORS_ORIGINS")) {
                temporal.uiUrl().ifPresent(ui -> vars.put("O2C_CODEC_CORS_ORIGINS",
                        ui + "," + ui.replace("127.0.0.1", "localhost")));
            }
        }
        // set by the environment the launcher got or by --dunning-schedule; children inherit only the real one
        config.dunningSchedule().ifPresent(schedule -> vars.put(StackConfig.DUNNING_SCHEDULE, schedule));
        // reconciliation's settings (O2C_RECONCILIATION_SETTLE, _PERIOD, _CONCURRENCY) as the launcher got them: a
        // test stack or a benchmark shortens the settle window and turns the schedule off
        env.forEach((name, value) -> {
            if (name.startsWith(StackConfig.RECONCILIATION_PREFIX) && !vars.containsKey(name)) {
                vars.put(name, value);
            }
        });
        // O2C_LOG_FORMAT or --log-format: text or json (ECS lines with workflowId, runId, step, correlationId)
        config.logFormat().ifPresent(format -> vars.put(StackConfig.LOG_FORMAT, format));
        if (temporal.kind() == TemporalServer.Kind.JAVA_TEST_SERVER && !env.containsKey("O2C_STICKY_EXECUTION")) {
            // the Java test server never hands a dead worker's sticky tasks back to the normal queue: a worker
            // killed at the wrong moment would strand its workflows; so no sticky execution (the worker's default
            // with a real server stays on)
            vars.put("O2C_STICKY_EXECUTION", "false");
        }
        return vars;
    }

    /** The dev profile, with whatever profiles the launcher's environment activates. */
    static String profiles(String active) {
        if (active == null || active.isBlank()) {
            return StackConfig.DEV_PROFILE;
        }
        java.util.LinkedHashSet<String> profiles = new java.util.LinkedHashSet<>();
        profiles.add(StackConfig.DEV_PROFILE);
        for (String profile : active.split(",")) {
            if (!profile.isBlank()) {
                profiles.add(profile.strip());
            }
        }
        return String.join(",", profiles);
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
        child.onExit().thenRunAsync(() -> exited(child), command -> Thread.ofVirtual().start(command));
    }

    /**
     * A child died. Unless we are stopping (Ctrl-C reaches every child too) or stopped it ourselves: with the restart
     * policy, say so loudly and start it again (the Temporal server with the worker and starter), and give up after
     * {@link #MAX_QUICK_DEATHS} quick deaths in a row; without it, end the stack.
     */
    private void exited(ManagedProcess child) {
        if (child.stopping()) {
            return;
        }
        sleep(Duration.ofSeconds(1)); // give a Ctrl-C shutdown hook the time to mark the stack as closing
        synchronized (this) {
            if (closing || failure.isDone()) {
                return;
            }
        }
        boolean isTemporal = TemporalServer.NAME.equals(child.name());
        String what = (isTemporal ? "the " + temporal.kind().description() : child.name()) + " (pid " + child.pid()
                + ") " + child.status() + " on its own while the stack was running";
        if (!config.restartApps()) {
            giveUp(child, what + " (O2C_RESTART=no).");
            return;
        }
        boolean quick = Duration.between(child.startedAt(), java.time.Instant.now()).compareTo(QUICK_DEATH) < 0;
        int quickInARow = quick ? quickDeaths.merge(child.name(), 1, Integer::sum) : 0;
        if (!quick) {
            quickDeaths.put(child.name(), 0);
        }
        if (quickInARow >= MAX_QUICK_DEATHS) {
            giveUp(child, what + ", the " + quickInARow + "th time in a row within " + QUICK_DEATH.toSeconds()
                    + " s of its start: not restarting it again.");
            return;
        }
        restarting.lock();
        try {
            if (isTemporal) {
                restartTemporal(child, what);
            } else {
                restartApp(child, what, quickInARow);
            }
        } catch (StackException e) {
            // a restart that fails to get ready: its process exit (if it died) comes back here and counts
            console.error("restarting " + child.name() + " failed: " + e.getMessage());
        } finally {
            restarting.unlock();
        }
    }

    private void restartApp(ManagedProcess dead, String what, int quickInARow) {
        synchronized (this) {
            if (!apps.contains(dead)) {
                return; // already replaced (a Temporal restart restarts the worker and starter too)
            }
        }
        int number = restarts(dead.name()) + 1;
        console.error("!!! " + what + ".\n" + dead.tailReport(15) + "\n!!! RESTARTING " + dead.name()
                + " (restart #" + number + ", O2C_RESTART=unless-stopped); the rest of the stack keeps running.");
        sleep(Duration.ofSeconds(quickInARow * 2L)); // back off when it keeps dying young
        ManagedProcess fresh = replace(dead, launch(dead.name(), temporal, databases, true));
        watch(fresh);
        try {
            awaitReady(List.of(fresh));
        } catch (StackException e) {
            if (fresh.isAlive()) {
                fresh.handle().destroyForcibly(); // not ready in time: its death counts and restarts it again
            }
            throw e;
        }
        restarts.merge(dead.name(), 1, Integer::sum);
        console.info(dead.name() + " is ready again after restart #" + number + " (pid " + fresh.pid() + ")");
    }

    /**
     * The Temporal server died. The Java test server keeps nothing on disk: every workflow it had is gone, while the
     * ledger still says RUNNING. Start it again, then the worker (which marks those processes LOST at start) and the
     * starter, so that both reconnect to a fresh server.
     */
    private void restartTemporal(ManagedProcess dead, String what) {
        TemporalServer old = temporal;
        boolean inMemory = old.kind() == TemporalServer.Kind.JAVA_TEST_SERVER;
        console.error("!!! " + what + ".\n" + dead.tailReport(15) + "\n"
                + (inMemory
                        ? "!!! The Java test server keeps nothing on disk: EVERY SAGA THAT WAS RUNNING IS GONE, while"
                        + " the ledger still says RUNNING.\n!!! The restarted worker marks those processes LOST"
                        + " (look for 'LOST' in its log); start them again from the starter.\n"
                        : "")
                + "!!! RESTARTING the " + old.kind().description() + ", then the worker and the starter.");
        // First the worker and the starter, with SIGKILL: without a server they only log connection errors, and a
        // graceful shutdown would only try to reach the dead server; the workflows they could finish are gone anyway.
        List<String> toReconnect = new ArrayList<>();
        for (String app : List.of("worker", "starter")) {
            Optional<ManagedProcess> running = app(app);
            if (running.isPresent()) {
                console.info("stopping " + app + " (pid " + running.get().pid() + ") until the server is back");
                running.get().kill();
                toReconnect.add(app);
            }
        }
        TemporalServer fresh;
        try {
            fresh = TemporalServer.start(config, env, console, waiter, watchdogOptions, true);
        } catch (StackException e) {
            giveUp(dead, "the " + old.kind().description() + " did not start again: " + e.getMessage());
            return;
        }
        synchronized (this) {
            if (closing) {
                fresh.close();
                return;
            }
            temporal = fresh;
        }
        fresh.process().ifPresent(this::watch);
        List<ManagedProcess> reconnected = new ArrayList<>();
        for (String app : toReconnect) {
            ManagedProcess killed = app(app).orElseThrow();
            ManagedProcess restarted = replace(killed, launch(app, fresh, databases, true));
            watch(restarted);
            reconnected.add(restarted);
        }
        awaitReady(reconnected);
        restarts.merge(TemporalServer.NAME, 1, Integer::sum);
        console.info("the " + fresh.kind().description() + " is back, with the worker and the starter");
    }

    private void giveUp(ManagedProcess child, String message) {
        String report = message + "\n" + child.tailReport(30);
        console.error(report + "\nstopping the local stack because " + child.name() + " is gone.");
        failure.complete(report);
    }

    /** PostgreSQL died: not restarted (the apps' connection pools would not notice); end the stack. */
    private void unexpectedExit(String name, Supplier<String> report) {
        sleep(Duration.ofSeconds(1)); // give a Ctrl-C shutdown hook the time to mark the stack as closing
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

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
            case "identity" -> config.idpPort();
            default -> throw new IllegalArgumentException(app);
        };
    }

    private static String url(int port) {
        return "http://127.0.0.1:" + port;
    }
}
