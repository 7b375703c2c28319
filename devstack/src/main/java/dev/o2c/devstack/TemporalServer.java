package dev.o2c.devstack;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The Temporal frontend the apps talk to: an existing one ({@code TEMPORAL_ADDRESS}), the {@code temporal}
 * CLI's dev server (SQLite file in the state directory, with the Temporal UI), or the Java test server (in
 * memory, no UI), each of the last two as a child process.
 */
public final class TemporalServer implements AutoCloseable {

    /** Where Temporal comes from. */
    public enum Kind {
        EXTERNAL("existing server (TEMPORAL_ADDRESS)"),
        CLI_DEV_SERVER("temporal CLI dev server"),
        JAVA_TEST_SERVER("Java test server");

        private final String description;

        Kind(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    static final String NAME = "temporal";
    private static final String TEST_SERVER_MAIN = "io.temporal.testserver.TestServer";

    /** JVM options of the Java test server; its heap holds every workflow history (see O2C_TEMPORAL_HEAP). */
    static List<String> testServerJvmOptions(String heap, List<String> extra) {
        return Stream.of(Stream.of("-XX:+UseSerialGC", "-Xms32m", "-Xmx" + heap, "-Xss512k"),
                JavaCommand.quietOptions().stream(), extra.stream()).flatMap(s -> s).toList();
    }

    private final Kind kind;
    private final String address;
    private final Optional<String> uiUrl;
    private final ManagedProcess process;

    private TemporalServer(Kind kind, String address, Optional<String> uiUrl, ManagedProcess process) {
        this.kind = kind;
        this.address = address;
        this.uiUrl = uiUrl;
        this.process = process;
    }

    /** What {@link #start} will do with this configuration and {@code PATH}. */
    public static Kind plan(StackConfig config, Map<String, String> env) {
        if (config.temporalAddress().isPresent()) {
            return Kind.EXTERNAL;
        }
        return switch (config.temporalMode()) {
            case CLI -> {
                if (findCli(env).isEmpty()) {
                    throw new StackException("O2C_TEMPORAL_SERVER=cli but there is no 'temporal' on PATH");
                }
                yield Kind.CLI_DEV_SERVER;
            }
            case JAVA -> Kind.JAVA_TEST_SERVER;
            case AUTO -> findCli(env).isPresent() ? Kind.CLI_DEV_SERVER : Kind.JAVA_TEST_SERVER;
        };
    }

    /** Starts (or reaches) Temporal and returns once its gRPC port accepts connections. */
    public static TemporalServer start(StackConfig config, Map<String, String> env, Console console,
                                       HealthWaiter waiter) {
        return start(config, env, console, waiter, List.of(), false);
    }

    /**
     * As {@link #start(StackConfig, Map, Console, HealthWaiter)}, with {@code extraJvmOptions} for the Java test
     * server (the launcher's watchdog agent) and appending to its log when {@code appendLog} (a restart).
     */
    public static TemporalServer start(StackConfig config, Map<String, String> env, Console console,
                                       HealthWaiter waiter, List<String> extraJvmOptions, boolean appendLog) {
        Kind kind = plan(config, env);
        if (kind == Kind.EXTERNAL) {
            String address = config.temporalAddress().orElseThrow();
            int colon = address.lastIndexOf(':');
            if (colon < 0) {
                throw new StackException("TEMPORAL_ADDRESS=" + address + " is not host:port");
            }
            try {
                waiter.awaitTcp(null, address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)),
                        Duration.ofSeconds(10));
            } catch (NumberFormatException e) {
                throw new StackException("TEMPORAL_ADDRESS=" + address + " is not host:port");
            } catch (StackException e) {
                throw new StackException("Temporal at TEMPORAL_ADDRESS=" + address + " is not reachable");
            }
            return new TemporalServer(kind, address, Optional.empty(), null);
        }
        List<String> command = kind == Kind.CLI_DEV_SERVER
                ? cliCommand(config, findCli(env).orElseThrow())
                : JavaCommand.mainClass(TEST_SERVER_MAIN, testServerJvmOptions(config.temporalHeap(), extraJvmOptions),
                        List.of(Integer.toString(config.temporalPort())));
        ManagedProcess process = ManagedProcess.start(NAME, command, Map.of(), config.stateDir(),
                config.logsDir().resolve(NAME + ".log"), console, appendLog);
        TemporalServer server = new TemporalServer(kind, "127.0.0.1:" + config.temporalPort(),
                kind == Kind.CLI_DEV_SERVER
                        ? Optional.of("http://127.0.0.1:" + config.temporalUiPort())
                        : Optional.empty(),
                process);
        try {
            waiter.awaitTcp(process, "127.0.0.1", config.temporalPort(), config.readyTimeout());
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    public Kind kind() {
        return kind;
    }

    /** {@code host:port} of the gRPC frontend. */
    public String address() {
        return address;
    }

    /** The Temporal UI, only with the CLI dev server. */
    public Optional<String> uiUrl() {
        return uiUrl;
    }

    /** The child process, unless Temporal is external. */
    public Optional<ManagedProcess> process() {
        return Optional.ofNullable(process);
    }

    @Override
    public void close() {
        if (process != null) {
            process.stop(Duration.ofSeconds(10));
        }
    }

    private static List<String> cliCommand(StackConfig config, Path cli) {
        List<String> command = new ArrayList<>(List.of(cli.toString(), "server", "start-dev",
                "--ip", "127.0.0.1",
                "--port", Integer.toString(config.temporalPort()),
                "--ui-port", Integer.toString(config.temporalUiPort()),
                "--db-filename", config.stateDir().resolve("temporal.db").toString(),
                // the UI decrypts payloads through the starter's codec endpoint (which allows the UI's origin)
                "--ui-codec-endpoint", "http://127.0.0.1:" + config.starterPort() + "/api/v1/codec"));
        if (!"default".equals(config.temporalNamespace())) {
            command.add("--namespace");
            command.add(config.temporalNamespace());
        }
        return command;
    }

    static Optional<Path> findCli(Map<String, String> env) {
        String path = env.getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isBlank()) {
                continue;
            }
            Path candidate = Path.of(dir, "temporal");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
