package dev.o2c.codec;

import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the codec costs per payload, printed (no timed assertion): the converter of every client and worker with and
 * without encryption, on a payload the size of an opportunity-to-project input (about 2 KB of JSON).
 */
class CodecCostTest {

    @Test
    void printsEncodeAndDecodeMicrosecondsPerPayload() {
        Map<String, Object> opportunity = typicalOpportunity();
        DataConverter plain = DefaultDataConverter.newDefaultInstance();
        DataConverter encrypting = EncryptionCodec.dataConverter(new EncryptionCodec(CodecKeys.development()));
        int size = plain.toPayload(opportunity).orElseThrow().getSerializedSize();

        double plainMicros = 0;
        double encryptingMicros = 0;
        for (int round = 0; round < 3; round++) { // the first rounds warm the JIT up; the last one counts
            plainMicros = microsPerRoundTrip(plain, opportunity, 10_000);
            encryptingMicros = microsPerRoundTrip(encrypting, opportunity, 10_000);
        }
        System.out.printf("codec cost: payload of %d bytes; toPayload+fromPayload %.1f µs plain, %.1f µs with"
                + " AES-256-GCM (+%.1f µs, %.2fx)%n", size, plainMicros, encryptingMicros,
                encryptingMicros - plainMicros, encryptingMicros / plainMicros);
    }

    @SuppressWarnings("unchecked")
    private static double microsPerRoundTrip(DataConverter converter, Map<String, Object> value, int times) {
        long started = System.nanoTime();
        int sink = 0;
        for (int i = 0; i < times; i++) {
            Payload payload = converter.toPayload(value).orElseThrow();
            Map<String, Object> back = converter.fromPayload(payload, Map.class, Map.class);
            sink += back.size();
        }
        if (sink == 42) {
            System.out.print("");
        }
        return (System.nanoTime() - started) / 1_000.0 / times;
    }

    private static Map<String, Object> typicalOpportunity() {
        Map<String, Object> customer = new LinkedHashMap<>();
        customer.put("accountId", "acc-4f1c2b7e");
        customer.put("name", "Muster Consulting GmbH");
        customer.put("taxId", "DE123456789");
        customer.put("ownerEmail", "jane.doe@muster.example");
        customer.put("billingAddress", Map.of("line1", "Hauptstrasse 1", "city", "Berlin", "postalCode", "10115",
                "country", "DE"));
        List<Map<String, Object>> phases = new ArrayList<>();
        for (int p = 0; p < 4; p++) {
            List<Map<String, Object>> tasks = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                tasks.add(Map.of("name", "Task " + p + "." + t, "estimateHours", 40 + t));
            }
            phases.add(Map.of("name", "Phase " + p, "tasks", tasks));
        }
        Map<String, Object> opportunity = new LinkedHashMap<>();
        opportunity.put("opportunityId", "opp-9a8b7c6d");
        opportunity.put("customer", customer);
        opportunity.put("amount", "120000.00");
        opportunity.put("currency", "EUR");
        opportunity.put("rateCard", List.of(Map.of("effectiveFrom", "2027-01-01", "rates",
                List.of(Map.of("role", "consultant", "hourlyRate", "150.00")))));
        opportunity.put("workBreakdown", phases);
        return opportunity;
    }
}
