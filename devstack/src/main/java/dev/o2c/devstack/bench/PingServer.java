package dev.o2c.devstack.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The floor's "system": a JDK HTTP server on a free loopback port that answers every request 200 with a small JSON
 * body, at once. Counts the requests, so a test can tell that the floor's activities really called it.
 */
public final class PingServer implements AutoCloseable {

    private static final byte[] ANSWER = "{\"id\":\"floor\",\"attempt\":1}".getBytes(StandardCharsets.UTF_8);

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicLong requests = new AtomicLong();

    private PingServer(HttpServer server) {
        this.server = server;
    }

    public static PingServer start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            PingServer ping = new PingServer(server);
            server.setExecutor(ping.executor);
            server.createContext("/", exchange -> {
                try (exchange; InputStream body = exchange.getRequestBody()) {
                    body.readAllBytes();
                    ping.requests.incrementAndGet();
                    exchange.getResponseHeaders().set("Content-Type", "application/json");
                    exchange.sendResponseHeaders(200, ANSWER.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(ANSWER);
                    }
                }
            });
            server.start();
            return ping;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the floor's HTTP endpoint", e);
        }
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public long requests() {
        return requests.get();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.close();
    }
}
