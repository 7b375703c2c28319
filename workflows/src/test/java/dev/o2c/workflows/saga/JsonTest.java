package dev.o2c.workflows.saga;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void escapesStrings() {
        assertThat(Json.string("a \"b\" \\ c\nd\te\u0001")).isEqualTo("\"a \\\"b\\\" \\\\ c\\nd\\te\\u0001\"");
        assertThat(Json.string(null)).isEqualTo("null");
    }

    @Test
    void writesObjectsInOrderAndArrays() {
        Map<String, String> members = new LinkedHashMap<>();
        members.put("field", "customer.taxId");
        members.put("problem", null);

        assertThat(Json.array(List.of(Json.object(members), Json.object(Map.of()))))
                .isEqualTo("[{\"field\":\"customer.taxId\",\"problem\":null},{}]");
    }
}
