package dev.o2c.activities.http;

import dev.o2c.workflows.common.FailureTypes;
import dev.o2c.workflows.model.Money;
import io.temporal.failure.ApplicationFailure;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bodies of the term changes an amendment propagates ({@code PATCH} of projects and billing plans) and the money in
 * them: only the fields given are sent (a {@code null} term is left out, so the system keeps its value); amounts go
 * as decimal strings in plain notation, in the object's own currency, which the object must have.
 */
public final class Terms {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Terms() {}

    /** The non-null values of {@code nameValuePairs} ({@code name1, value1, name2, value2, ...}), in order. */
    public static Map<String, Object> present(Object... nameValuePairs) {
        if (nameValuePairs.length % 2 != 0) {
            throw new IllegalArgumentException("name/value pairs expected");
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < nameValuePairs.length; i += 2) {
            Object value = nameValuePairs[i + 1];
            if (value != null) {
                fields.put((String) nameValuePairs[i], value instanceof LocalDate date ? date.toString() : value);
            }
        }
        return fields;
    }

    /** The amount as a plain decimal string ({@code "1500.00"}), null for null. */
    public static String amount(Money money) {
        return money == null ? null : money.amount().toPlainString();
    }

    /** The decimal as a plain string, null for null. */
    public static String decimal(BigDecimal value) {
        return value == null ? null : value.toPlainString();
    }

    /**
     * Fails with a non-retryable {@link FailureTypes#VALIDATION} when {@code money} is not in {@code currency} (the
     * object's currency: the systems take amounts without a currency in their own); nothing for null money.
     *
     * @param field the field for the message, e.g. {@code budgetAmount}
     * @param object the object for the message, e.g. {@code psa project prj_1}
     */
    public static void requireCurrency(Money money, String currency, String field, String object) {
        if (money == null || money.currency().equals(currency)) {
            return;
        }
        throw ApplicationFailure.newBuilder()
                .setType(FailureTypes.VALIDATION)
                .setMessage(field + " is in " + money.currency() + " but " + object + " is in " + currency)
                .setDetails(JSON.createObjectNode().put("field", field).put("currency", money.currency())
                        .put("expectedCurrency", currency).put("object", object).toString())
                .setNonRetryable(true)
                .build();
    }
}
