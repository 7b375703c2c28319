package dev.o2c.workflows.saga;

import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Just enough JSON writing for exception payloads (the workflows module has no JSON library, and must not need
 * one: payloads are small, flat documents).
 */
public final class Json {

    private Json() {}

    /** A JSON string literal, or {@code null}. */
    public static String string(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** An object of string members, in the map's order; null values are written as JSON null. */
    public static String object(Map<String, String> members) {
        StringJoiner out = new StringJoiner(",", "{", "}");
        members.forEach((key, value) -> out.add(string(key) + ":" + string(value)));
        return out.toString();
    }

    /** An array of already-encoded JSON values. */
    public static String array(List<String> encodedElements) {
        StringJoiner out = new StringJoiner(",", "[", "]");
        encodedElements.forEach(out::add);
        return out.toString();
    }
}
