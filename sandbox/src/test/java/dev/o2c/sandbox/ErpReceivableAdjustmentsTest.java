package dev.o2c.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** ERP receivables: credits (deduplicated by creditRef), write-offs, reversal of a voided invoice. */
class ErpReceivableAdjustmentsTest extends SandboxTest {

    private static final String PAY = "{\"paymentRef\": \"p1\", \"amount\": \"%s\", \"currency\": \"EUR\", \"receivedOn\": \"2026-03-01\"}";

    private JsonNode snapshotReceivable(String id) {
        for (JsonNode row : api.get("/sandbox/v1/snapshot").json().path("erp").path("receivables")) {
            if (row.path("id").asString().equals(id)) {
                return row;
            }
        }
        throw new AssertionError(id + " not in snapshot");
    }

    @Test
    void aHandEditOfTheAmountMovesTheBalanceByTheDifference() {
        String receivable = fx.receivable(fx.customer(), "100.00");
        api.post("/erp/v1/receivables/" + receivable + "/payments", PAY.formatted("30"));

        Api.Response edited = api.post("/sandbox/v1/erp/receivables/" + receivable + "/amount", "{\"amount\": \"90.5\"}");
        assertThat(edited.status()).as(edited.raw()).isEqualTo(200);
        assertThat(edited.get("amount")).isEqualTo("90.50");
        assertThat(edited.get("balance")).isEqualTo("60.50");
        assertThat(edited.get("status")).isEqualTo("PARTIALLY_PAID");

        Api.Response back = api.post("/sandbox/v1/erp/receivables/" + receivable + "/amount", "{\"amount\": \"100\"}");
        assertThat(back.get("balance")).isEqualTo("70.00");
        assertProblem(api.post("/sandbox/v1/erp/receivables/" + receivable + "/amount", "{\"amount\": \"29.99\"}"),
                409, "conflict");
        assertProblem(api.post("/sandbox/v1/erp/receivables/" + receivable + "/amount", "{\"amount\": \"-1\"}"),
                400, "validation");
        assertProblem(api.post("/sandbox/v1/erp/receivables/rcv_nope/amount", "{\"amount\": \"1\"}"), 404,
                "not-found");
    }

    @Test
    void creditsLowerTheBalanceOncePerCreditRef() {
        String receivable = fx.receivable(fx.customer(), "100.00");
        Api.Response credit = api.post("/erp/v1/receivables/" + receivable + "/credits",
                "{\"creditRef\": \"cm_1\", \"amount\": \"40\", \"currency\": \"EUR\", \"reason\": \"Disputed hours\"}");
        assertThat(credit.status()).as(credit.raw()).isEqualTo(201);
        assertThat(credit.id()).startsWith("rcr_");
        assertThat(credit.get("amount")).isEqualTo("40.00");
        JsonNode after = api.get("/erp/v1/receivables/" + receivable).json();
        assertThat(after.path("balance").asString()).isEqualTo("60.00");
        assertThat(after.path("status").asString()).isEqualTo("OPEN");
        assertThat(after.path("credits").findValuesAsString("creditRef")).containsExactly("cm_1");

        Api.Response duplicate = api.post("/erp/v1/receivables/" + receivable + "/credits",
                "{\"creditRef\": \"cm_1\", \"amount\": \"40\", \"currency\": \"EUR\", \"reason\": \"Disputed hours\"}");
        assertProblem(duplicate, 409, "conflict");
        assertThat(duplicate.get("existingId")).isEqualTo(credit.id());
        assertThat(api.get("/erp/v1/receivables/" + receivable).get("balance")).isEqualTo("60.00");

        assertProblem(api.post("/erp/v1/receivables/" + receivable + "/credits",
                "{\"creditRef\": \"cm_2\", \"amount\": \"60.01\", \"currency\": \"EUR\", \"reason\": \"r\"}"), 409, "conflict");
        assertProblem(api.post("/erp/v1/receivables/" + receivable + "/credits",
                "{\"creditRef\": \"cm_2\", \"amount\": \"1\", \"currency\": \"USD\", \"reason\": \"r\"}"), 400, "validation");
        assertProblem(api.post("/erp/v1/receivables/" + receivable + "/credits",
                "{\"amount\": \"1\", \"currency\": \"EUR\", \"reason\": \"r\"}"), 400, "validation");
        assertProblem(api.post("/erp/v1/receivables/" + receivable + "/credits",
                "{\"creditRef\": \"cm_2\", \"amount\": \"0\", \"currency\": \"EUR\", \"reason\": \"r\"}"), 400, "validation");
        assertProblem(api.post("/erp/v1/receivables/rcv_nope/credits",
                "{\"creditRef\": \"cm_2\", \"amount\": \"1\", \"currency\": \"EUR\", \"reason\": \"r\"}"), 404, "not-found");

        api.post("/erp/v1/receivables/" + receivable + "/payments", PAY.formatted("10"));
        Api.Response rest = api.post("/erp/v1/receivables/" + receivable + "/credits",
                "{\"creditRef\": \"cm_2\", \"amount\": \"50\", \"currency\": \"EUR\", \"reason\": \"Goodwill\"}");
        assertThat(rest.status()).isEqualTo(201);
        JsonNode credited = api.get("/erp/v1/receivables/" + receivable).json();
        assertThat(credited.path("status").asString()).isEqualTo("CREDITED");
        assertThat(credited.path("balance").asString()).isEqualTo("0.00");
        assertThat(snapshotReceivable(receivable).path("credits").size()).isEqualTo(2);
    }

    @Test
    void writeOffsTakeTheBalanceToWrittenOff() {
        String receivable = fx.receivable(fx.customer(), "100.00");
        api.post("/erp/v1/receivables/" + receivable + "/payments", PAY.formatted("70"));
        assertProblem(api.post("/erp/v1/receivables/" + receivable + "/write-offs",
                "{\"amount\": \"30.01\", \"currency\": \"EUR\", \"reason\": \"r\"}"), 409, "conflict");
        assertProblem(api.post("/erp/v1/receivables/" + receivable + "/write-offs",
                "{\"amount\": \"30\", \"currency\": \"EUR\"}"), 400, "validation");
        Api.Response partial = api.post("/erp/v1/receivables/" + receivable + "/write-offs",
                "{\"amount\": \"10\", \"currency\": \"EUR\", \"reason\": \"Bank fees\"}");
        assertThat(partial.status()).as(partial.raw()).isEqualTo(201);
        assertThat(partial.id()).startsWith("rwo_");
        assertThat(api.get("/erp/v1/receivables/" + receivable).get("status")).isEqualTo("PARTIALLY_PAID");
        api.post("/erp/v1/receivables/" + receivable + "/write-offs",
                "{\"amount\": \"20.00\", \"currency\": \"EUR\", \"reason\": \"Uncollectable\"}");
        JsonNode written = api.get("/erp/v1/receivables/" + receivable).json();
        assertThat(written.path("status").asString()).isEqualTo("WRITTEN_OFF");
        assertThat(written.path("balance").asString()).isEqualTo("0.00");
        assertThat(written.path("writeOffs").findValuesAsString("reason")).containsExactly("Bank fees", "Uncollectable");
        assertThat(snapshotReceivable(receivable).path("writeOffs").size()).isEqualTo(2);
        assertProblem(api.post("/erp/v1/receivables/" + receivable + "/payments", PAY.formatted("1")), 409, "conflict");
        assertProblem(api.post("/erp/v1/receivables/" + receivable + "/reverse", "{\"reason\": \"void\"}"), 409, "conflict");
    }

    @Test
    void anUnpaidReceivableIsReversedOnce() {
        String receivable = fx.receivable(fx.customer(), "100.00");
        api.post("/erp/v1/receivables/" + receivable + "/credits",
                "{\"creditRef\": \"cm_1\", \"amount\": \"40\", \"currency\": \"EUR\", \"reason\": \"r\"}");
        Api.Response reversed = api.post("/erp/v1/receivables/" + receivable + "/reverse", "{\"reason\": \"Invoice voided\"}");
        assertThat(reversed.status()).as(reversed.raw()).isEqualTo(200);
        assertThat(reversed.get("status")).isEqualTo("REVERSED");
        assertThat(reversed.get("balance")).isEqualTo("0.00");
        assertThat(reversed.get("reversalReason")).isEqualTo("Invoice voided");
        Api.Response again = api.post("/erp/v1/receivables/" + receivable + "/reverse", "{\"reason\": \"other\"}");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.get("reversalReason")).isEqualTo("Invoice voided");
        assertProblem(api.post("/erp/v1/receivables/" + receivable + "/payments", PAY.formatted("1")), 409, "conflict");
        assertThat(snapshotReceivable(receivable).path("status").asString()).isEqualTo("REVERSED");

        String paid = fx.receivable(fx.customer(), "100.00");
        api.post("/erp/v1/receivables/" + paid + "/payments", PAY.formatted("1"));
        Api.Response conflict = api.post("/erp/v1/receivables/" + paid + "/reverse", "{\"reason\": \"void\"}");
        assertProblem(conflict, 409, "conflict");
        assertThat(conflict.get("receivableStatus")).isEqualTo("PARTIALLY_PAID");
        assertProblem(api.post("/erp/v1/receivables/" + paid + "/reverse", "{}"), 400, "validation");
        assertProblem(api.post("/erp/v1/receivables/rcv_nope/reverse", "{\"reason\": \"r\"}"), 404, "not-found");
    }
}
