package dev.o2c.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Invoice-to-cash in the invoicing platform: customer rejections, dunning reminders, credit memos. */
class InvoiceToCashTest extends SandboxTest {

    private long events(String type, String invoiceId) {
        long n = 0;
        for (JsonNode event : api.get("/sandbox/v1/events?type=" + type).json()) {
            if (invoiceId.equals(event.path("body").path("data").path("invoiceId").asString())) {
                n++;
            }
        }
        return n;
    }

    private JsonNode snapshotRow(String list, String id) {
        for (JsonNode row : api.get("/sandbox/v1/snapshot").json().path("invoicing").path(list)) {
            if (row.path("id").asString().equals(id)) {
                return row;
            }
        }
        throw new AssertionError(id + " not in snapshot " + list);
    }

    @Test
    void customerRejectsASentInvoiceOnceAndItCanStillBeVoided() {
        String invoice = fx.sentInvoice();
        Api.Response rejected = api.post("/invoicing/v1/invoices/" + invoice + "/reject", "{\"reason\": \"Wrong PO number\"}");
        assertThat(rejected.status()).as(rejected.raw()).isEqualTo(200);
        assertThat(rejected.get("status")).isEqualTo("REJECTED");
        assertThat(rejected.get("rejectionReason")).isEqualTo("Wrong PO number");
        assertThat(rejected.get("rejectedAt")).isNotBlank();

        Api.Response again = api.post("/invoicing/v1/invoices/" + invoice + "/reject", "{\"reason\": \"other\"}");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.get("rejectionReason")).isEqualTo("Wrong PO number");
        assertThat(events("invoice.rejected", invoice)).isEqualTo(1);
        for (JsonNode event : api.get("/sandbox/v1/events?type=invoice.rejected").json()) {
            if (invoice.equals(event.path("body").path("data").path("invoiceId").asString())) {
                assertThat(event.path("body").path("data").path("reason").asString()).isEqualTo("Wrong PO number");
            }
        }
        assertProblem(api.post("/invoicing/v1/invoices/" + invoice + "/payments",
                "{\"amount\": \"1\", \"currency\": \"EUR\", \"receivedOn\": \"2026-03-01\"}"), 409, "conflict");
        assertThat(api.post("/invoicing/v1/invoices/" + invoice + "/void", null).get("status")).isEqualTo("VOID");
        assertProblem(api.post("/invoicing/v1/invoices/" + invoice + "/reject", "{\"reason\": \"x\"}"), 409, "conflict");
        assertThat(snapshotRow("invoices", invoice).path("rejectionReason").asString()).isEqualTo("Wrong PO number");

        String finalized = fx.draftInvoice();
        fx.finalizeInvoice(finalized);
        assertThat(api.post("/invoicing/v1/invoices/" + finalized + "/reject", "{\"reason\": \"r\"}").get("status"))
                .isEqualTo("REJECTED");
    }

    @Test
    void rejectionNeedsAReasonAndAnIssuedInvoice() {
        String draft = fx.draftInvoice();
        Api.Response conflict = api.post("/invoicing/v1/invoices/" + draft + "/reject", "{\"reason\": \"r\"}");
        assertProblem(conflict, 409, "conflict");
        assertThat(conflict.get("currentStatus")).isEqualTo("DRAFT");
        String sent = fx.sentInvoice();
        assertProblem(api.post("/invoicing/v1/invoices/" + sent + "/reject", "{}"), 400, "validation");
        assertProblem(api.post("/invoicing/v1/invoices/inv_nope/reject", "{\"reason\": \"r\"}"), 404, "not-found");
        api.post("/invoicing/v1/invoices/" + sent + "/payments",
                "{\"amount\": \"100\", \"currency\": \"EUR\", \"receivedOn\": \"2026-03-01\"}");
        assertProblem(api.post("/invoicing/v1/invoices/" + sent + "/reject", "{\"reason\": \"r\"}"), 409, "conflict");
        assertThat(events("invoice.rejected", draft) + events("invoice.rejected", sent)).isZero();
    }

    @Test
    void remindersAreOnePerStage() {
        String invoice = fx.sentInvoice();
        Api.Response first = api.post("/invoicing/v1/invoices/" + invoice + "/reminders", "{\"stage\": 1, \"note\": \"friendly\"}");
        assertThat(first.status()).as(first.raw()).isEqualTo(201);
        assertThat(first.id()).startsWith("rem_");
        assertThat(first.json().path("number").asInt()).isEqualTo(1);
        assertThat(first.json().path("stage").asInt()).isEqualTo(1);
        assertThat(first.get("sentAt")).isNotBlank();
        assertThat(first.get("note")).isEqualTo("friendly");

        Api.Response repeat = api.post("/invoicing/v1/invoices/" + invoice + "/reminders", "{\"stage\": 1}");
        assertThat(repeat.status()).isEqualTo(200);
        assertThat(repeat.id()).isEqualTo(first.id());

        api.post("/invoicing/v1/invoices/" + invoice + "/payments",
                "{\"amount\": \"100\", \"currency\": \"EUR\", \"receivedOn\": \"2026-03-01\"}");
        Api.Response second = api.post("/invoicing/v1/invoices/" + invoice + "/reminders", "{\"stage\": 2}");
        assertThat(second.status()).isEqualTo(201);
        assertThat(second.json().path("number").asInt()).isEqualTo(2);
        assertThat(api.get("/invoicing/v1/invoices/" + invoice + "/reminders").json().findValuesAsString("id"))
                .containsExactly(first.id(), second.id());
        assertThat(snapshotRow("reminders", second.id()).path("invoiceId").asString()).isEqualTo(invoice);

        assertProblem(api.post("/invoicing/v1/invoices/" + invoice + "/reminders", "{\"stage\": 0}"), 400, "validation");
        assertProblem(api.post("/invoicing/v1/invoices/" + invoice + "/reminders", "{}"), 400, "validation");
        assertProblem(api.post("/invoicing/v1/invoices/inv_nope/reminders", "{\"stage\": 1}"), 404, "not-found");
        assertProblem(api.get("/invoicing/v1/invoices/inv_nope/reminders"), 404, "not-found");
        String draft = fx.draftInvoice();
        assertProblem(api.post("/invoicing/v1/invoices/" + draft + "/reminders", "{\"stage\": 1}"), 409, "conflict");
    }

    @Test
    void creditMemosLowerTheBalanceUntilTheInvoiceIsCredited() {
        String invoice = fx.sentInvoice(); // 1430.40 EUR
        Api.Response memo = api.post("/invoicing/v1/invoices/" + invoice + "/credit-memos",
                "{\"amount\": \"430.4\", \"currency\": \"EUR\", \"reason\": \"Disputed travel\"}");
        assertThat(memo.status()).as(memo.raw()).isEqualTo(201);
        assertThat(memo.id()).startsWith("cm_");
        assertThat(memo.get("number")).startsWith("CM-");
        assertThat(memo.get("amount")).isEqualTo("430.40");
        assertThat(memo.get("invoiceBalance")).isEqualTo("1000.00");
        assertThat(memo.get("invoiceStatus")).isEqualTo("SENT");
        JsonNode credited = api.get("/invoicing/v1/invoices/" + invoice).json();
        assertThat(credited.path("creditedAmount").asString()).isEqualTo("430.40");
        assertThat(credited.path("balance").asString()).isEqualTo("1000.00");

        assertProblem(api.post("/invoicing/v1/invoices/" + invoice + "/credit-memos",
                "{\"amount\": \"1000.01\", \"currency\": \"EUR\", \"reason\": \"too much\"}"), 409, "conflict");
        assertProblem(api.post("/invoicing/v1/invoices/" + invoice + "/credit-memos",
                "{\"amount\": \"10\", \"currency\": \"USD\", \"reason\": \"r\"}"), 400, "validation");
        assertProblem(api.post("/invoicing/v1/invoices/" + invoice + "/credit-memos",
                "{\"amount\": \"10\", \"currency\": \"EUR\"}"), 400, "validation");
        assertProblem(api.post("/invoicing/v1/invoices/" + invoice + "/credit-memos",
                "{\"amount\": \"-1\", \"currency\": \"EUR\", \"reason\": \"r\"}"), 400, "validation");
        assertProblem(api.post("/invoicing/v1/invoices/" + invoice + "/credit-memos",
                "{\"amount\": \"1.001\", \"currency\": \"EUR\", \"reason\": \"r\"}"), 400, "validation");

        api.post("/invoicing/v1/invoices/" + invoice + "/payments",
                "{\"amount\": \"600\", \"currency\": \"EUR\", \"receivedOn\": \"2026-03-01\"}");
        Api.Response rest = api.post("/invoicing/v1/invoices/" + invoice + "/credit-memos",
                "{\"amount\": \"400.00\", \"currency\": \"EUR\", \"reason\": \"Goodwill\"}");
        assertThat(rest.status()).isEqualTo(201);
        assertThat(rest.get("invoiceStatus")).isEqualTo("CREDITED");
        assertThat(rest.get("invoiceBalance")).isEqualTo("0.00");
        assertThat(api.get("/invoicing/v1/invoices/" + invoice).get("status")).isEqualTo("CREDITED");
        assertThat(api.get("/invoicing/v1/invoices/" + invoice + "/credit-memos").json().findValuesAsString("id"))
                .containsExactly(memo.id(), rest.id());
        assertThat(events("invoice.credited", invoice)).isEqualTo(2);
        assertThat(snapshotRow("creditMemos", rest.id()).path("reason").asString()).isEqualTo("Goodwill");
        assertProblem(api.post("/invoicing/v1/invoices/" + invoice + "/credit-memos",
                "{\"amount\": \"1\", \"currency\": \"EUR\", \"reason\": \"r\"}"), 409, "conflict");
        assertProblem(api.post("/invoicing/v1/invoices/" + fx.draftInvoice() + "/credit-memos",
                "{\"amount\": \"1\", \"currency\": \"EUR\", \"reason\": \"r\"}"), 409, "conflict");
        assertProblem(api.get("/invoicing/v1/invoices/inv_nope/credit-memos"), 404, "not-found");
    }

    @Test
    void aPaymentAfterACreditSettlesTheRemainingBalance() {
        String invoice = fx.sentInvoice();
        api.post("/invoicing/v1/invoices/" + invoice + "/credit-memos",
                "{\"amount\": \"430.40\", \"currency\": \"EUR\", \"reason\": \"r\"}");
        assertProblem(api.post("/invoicing/v1/invoices/" + invoice + "/payments",
                "{\"amount\": \"1000.01\", \"currency\": \"EUR\", \"receivedOn\": \"2026-03-01\"}"), 409, "conflict");
        Api.Response paid = api.post("/invoicing/v1/invoices/" + invoice + "/payments",
                "{\"amount\": \"1000\", \"currency\": \"EUR\", \"receivedOn\": \"2026-03-01\"}");
        assertThat(paid.get("invoiceStatus")).isEqualTo("PAID");
        assertThat(paid.get("invoiceBalance")).isEqualTo("0.00");
    }
}
