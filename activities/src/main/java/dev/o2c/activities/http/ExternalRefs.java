package dev.o2c.activities.http;

import dev.o2c.workflows.saga.IdempotencyKeys;
import dev.o2c.workflows.systems.Ack;
import dev.o2c.workflows.systems.Created;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Lookups and compensations by external ref (o2c's key for the objects it creates: the opportunity id). A
 * compensation finds the object by its ref rather than by an id the workflow may never have received (the create may
 * have timed out yet succeeded), and does nothing when there is none or it is already undone.
 *
 * <p>Creates go through {@link #findOrCreate}: in an operator RETRY round the earlier round's create may have
 * committed without its answer reaching the workflow, so the object is looked up by its ref before creating.
 */
public final class ExternalRefs {

    private static final Logger log = LoggerFactory.getLogger(ExternalRefs.class);

    private ExternalRefs() {}

    /**
     * A compensation: {@link #undo} every object with this external ref, logging when there was nothing left to undo
     * (the create never happened, or an earlier attempt already undid it). Answers the activity attempt.
     */
    public static Ack compensate(SystemClient client, String collection, String externalRef, Set<String> undone,
            String action, String idempotencyKey) {
        if (undo(client, collection, externalRef, undone, action, idempotencyKey) == 0) {
            log.info("{}: nothing with external ref {} left to {} in {}", client.system(), externalRef, action,
                    collection);
        }
        return new Ack(CallContext.current().attempt());
    }

    /**
     * {@code POST <collection>} of a new object whose external ref is {@code externalRef}, under the workflow's key.
     * In an operator RETRY round ({@link IdempotencyKeys#isRetryRound}: the key is new, so the system cannot replay
     * the lost answer of an earlier round) it first looks the object up by its ref and answers the live one (not in
     * an {@code undone} status) instead of creating a second one; an undone object (compensated by an earlier
     * incarnation) does not count. The first round creates directly: Temporal's own retries reuse its key, and the
     * system replays its first answer.
     */
    public static Created findOrCreate(SystemClient client, String collection, Object body, String idempotencyKey,
            String externalRef, Set<String> undone) {
        if (IdempotencyKeys.isRetryRound(idempotencyKey)) {
            for (JsonNode item : find(client, collection, externalRef)) {
                String id = JsonFields.text(item, "id");
                if (id != null && !undone.contains(JsonFields.text(item, "status"))) {
                    log.info("{}: retry round {} finds {} {} with external ref {} (created by an earlier round); "
                            + "not creating another", client.system(), idempotencyKey, collection, id, externalRef);
                    return new Created(id, CallContext.current().attempt());
                }
            }
        }
        return client.create(collection, body, idempotencyKey, externalRef);
    }

    /**
     * {@code GET <collection>?externalRef=<ref>}, filtered again on our side so a system that ignores the filter
     * cannot make us touch someone else's object.
     */
    public static List<JsonNode> find(SystemClient client, String collection, String externalRef) {
        JsonNode list = client.send(Call.get(collection + "?externalRef={ref}", externalRef).objectRef(externalRef))
                .body();
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode item : list) {
            if (externalRef.equals(JsonFields.text(item, "externalRef"))) {
                found.add(item);
            }
        }
        return found;
    }

    /**
     * Undoes every object with this external ref that is not yet in one of the {@code undone} statuses, by
     * {@code POST <collection>/{id}/<action>}. The first object gets the workflow's idempotency key as is; any further
     * one (there should be none) gets the key suffixed with its id, so each request has its own key.
     *
     * @return how many objects were undone by this call (0 when nothing was left to undo)
     */
    public static int undo(SystemClient client, String collection, String externalRef, Set<String> undone,
            String action, String idempotencyKey) {
        int count = 0;
        for (JsonNode item : find(client, collection, externalRef)) {
            String id = JsonFields.text(item, "id");
            if (id == null || undone.contains(JsonFields.text(item, "status"))) {
                continue;
            }
            String key = count == 0 ? idempotencyKey : idempotencyKey + "#" + id;
            client.send(Call.post(collection + "/{id}/" + action, id).idempotencyKey(key).objectRef(id));
            count++;
        }
        return count;
    }
}
