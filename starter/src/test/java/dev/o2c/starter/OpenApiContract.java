package dev.o2c.starter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The API contract: the OpenAPI document the starter serves, checked in as {@code docs/openapi.json} (keys sorted,
 * pretty-printed, so a change reads as a diff). A served document that differs from the checked-in one fails the
 * build; regenerating it ({@code -Do2c.updateOpenApi=true}) is refused while the contract changed and
 * {@code info.version} did not.
 */
public final class OpenApiContract {

    /** Where the contract is checked in, from the starter module's folder (Maven's working directory). */
    public static final Path CHECKED_IN = Path.of("..", "docs", "openapi.json");
    static final String UPDATE = "o2c.updateOpenApi";

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private OpenApiContract() {}

    /** The document as checked in: keys sorted, two-space indents, a final newline. */
    static String normalized(String document) {
        Object tree = sorted(JSON.readValue(document, Object.class));
        return JSON.writeValueAsString(tree) + "\n";
    }

    static String version(String normalized) {
        return JSON.readTree(normalized).path("info").path("version").asString();
    }

    /** The document without {@code info.version}: what the contract is. */
    static String withoutVersion(String normalized) {
        JsonNode tree = JSON.readTree(normalized);
        if (tree.path("info").isObject()) {
            ((tools.jackson.databind.node.ObjectNode) tree.path("info")).remove("version");
        }
        return JSON.writeValueAsString(tree);
    }

    static String checkedIn() {
        try {
            return Files.exists(CHECKED_IN) ? Files.readString(CHECKED_IN, StandardCharsets.UTF_8) : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(String normalized) {
        try {
            Files.writeString(CHECKED_IN, normalized, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Operations ({@code METHOD path}) that document no 4xx answer, or an error answer that is not problem+json. */
    static List<String> undocumentedErrors(String normalized) {
        List<String> missing = new ArrayList<>();
        JSON.readTree(normalized).path("paths").properties().forEach(path -> path.getValue().properties()
                .forEach(operation -> {
                    String name = operation.getKey().toUpperCase(java.util.Locale.ROOT) + " " + path.getKey();
                    JsonNode responses = operation.getValue().path("responses");
                    boolean anyClientError = false;
                    for (Map.Entry<String, JsonNode> response : responses.properties()) {
                        if (response.getKey().startsWith("4") || response.getKey().startsWith("5")) {
                            anyClientError |= response.getKey().startsWith("4");
                            if (response.getValue().path("content").path("application/problem+json").isMissingNode()) {
                                missing.add(name + " " + response.getKey() + " is not application/problem+json");
                            }
                        }
                    }
                    if (!anyClientError) {
                        missing.add(name + " documents no 4xx answer");
                    }
                }));
        return missing;
    }

    @SuppressWarnings("unchecked")
    private static Object sorted(Object node) {
        if (node instanceof Map<?, ?> map) {
            Map<String, Object> copy = new TreeMap<>();
            map.forEach((k, v) -> copy.put((String) k, sorted(v)));
            return copy;
        }
        if (node instanceof List<?> list) {
            return list.stream().map(OpenApiContract::sorted).toList();
        }
        return node;
    }
}
