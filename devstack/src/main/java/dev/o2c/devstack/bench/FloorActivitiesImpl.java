package dev.o2c.devstack.bench;

import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** POSTs to the {@link PingServer}, as o2c's connectors POST to the sandbox: one JDK HTTP client, JSON both ways. */
public final class FloorActivitiesImpl implements FloorActivities {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI endpoint;

    public FloorActivitiesImpl(URI endpoint) {
        this.endpoint = endpoint;
    }

    @Override
    public String call(String step, String key) {
        HttpRequest request = HttpRequest.newBuilder(endpoint.resolve("/floor/" + step))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString("{\"step\":\"" + step + "\",\"key\":\"" + key + "\"}"))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw ApplicationFailure.newFailure("HTTP " + response.statusCode(), "Unavailable");
            }
            return response.body();
        } catch (IOException e) {
            throw ApplicationFailure.newFailure(e.toString(), "Unavailable");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApplicationFailure.newFailure("interrupted", "Unavailable");
        }
    }
}
