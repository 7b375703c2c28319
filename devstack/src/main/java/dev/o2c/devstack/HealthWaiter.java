package dev.o2c.devstack;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

/**
 * Waits until a child is ready (its readiness endpoint answers 200, or its port accepts connections), and
 * gives up early when the child exits first.
 */
public final class HealthWaiter {

    private static final Duration POLL = Duration.ofMillis(250);

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(1))
            .build();

    /** Waits for {@code GET url} to answer 200. */
    public void awaitHttp(ManagedProcess process, URI url, Duration timeout) {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(2)).GET().build();
        await(process, url.toString(), timeout, () -> {
            try {
                return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
    }

    /** Waits for {@code host:port} to accept a TCP connection. {@code process} may be null (not ours). */
    public void awaitTcp(ManagedProcess process, String host, int port, Duration timeout) {
        await(process, host + ":" + port, timeout, () -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, port), 1000);
                return true;
            } catch (IOException e) {
                return false;
            }
        });
    }

    private interface Probe {
        boolean ready() throws InterruptedException;
    }

    private static void await(ManagedProcess process, String what, Duration timeout, Probe probe) {
        Instant deadline = Instant.now().plus(timeout);
        String name = process == null ? what : process.name();
        try {
            while (true) {
                if (process != null && !process.isAlive()) {
                    throw new StackException(process.name() + " " + process.status() + " before it was ready.\n"
                            + process.tailReport(40));
                }
                if (probe.ready()) {
                    return;
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new StackException(name + " was not ready after " + timeout.toSeconds() + " s (waited for "
                            + what + ")." + (process == null ? "" : "\n" + process.tailReport(40)));
                }
                Thread.sleep(POLL);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted while waiting for " + name);
        }
    }
}
