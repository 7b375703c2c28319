package dev.o2c.sandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for the starter's webhook endpoint: records every delivery, and answers 500 for bodies containing a
 * registered marker (such as an opportunity id) as many times as asked.
 */
public final class WebhookReceiver {

    public record Delivery(String path, Map<String, String> headers, String body) {

        public String header(String name) {
            return headers.get(name.toLowerCase());
        }
    }

    private final HttpServer server;
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();

    private WebhookReceiver(HttpServer server) {
        this.server = server;
    }

    static WebhookReceiver start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            WebhookReceiver receiver = new WebhookReceiver(server);
            server.createContext("/api/v1/webhooks", receiver::handle);
            server.setExecutor(Executors.newFixedThreadPool(2));
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1/webhooks";
    }

    /** The next {@code times} deliveries whose body contains {@code marker} answer 500. */
    public void failFor(String marker, int times) {
        failures.put(marker, new AtomicInteger(times));
    }

    public void stopFailing(String marker) {
        failures.remove(marker);
    }

    public List<Delivery> deliveriesContaining(String marker) {
        return deliveries.stream().filter(d -> d.body().contains(marker)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> headers = new ConcurrentHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.getFirst()));
        deliveries.add(new Delivery(exchange.getRequestURI().getPath(), headers, body));
        boolean fail = failures.entrySet().stream()
                .anyMatch(f -> body.contains(f.getKey()) && f.getValue().getAndUpdate(n -> Math.max(0, n - 1)) > 0);
        byte[] answer = (fail ? "{\"error\":\"receiver down\"}" : "{\"accepted\":true}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(fail ? 500 : 200, answer.length);
        exchange.getResponseBody().write(answer);
        exchange.close();
    }
}
