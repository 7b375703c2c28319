package dev.o2c.activities.http;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

/** A system's answer to a {@link Call}: status and JSON body ({@link MissingNode} when empty). */
public final class Reply {

    private final int status;
    private final JsonNode body;

    Reply(int status, JsonNode body) {
        this.status = status;
        this.body = body == null ? MissingNode.getInstance() : body;
    }

    public int status() {
        return status;
    }

    public JsonNode body() {
        return body;
    }

    /** The text of a top-level field (numbers in plain notation), null when absent or null. */
    public String text(String field) {
        return JsonFields.text(body, field);
    }
}
