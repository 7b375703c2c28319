package dev.o2c.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A local stack of its own, next to anything else on this machine: free ports, its own state directory, the Java
 * test server and no outside targets. Used by the end-to-end tests' stacks and by {@code ./o2c soak}, which add their
 * own settings to {@link #environment}.
 */
public final class IsolatedStack {

    /** How many free ports a stack needs: {@link #environment} takes them in this order. */
    public static final int PORTS = 7;

    private IsolatedStack() {
    }

    /** Ports nothing listens on right now, all different. */
    public static List<Integer> freePorts(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0)); // held open together, so the ports differ
            }
            return sockets.stream().map(ServerSocket::getLocalPort).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing a listening socket does not fail in a way that matters here
                }
            }
        }
    }

    /**
     * This process's environment without outside targets, with {@code stateDir} and the ports, in order: PostgreSQL,
     * Temporal, sandbox, worker, starter, the starter's management port, the identity provider.
     */
    public static Map<String, String> environment(Path stateDir, List<Integer> ports) {
        Map<String, String> env = new HashMap<>(System.getenv());
        for (String outside : List.of("TEMPORAL_ADDRESS", "SANDBOX_DB_URL", "O2C_DB_URL", "O2C_INBOUND_DB_URL",
                "O2C_JAVA_OPTS")) {
            env.remove(outside);
        }
        env.put("O2C_STATE_DIR", stateDir.toString());
        env.put("O2C_TEMPORAL_SERVER", "java");
        env.put("O2C_PG_PORT", ports.get(0).toString());
        env.put("TEMPORAL_PORT", ports.get(1).toString());
        env.put("SANDBOX_PORT", ports.get(2).toString());
        env.put("WORKER_PORT", ports.get(3).toString());
        env.put("STARTER_PORT", ports.get(4).toString());
        env.put(StackConfig.STARTER_MANAGEMENT_PORT, ports.get(5).toString());
        env.put(StackConfig.IDP_PORT, ports.get(6).toString());
        env.put("NO_COLOR", "1");
        return env;
    }
}
