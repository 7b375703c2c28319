package dev.o2c.activities.ledger;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The ids a process created, as the ledger stores them: {@code created_ids} (jsonb, for queries; jsonb keeps its keys
 * in its own order) and {@code created_ids_order} (text[], the keys in the order the workflow added them). Writing
 * and reading through here keeps a {@link LinkedHashMap} round trip in insertion order.
 */
public final class CreatedIds {

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

    /**
     * Rebuilds the map from the two columns: the keys of {@code order} first, in that order, then any key of the
     * object that {@code order} does not name (rows written before the order was kept), in the object's order.
     *
     * @param json {@code created_ids} as text
     * @param order {@code created_ids_order}, may be null or empty
     */
    public static Map<String, String> read(String json, String[] order) {
        Map<String, String> ids = new LinkedHashMap<>();
        if (json == null || json.isBlank()) {
            return ids;
        }
        JsonNode object = JSON.readTree(json);
        if (order != null) {
            for (String key : order) {
                JsonNode value = object.get(key);
                if (value != null && !value.isNull()) {
                    ids.put(key, value.asString());
                }
            }
        }
        object.properties().forEach(entry -> {
            if (!entry.getValue().isNull()) {
                ids.putIfAbsent(entry.getKey(), entry.getValue().asString());
            }
        });
        return ids;
    }
}
