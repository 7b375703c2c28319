package dev.o2c.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Invoice lines with tax and source references, totals, external refs; billing plan terms and PATCH. */
class InvoicingLinesTest extends SandboxTest {

    private String body(String plan, String externalRef) {
        return """
                {"externalRef": "%s", "billingPlanId": "%s", "currency": "EUR", "issueDate": "2026-02-28", "dueDate": "2026-03-30",
                 "lines": [{"description": "Engineer, 2026-02", "quantity": "10.5", "unitPrice": "120.00", "taxRatePercent": "19",
                            "sourceRefs": ["tim_1", "tim_2"]},
                           {"description": "Travel", "quantity": "1", "unitPrice": "230.41", "amount": "230.41",
                            "taxRatePercent": "19", "taxAmount": "43.78", "sourceRefs": ["exp_1"]}]}
                """.formatted(externalRef, plan);
    }

    @Test
    void linesCarryTaxAndSourcesAndTheInvoiceItsTotals() {
        String plan = fx.plan();
        String ref = Fixtures.unique("run");
        Api.Response created = api.post("/invoicing/v1/invoices", body(plan, ref));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        JsonNode invoice = created.json();
        JsonNode line = invoice.path("lines").get(0);
        assertThat(line.path("netAmount").asString()).isEqualTo("1260.00");
        assertThat(line.path("amount").asString()).isEqualTo("1260.00");
        assertThat(line.path("taxRatePercent").asString()).isEqualTo("19.0000");
        assertThat(line.path("taxAmount").asString()).isEqualTo("239.40");
        assertThat(line.path("sourceRefs").get(1).asString()).isEqualTo("tim_2");
        assertThat(invoice.path("subtotal").asString()).isEqualTo("1490.41");
        assertThat(invoice.path("taxTotal").asString()).isEqualTo("283.18");
        assertThat(invoice.path("total").asString()).isEqualTo("1773.59");
        assertThat(invoice.path("balance").asString()).isEqualTo("1773.59");
        assertThat(invoice.path("externalRef").asString()).isEqualTo(ref);
        assertThat(invoice.path("issueDate").asString()).isEqualTo("2026-02-28");

        assertThat(api.get("/invoicing/v1/invoices?externalRef=" + ref).json().findValuesAsString("id"))
                .containsExactly(created.id());
        Api.Response duplicate = api.post("/invoicing/v1/invoices", body(plan, ref));
        assertProblem(duplicate, 409, "conflict");
        assertThat(duplicate.get("existingId")).isEqualTo(created.id());

        fx.finalizeInvoice(created.id());
        assertThat(api.get("/invoicing/v1/invoices/" + created.id()).get("status")).isEqualTo("FINALIZED");
        assertThat(api.post("/invoicing/v1/invoices/" + created.id() + "/void", null).get("status")).isEqualTo("VOID");
        // a voided invoice's ref does not block a new one
        assertThat(api.post("/invoicing/v1/invoices", body(plan, ref)).status()).isEqualTo(201);

        // untaxed lines: tax 0, total = subtotal (existing clients)
        JsonNode plain = api.get("/invoicing/v1/invoices/" + fx.draftInvoice()).json();
        assertThat(plain.path("taxTotal").asString()).isEqualTo("0.00");
        assertThat(plain.path("total").asString()).isEqualTo("1430.40");
        assertThat(plain.path("lines").get(0).path("taxRatePercent").asString()).isEqualTo("0.0000");
    }

    @Test
    void taxIsValidated() {
        String plan = fx.plan();
        Api.Response wrongTax = api.post("/invoicing/v1/invoices", body(plan, Fixtures.unique("run")).replace("43.78", "43.77"));
        assertProblem(wrongTax, 400, "validation");
        assertThat(wrongTax.json().path("errors").findValuesAsString("field")).containsExactly("lines[1].taxAmount");
        Api.Response badRate = api.post("/invoicing/v1/invoices", body(plan, Fixtures.unique("run"))
                .replaceFirst("\"taxRatePercent\": \"19\"", "\"taxRatePercent\": \"100\""));
        assertProblem(badRate, 400, "validation");
        assertThat(badRate.json().path("errors").findValuesAsString("field")).contains("lines[0].taxRatePercent");
    }

    @Test
    void billingPlanTermsArePatched() {
        Api.Response created = api.post("/invoicing/v1/billing-plans", """
                {"externalRef": "%s", "customerRef": "cus_x", "projectRef": "prj_x", "billingModel": "RETAINER",
                 "currency": "EUR", "billingPeriod": "MONTHLY", "capAmount": "50000", "endDate": "2026-06-30",
                 "retainerMonthlyAmount": "8000.00"}
                """.formatted(Fixtures.unique("opp")));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        assertThat(created.get("capAmount")).isEqualTo("50000.00");
        String plan = created.id();

        Api.Response patched = api.patch("/invoicing/v1/billing-plans/" + plan, "{\"endDate\": \"2026-12-31\", \"capAmount\": \"60000\"}");
        assertThat(patched.status()).as(patched.raw()).isEqualTo(200);
        assertThat(patched.get("endDate")).isEqualTo("2026-12-31");
        assertThat(patched.get("capAmount")).isEqualTo("60000.00");
        assertThat(patched.get("retainerMonthlyAmount")).isEqualTo("8000.00");
        assertThat(api.patch("/invoicing/v1/billing-plans/" + plan, "{\"endDate\": \"2026-12-31\", \"capAmount\": \"60000\"}")
                .raw()).contains("\"capAmount\":\"60000.00\"");

        assertProblem(api.patch("/invoicing/v1/billing-plans/" + plan, "{\"capAmount\": \"-1\"}"), 400, "validation");
        assertProblem(api.patch("/invoicing/v1/billing-plans/" + plan, "{\"capAmount\": \"1.001\"}"), 400, "validation");
        assertProblem(api.patch("/invoicing/v1/billing-plans/bpl_missing", "{\"capAmount\": \"1\"}"), 404, "not-found");
        api.post("/invoicing/v1/billing-plans/" + plan + "/void", null);
        assertProblem(api.patch("/invoicing/v1/billing-plans/" + plan, "{\"capAmount\": \"1\"}"), 409, "conflict");

        JsonNode stored = api.get("/sandbox/v1/snapshot").json().path("invoicing").path("billingPlans");
        for (JsonNode p : stored) {
            if (p.path("id").asString().equals(plan)) {
                assertThat(p.path("endDate").asString()).isEqualTo("2026-12-31");
            }
        }
    }
}
