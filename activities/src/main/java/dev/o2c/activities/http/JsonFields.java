package dev.o2c.activities.http;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/** Lenient reads from a system's JSON: absent, null or oddly typed fields become {@code null}, never an exception. */
public final class JsonFields {

    private JsonFields() {}

    /** The field as text; numbers in plain notation ({@code 1500.00}, never {@code 1.5E+3}); null when absent. */
    public static String text(JsonNode node, String field) {
        if (node == null) {
            return null;
        }
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || value.isMissingNode() || value.isContainer()) {
            return null;
        }
        if (value.isNumber()) {
            return value.decimalValue().toPlainString();
        }
        return value.asString();
    }

    /** The field as an object node, null when absent or not an object. */
    public static JsonNode object(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isObject() ? value : null;
    }

    /** The array field mapped element by element; null when absent or not an array (kept for validation to report). */
    public static <T> List<T> list(JsonNode node, String field, Function<JsonNode, T> mapper) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || !value.isArray()) {
            return null;
        }
        List<T> items = new ArrayList<>(value.size());
        for (JsonNode element : value) {
            items.add(element == null || element.isNull() ? null : mapper.apply(element));
        }
        return items;
    }
}
