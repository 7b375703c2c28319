package dev.o2c.devstack.soak;

import com.fasterxml.jackson.databind.JsonNode;
import dev.o2c.devstack.client.O2cClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every process's status as o2c's ledger projection lists it ({@code GET /api/v1/processes}, all pages), read again
 * every two seconds by one thread. The deals wait on this board instead of each asking its own workflow: a state
 * query is a workflow task (a replay of the whole history, without sticky execution), and a thousand deals asking
 * every second would load the worker more than the soak's real work.
 */
final class ProcessBoard implements Runnable {

    private final O2cClient o2c;
    private final String starter;
    private final Map<String, JsonNode> processes = new ConcurrentHashMap<>();
    private volatile boolean stopped;

    ProcessBoard(O2cClient o2c, String starterUrl) {
        this.o2c = o2c;
        this.starter = starterUrl;
    }

    @Override
    public void run() {
        while (!stopped) {
            try {
                refresh();
            } catch (RuntimeException e) {
                // the starter did not answer this time: next round
            }
            O2cClient.sleep(2000);
        }
    }

    void refresh() {
        String cursor = null;
        do {
            String url = starter + "/api/v1/processes?limit=200" + (cursor == null ? ""
                    : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
            JsonNode page = o2c.get(url).expect(200).body();
            for (JsonNode process : page.path("items")) {
                processes.put(process.path("workflowId").asText(), process);
            }
            cursor = page.path("nextCursor").isTextual() ? page.path("nextCursor").asText() : null;
        } while (cursor != null);
    }

    /** The process's ledger summary ({@code status}, {@code createdIds}, ...), or null while it is not listed. */
    JsonNode get(String workflowId) {
        return processes.get(workflowId);
    }

    String status(String workflowId) {
        JsonNode process = processes.get(workflowId);
        return process == null ? null : process.path("status").asText();
    }

    /** Every process listed at the last reading. */
    java.util.Collection<JsonNode> all() {
        return processes.values();
    }

    void stop() {
        stopped = true;
    }
}
