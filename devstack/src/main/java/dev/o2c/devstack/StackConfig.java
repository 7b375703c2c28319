package dev.o2c.devstack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Everything the local stack needs to know: where the jars are, where state goes, which ports to bind and
 * which parts to take from outside (an existing PostgreSQL or Temporal) instead of starting them.
 *
 * @param root             the repository root; the apps run from {@code <root>/<app>/target/<app>-exec.jar}
 * @param stateDir         embedded PostgreSQL data, the dev server's Temporal database and the logs
 * @param temporalAddress  an existing Temporal frontend ({@code host:port}); empty to start one
 * @param sandboxDb        an existing database for the sandbox; empty to use the embedded server
 * @param o2cDb            an existing database for the ledger; empty to use the embedded server
 * @param starterManagementPort the starter's actuator ({@code STARTER_MANAGEMENT_PORT}, 8083); its health stays on
 *                         {@code starterPort} too
 * @param idpPort          the local identity provider ({@code O2C_IDP_PORT}, 9000); its issuer is {@link #idpIssuer()}
 * @param appJvmOptions    JVM options for the apps (sandbox, identity, worker, starter)
 * @param readyTimeout     how long each process may take to become ready
 * @param color            colour the console prefixes
 * @param temporalHeap     maximum heap of the Java test server ({@code -Xmx}), which keeps every workflow in memory
 * @param restartApps      restart an app (sandbox, worker, starter) or the Temporal server that dies on its own,
 *                         like compose's {@code restart: unless-stopped}; false stops the stack instead
 * @param dunningSchedule  the worker's invoice-to-cash dunning offsets ({@code O2C_DUNNING_SCHEDULE}, e.g.
 *                         {@code 20s,40s,60s} for a demo); empty: the worker's default (1,15,30 days)
 * @param logFormat        the apps' console format ({@code O2C_LOG_FORMAT}: {@code text} or {@code json}, ECS lines);
 *                         empty: the apps' default (text)
 */
public record StackConfig(
        Path root,
        Path stateDir,
        int pgPort,
        int temporalPort,
        int temporalUiPort,
        int sandboxPort,
        int workerPort,
        int starterPort,
        int starterManagementPort,
        int idpPort,
        Optional<String> temporalAddress,
        TemporalMode temporalMode,
        String temporalNamespace,
        Optional<JdbcTarget> sandboxDb,
        Optional<JdbcTarget> o2cDb,
        String webhookSecret,
        List<String> appJvmOptions,
        Duration readyTimeout,
        boolean color,
        String temporalHeap,
        boolean restartApps,
        Optional<String> dunningSchedule,
        Optional<String> logFormat) {

    /** Modest heap and stack for each app JVM; override with {@code O2C_JAVA_OPTS}. */
    public static final List<String> DEFAULT_APP_JVM_OPTIONS = Stream.concat(
            Stream.of("-XX:+UseSerialGC", "-Xms64m", "-Xmx512m", "-Xss512k"),
            JavaCommand.quietOptions().stream()).toList();

    public static final String DEFAULT_WEBHOOK_SECRET = "o2c-dev-webhook-secret";

    /** The starter's management (actuator) port variable. */
    public static final String STARTER_MANAGEMENT_PORT = "STARTER_MANAGEMENT_PORT";

    /** The local identity provider's port variable (docs/contracts.md, "Identity and roles"). */
    public static final String IDP_PORT = "O2C_IDP_PORT";

    /**
     * The Spring profile the local stack runs the apps in: it allows the development defaults (webhook secret,
     * database passwords) that the apps refuse otherwise.
     */
    public static final String DEV_PROFILE = "dev";

    /** The worker's dunning schedule variable, passed on to the worker when set. */
    public static final String DUNNING_SCHEDULE = "O2C_DUNNING_SCHEDULE";
    /**
     * The worker's reconciliation settings ({@code O2C_RECONCILIATION_SETTLE}, {@code _PERIOD}, {@code _CONCURRENCY}):
     * passed on to the apps when the launcher's environment sets them.
     */
    public static final String RECONCILIATION_PREFIX = "O2C_RECONCILIATION_";
    /** The apps' console format: {@code text} (their default) or {@code json} (structured, ECS). */
    public static final String LOG_FORMAT = "O2C_LOG_FORMAT";

    /**
     * Heap of the Java test server: it keeps every workflow's history in memory until it stops, about
     * {@value #TEST_SERVER_BYTES_PER_SAGA_TEXT} per finished opportunity-to-project saga (measured with
     * {@code ./o2c bench}), so this holds at least 20,000 finished sagas. Override with {@code O2C_TEMPORAL_HEAP}.
     */
    public static final String DEFAULT_TEMPORAL_HEAP = "2g";
    static final String TEST_SERVER_BYTES_PER_SAGA_TEXT = "59 KB";

    /** Which Temporal server to start when {@code TEMPORAL_ADDRESS} is not set. */
    public enum TemporalMode {
        /** The {@code temporal} CLI's dev server when it is on PATH, else the Java test server. */
        AUTO,
        /** The {@code temporal} CLI's dev server (with the Temporal UI). */
        CLI,
        /** The Java test server from {@code io.temporal:temporal-test-server} (no UI). */
        JAVA
    }

    public StackConfig {
        root = root.toAbsolutePath().normalize();
        stateDir = stateDir.toAbsolutePath().normalize();
        appJvmOptions = List.copyOf(appJvmOptions);
    }

    /**
     * Reads the configuration from environment variables (see {@link CommandLine#usage()}), with the
     * defaults of {@code docs/contracts.md}.
     */
    public static StackConfig fromEnvironment(Path root, Map<String, String> env) {
        Path stateDir = Optional.ofNullable(blankToNull(env.get("O2C_STATE_DIR")))
                .map(Path::of)
                .orElse(root.resolve(".o2c"));
        int temporalPort = port(env, "TEMPORAL_PORT", 7233);
        return new StackConfig(
                root,
                stateDir,
                port(env, "O2C_PG_PORT", 5432),
                temporalPort,
                port(env, "TEMPORAL_UI_PORT", 8233),
                port(env, "SANDBOX_PORT", 8090),
                port(env, "WORKER_PORT", 8082),
                port(env, "STARTER_PORT", 8081),
                port(env, STARTER_MANAGEMENT_PORT, 8083),
                port(env, IDP_PORT, 9000),
                Optional.ofNullable(blankToNull(env.get("TEMPORAL_ADDRESS"))),
                temporalMode(env.get("O2C_TEMPORAL_SERVER")),
                env.getOrDefault("TEMPORAL_NAMESPACE", "default"),
                JdbcTarget.fromEnv(env, "SANDBOX_DB"),
                JdbcTarget.fromEnv(env, "O2C_DB"),
                env.getOrDefault("O2C_WEBHOOK_SECRET", DEFAULT_WEBHOOK_SECRET),
                Optional.ofNullable(blankToNull(env.get("O2C_JAVA_OPTS")))
                        .map(opts -> Arrays.asList(opts.trim().split("\\s+")))
                        .orElse(DEFAULT_APP_JVM_OPTIONS),
                Duration.ofSeconds(port(env, "O2C_READY_TIMEOUT_SECONDS", 120)),
                Console.colorWanted(env),
                heap(env.get("O2C_TEMPORAL_HEAP")),
                restart(env.get("O2C_RESTART")),
                dunningSchedule(env.get(DUNNING_SCHEDULE)),
                logFormat(env.get(LOG_FORMAT)));
    }

    /**
     * The issuer of the local identity provider's tokens: the starter's {@code O2C_JWT_ISSUER} must equal it, so both
     * get this one string ({@code localhost}, as the contract names it, whatever address a client uses).
     */
    public String idpIssuer() {
        return "http://localhost:" + idpPort;
    }

    public Path logsDir() {
        return stateDir.resolve("logs");
    }

    public Path jar(String app) {
        return root.resolve(app).resolve("target").resolve(app + "-exec.jar");
    }

    /** True when at least one database must come from the embedded server. */
    public boolean needsEmbeddedPostgres() {
        return sandboxDb.isEmpty() || o2cDb.isEmpty();
    }

    private static int port(Map<String, String> env, String name, int fallback) {
        String value = blankToNull(env.get(name));
        if (value == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed < 1 || parsed > 65535) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new StackException(name + "=" + value + " is not a valid number (expected 1-65535)");
        }
    }

    private static TemporalMode temporalMode(String value) {
        if (blankToNull(value) == null) {
            return TemporalMode.AUTO;
        }
        try {
            return TemporalMode.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new StackException("O2C_TEMPORAL_SERVER=" + value + " is not one of auto, cli, java");
        }
    }

    private static String heap(String value) {
        if (blankToNull(value) == null) {
            return DEFAULT_TEMPORAL_HEAP;
        }
        String heap = value.trim();
        if (!heap.matches("[0-9]+[kKmMgG]?")) {
            throw new StackException("O2C_TEMPORAL_HEAP=" + value + " is not a heap size like 1536m or 2g");
        }
        return heap;
    }

    private static boolean restart(String value) {
        if (blankToNull(value) == null) {
            return true;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "unless-stopped", "always", "on", "true", "yes" -> true;
            case "no", "never", "off", "false" -> false;
            default -> throw new StackException("O2C_RESTART=" + value + " is not one of unless-stopped, no");
        };
    }

    /**
     * A comma-separated list of offsets, each a number of days ({@code 15}) or a number with a unit s, m, h or d
     * ({@code 30s}); the worker checks the rest (positive, ascending) and refuses to start otherwise.
     */
    private static Optional<String> dunningSchedule(String value) {
        if (blankToNull(value) == null) {
            return Optional.empty();
        }
        String schedule = value.strip().replace(" ", "");
        if (!schedule.matches("[0-9]{1,6}[smhdSMHD]?(,[0-9]{1,6}[smhdSMHD]?)*")) {
            throw new StackException(DUNNING_SCHEDULE + "=" + value + " is not a list of offsets like 1,15,30 (days)"
                    + " or 20s,40s,60s");
        }
        return Optional.of(schedule);
    }

    private static Optional<String> logFormat(String value) {
        if (blankToNull(value) == null) {
            return Optional.empty();
        }
        String format = value.strip().toLowerCase(java.util.Locale.ROOT);
        if (!format.equals("text") && !format.equals("json")) {
            throw new StackException(LOG_FORMAT + "=" + value + " is neither text nor json");
        }
        return Optional.of(format);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
