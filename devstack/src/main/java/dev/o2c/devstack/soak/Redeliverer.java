package dev.o2c.devstack.soak;

import com.fasterxml.jackson.databind.JsonNode;
import dev.o2c.devstack.client.O2cClient;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Has every webhook the sandbox delivered delivered twice more (three deliveries in all, same event id and body, as
 * a sender retrying after a lost answer would): whenever an event shows as delivered and has had fewer than two
 * redeliveries, it is queued again ({@code POST /sandbox/v1/events/{id}/redeliver}). A redelivery waits for the
 * previous delivery, so the starter sees three separate deliveries, not one.
 */
final class Redeliverer {

    static final int EXTRA_DELIVERIES = 2;

    private final O2cClient o2c;
    private final String sandbox;
    private final Map<String, Integer> redelivered = new ConcurrentHashMap<>();

    Redeliverer(O2cClient o2c, String sandboxUrl) {
        this.o2c = o2c;
        this.sandbox = sandboxUrl;
    }

    /** One pass over the delivered events; answers how many still lack a redelivery (0: all were delivered 3 times). */
    int pass() {
        JsonNode delivered;
        JsonNode pending;
        try {
            delivered = o2c.get(sandbox + "/sandbox/v1/events?status=delivered").expect(200).body();
            pending = o2c.get(sandbox + "/sandbox/v1/events?status=pending").expect(200).body();
        } catch (UncheckedIOException e) {
            return Integer.MAX_VALUE;
        }
        int missing = pending.size();
        for (JsonNode event : delivered) {
            String id = event.path("id").asText();
            int done = redelivered.getOrDefault(id, 0);
            if (done < EXTRA_DELIVERIES) {
                try {
                    o2c.redeliver(id);
                    redelivered.put(id, done + 1);
                } catch (RuntimeException e) {
                    // next pass
                }
                missing++;
            }
        }
        return missing;
    }

    /** How many events were seen delivered (and then queued again, up to twice each). */
    int events() {
        return redelivered.size();
    }

    /** How many redeliveries were queued in all (two per event once the soak is done). */
    int redeliveries() {
        return redelivered.values().stream().mapToInt(Integer::intValue).sum();
    }
}
