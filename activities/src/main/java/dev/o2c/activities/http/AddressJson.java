package dev.o2c.activities.http;

import dev.o2c.workflows.model.Address;
import tools.jackson.databind.JsonNode;

/** A system's {@code billingAddress} object as o2c's {@link Address}. */
public final class AddressJson {

    private AddressJson() {}

    /**
     * @return the address, null when {@code node} has none
     * @throws IllegalArgumentException when it is incomplete or its country unknown ({@link Address}'s invariants)
     */
    public static Address of(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        return new Address(JsonFields.text(node, "line1"), JsonFields.text(node, "line2"),
                JsonFields.text(node, "city"), JsonFields.text(node, "postalCode"), JsonFields.text(node, "region"),
                JsonFields.text(node, "country"));
    }
}
