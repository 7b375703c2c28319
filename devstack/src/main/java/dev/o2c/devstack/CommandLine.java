package dev.o2c.devstack;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code java -jar devstack.jar [--root <dir>] [--dunning-schedule <offsets>] [--log-format text|json]
 * [--help]}: parses the flags, runs the
 * stack in the foreground.
 */
final class CommandLine {

    private CommandLine() {
    }

    /** Returns the exit code: 0 for help, 2 for bad usage, 1 when the stack failed or a part of it died. */
    static int run(String[] args) {
        Path root = Path.of("");
        Map<String, String> env = new HashMap<>(System.getenv());
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "-h", "--help", "help" -> {
                    System.out.println(usage());
                    return 0;
                }
                case "--root" -> {
                    if (i + 1 >= args.length) {
                        System.err.println("o2c: --root needs a directory\n\n" + usage());
                        return 2;
                    }
                    root = Path.of(args[++i]);
                }
                case "--dunning-schedule" -> {
                    if (i + 1 >= args.length) {
                        System.err.println("o2c: --dunning-schedule needs offsets like 20s,40s,60s\n\n" + usage());
                        return 2;
                    }
                    env.put(StackConfig.DUNNING_SCHEDULE, args[++i]);
                }
                case "--log-format" -> {
                    if (i + 1 >= args.length) {
                        System.err.println("o2c: --log-format needs text or json\n\n" + usage());
                        return 2;
                    }
                    env.put(StackConfig.LOG_FORMAT, args[++i]);
                }
                default -> {
                    if (args[i].startsWith("--root=")) {
                        root = Path.of(args[i].substring("--root=".length()));
                    } else if (args[i].startsWith("--dunning-schedule=")) {
                        env.put(StackConfig.DUNNING_SCHEDULE, args[i].substring("--dunning-schedule=".length()));
                    } else if (args[i].startsWith("--log-format=")) {
                        env.put(StackConfig.LOG_FORMAT, args[i].substring("--log-format=".length()));
                    } else {
                        System.err.println("o2c: unknown argument '" + args[i] + "'\n\n" + usage());
                        return 2;
                    }
                }
            }
        }
        StackConfig config;
        try {
            config = StackConfig.fromEnvironment(root, env);
        } catch (StackException e) {
            System.err.println("o2c: " + e.getMessage());
            return 2;
        }
        Console console = Console.stdout(config.color());
        LocalStack stack = new LocalStack(config, env, console);
        AtomicBoolean interrupted = new AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            interrupted.set(true);
            stack.close();
        }, "o2c-shutdown"));
        try {
            StackInfo info = stack.start();
            console.raw(info.table());
        } catch (StackException e) {
            if (!interrupted.get()) { // after Ctrl-C, a failed start is no news
                console.error(e.getMessage());
            }
            stack.close();
            return 1;
        }
        stack.awaitFailure();
        stack.close();
        return 1;
    }

    static String usage() {
        return """
                Usage: java -jar devstack/target/devstack.jar [--root <repo>]   (or: ./o2c up)

                Starts embedded PostgreSQL, a Temporal server, then sandbox, identity, worker and starter as separate
                processes; prints their URLs when all are ready. Ctrl-C stops everything. An app or the Temporal
                server that dies on its own is restarted (not after 3 quick deaths in a row); if the launcher
                itself is killed, its children stop too.

                  --root <dir>   the repository (default: the current directory); the apps run from
                                 <dir>/<app>/target/<app>-exec.jar and state goes to <dir>/.o2c
                  --dunning-schedule <offsets>
                                 the worker's invoice-to-cash dunning offsets after the due date, e.g.
                                 20s,40s,60s for ./o2c demo dunning (default 1,15,30 days); same as
                                 O2C_DUNNING_SCHEDULE
                  --log-format text|json
                                 the apps' console lines: text (default) or JSON (ECS, with workflowId,
                                 runId, step, correlationId as fields); same as O2C_LOG_FORMAT
                  --help         this text

                Environment:
                  O2C_PG_PORT (5432) TEMPORAL_PORT (7233) TEMPORAL_UI_PORT (8233)
                  SANDBOX_PORT (8090) WORKER_PORT (8082) STARTER_PORT (8081)
                  STARTER_MANAGEMENT_PORT (8083)   the starter's actuator (health stays on 8081)
                  O2C_IDP_PORT (9000)              the local identity provider (issuer http://localhost:<port>)
                  SANDBOX_DB_URL/_USER/_PASSWORD   use an existing database for the sandbox
                  O2C_DB_URL/_USER/_PASSWORD       use an existing database for the ledger
                                                   (both set: no embedded PostgreSQL)
                  TEMPORAL_ADDRESS                 use an existing Temporal (host:port)
                  O2C_TEMPORAL_SERVER              auto (default: the temporal CLI when on PATH), cli, java
                  TEMPORAL_NAMESPACE (default)     O2C_WEBHOOK_SECRET (o2c-dev-webhook-secret)
                  O2C_JAVA_OPTS                    JVM options of the apps
                                                   (default: %s)
                  O2C_STATE_DIR (<root>/.o2c)      O2C_READY_TIMEOUT_SECONDS (120)   NO_COLOR
                  O2C_RESTART (unless-stopped)     no: a child dying on its own stops the whole stack
                  O2C_TEMPORAL_HEAP (%s)           heap of the Java test server (all histories live in it)
                  O2C_STICKY_EXECUTION             worker sticky execution; the stack sets false on the
                                                   Java test server unless set
                  O2C_DUNNING_SCHEDULE             the worker's dunning offsets (1,15,30 days; 20s,40s,60s)
                  O2C_LOG_FORMAT (text)            json: the apps log ECS JSON lines
                """.formatted(String.join(" ", StackConfig.DEFAULT_APP_JVM_OPTIONS), StackConfig.DEFAULT_TEMPORAL_HEAP).stripTrailing();
    }

}
