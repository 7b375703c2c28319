package dev.o2c.devstack;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Makes sure every port the stack will bind is free before anything starts. */
public final class PortCheck {

    /**
     * A port one part of the stack will listen on.
     *
     * @param port   the port
     * @param owner  the part that wants it ({@code starter}, {@code embedded PostgreSQL}…)
     * @param envVar the environment variable that moves it
     */
    public record Claim(int port, String owner, String envVar) {
    }

    private PortCheck() {
    }

    /**
     * @throws StackException naming every port that is taken, who wants it, who holds it (when that can be
     *                        found out) and how to move it; or two parts configured on the same port
     */
    public static void requireFree(List<Claim> claims) {
        List<String> problems = new ArrayList<>();
        Map<Integer, Claim> seen = new HashMap<>();
        for (Claim claim : claims) {
            Claim earlier = seen.putIfAbsent(claim.port(), claim);
            if (earlier != null) {
                problems.add("port " + claim.port() + " is configured for both " + earlier.owner() + " ("
                        + earlier.envVar() + ") and " + claim.owner() + " (" + claim.envVar() + ")");
            } else if (!isFree(claim.port())) {
                String holder = PortOwner.describe(claim.port()).map(h -> ", held by " + h).orElse("");
                problems.add("port " + claim.port() + " is already in use" + holder + "; " + claim.owner()
                        + " needs it. Stop that process or set " + claim.envVar() + " to a free port.");
            }
        }
        if (!problems.isEmpty()) {
            throw new StackException("cannot start the local stack:\n  " + String.join("\n  ", problems));
        }
    }

    /** True when nothing listens on {@code port} (on any local address). */
    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true); // a port in TIME_WAIT is free for our purposes
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
