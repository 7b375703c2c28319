package dev.o2c.activities.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * The ids a process created, as the ledger stores them: {@code created_ids} (jsonb, for queries; jsonb keeps its keys
 * in its own order) and {@code created_ids_order} (text[], the keys in the order the workflow added them). Writing
 * through here keeps the workflow's insertion order; readers (ledger-query) order the jsonb's entries by
 * {@code array_position(created_ids_order, key)}.
 */
final class CreatedIds {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private CreatedIds() {}

    /** The map as a JSON object, in iteration order. */
    static String json(Map<String, String> createdIds) {
        return JSON.writeValueAsString(createdIds == null ? Map.of() : createdIds);
    }

    /** The keys as a JSON array, in iteration order. */
    static String orderJson(Map<String, String> createdIds) {
        return JSON.writeValueAsString(createdIds == null ? List.of() : new ArrayList<>(createdIds.keySet()));
    }
}
