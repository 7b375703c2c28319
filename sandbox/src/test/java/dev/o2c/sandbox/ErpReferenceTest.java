package dev.o2c.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** ERP exchange and tax rates (seeded, effective-dated, admin-set), receivables per invoice, revenue entries. */
class ErpReferenceTest extends SandboxTest {

    @Test
    void exchangeRatesAnswerTheRateInForceOnTheDate() {
        JsonNode rate = api.get("/erp/v1/exchange-rates?from=EUR&to=USD&date=2026-02-15").json();
        assertThat(rate.path("rate").asString()).isEqualTo("1.17000000");
        assertThat(rate.path("effectiveFrom").asString()).isEqualTo("2026-01-01");
        assertThat(api.get("/erp/v1/exchange-rates?from=EUR&to=USD&date=2025-12-31").json().path("rate").asString())
                .isEqualTo("1.04000000");
        assertThat(api.get("/erp/v1/exchange-rates?from=EUR&to=EUR&date=2026-02-15").json().path("rate").asString())
                .isEqualTo("1.00000000");
        assertProblem(api.get("/erp/v1/exchange-rates?from=EUR&to=USD&date=2024-12-31"), 404, "not-found");
        assertProblem(api.get("/erp/v1/exchange-rates?from=EUR&to=JPY&date=2026-02-15"), 404, "not-found");
        assertProblem(api.get("/erp/v1/exchange-rates?from=EUR&to=XXY&date=2026-02-15"), 400, "validation");
        Api.Response missing = api.get("/erp/v1/exchange-rates?from=EUR");
        assertProblem(missing, 400, "validation");
        assertThat(missing.json().path("errors").findValuesAsString("field")).containsExactly("to", "date");

        Api.Response set = api.post("/sandbox/v1/erp/exchange-rates",
                "{\"from\": \"CHF\", \"to\": \"EUR\", \"effectiveFrom\": \"2026-03-01\", \"rate\": \"1.06500000\"}");
        assertThat(set.status()).as(set.raw()).isEqualTo(200);
        assertThat(api.get("/erp/v1/exchange-rates?from=CHF&to=EUR&date=2026-03-31").json().path("rate").asString())
                .isEqualTo("1.06500000");
        assertProblem(api.get("/erp/v1/exchange-rates?from=CHF&to=EUR&date=2026-02-28"), 404, "not-found");
        api.post("/sandbox/v1/erp/exchange-rates",
                "{\"from\": \"CHF\", \"to\": \"EUR\", \"effectiveFrom\": \"2026-03-01\", \"rate\": \"1.07\"}");
        assertThat(api.get("/erp/v1/exchange-rates?from=CHF&to=EUR&date=2026-03-31").json().path("rate").asString())
                .isEqualTo("1.07000000");
        assertProblem(api.post("/sandbox/v1/erp/exchange-rates",
                "{\"from\": \"EUR\", \"to\": \"USD\", \"effectiveFrom\": \"2026-01-01\", \"rate\": \"2\"}"), 409, "conflict");
        assertProblem(api.post("/sandbox/v1/erp/exchange-rates",
                "{\"from\": \"EUR\", \"to\": \"USD\", \"effectiveFrom\": \"2026-01-01\", \"rate\": \"-1\"}"), 400, "validation");
    }

    @Test
    void taxRatesByLegalEntityAndCustomerCountry() {
        JsonNode de = api.get("/erp/v1/tax-rates?legalEntity=O2C-DE&country=DE&date=2026-02-15").json();
        assertThat(de.path("ratePercent").asString()).isEqualTo("19.0000");
        assertThat(de.path("taxCode").asString()).isEqualTo("DE-VAT-STD");
        JsonNode fr = api.get("/erp/v1/tax-rates?legalEntity=O2C-DE&country=FR&date=2026-02-15").json();
        assertThat(fr.path("ratePercent").asString()).isEqualTo("0.0000");
        assertThat(fr.path("matchedCountry").asString()).isEqualTo("*");
        assertThat(api.get("/erp/v1/tax-rates?legalEntity=O2C-UK&country=GB&date=2026-02-15").json()
                .path("ratePercent").asString()).isEqualTo("20.0000");
        assertProblem(api.get("/erp/v1/tax-rates?legalEntity=O2C-XX&country=DE&date=2026-02-15"), 400, "validation");
        assertProblem(api.get("/erp/v1/tax-rates?legalEntity=O2C-DE&country=ZZ&date=2026-02-15"), 400, "validation");
        assertProblem(api.get("/erp/v1/tax-rates?legalEntity=O2C-DE&country=DE&date=2019-12-31"), 404, "not-found");

        assertThat(api.post("/sandbox/v1/erp/tax-rates", """
                {"legalEntity": "O2C-DE", "country": "DE", "effectiveFrom": "2030-07-01", "ratePercent": "16", "taxCode": "DE-VAT-TMP"}
                """).status()).isEqualTo(200);
        assertThat(api.get("/erp/v1/tax-rates?legalEntity=O2C-DE&country=DE&date=2030-07-01").json()
                .path("ratePercent").asString()).isEqualTo("16.0000");
        assertThat(api.get("/erp/v1/tax-rates?legalEntity=O2C-DE&country=DE&date=2030-06-30").json()
                .path("ratePercent").asString()).isEqualTo("19.0000");
        assertProblem(api.post("/sandbox/v1/erp/tax-rates", """
                {"legalEntity": "O2C-DE", "country": "DE", "effectiveFrom": "2020-01-01", "ratePercent": "16", "taxCode": "X"}
                """), 409, "conflict");
    }

    @Test
    void oneReceivablePerInvoiceFoundByInvoiceRef() {
        String customer = fx.customer();
        String invoice = Fixtures.unique("inv");
        String body = """
                {"customerId": "%s", "invoiceRef": "%s", "amount": "1190.00", "currency": "EUR", "dueDate": "2026-03-31"}
                """.formatted(customer, invoice);
        Api.Response created = api.post("/erp/v1/receivables", body);
        assertThat(created.status()).isEqualTo(201);
        Api.Response again = api.post("/erp/v1/receivables", body);
        assertProblem(again, 409, "conflict");
        assertThat(again.get("existingId")).isEqualTo(created.id());
        JsonNode found = api.get("/erp/v1/receivables?invoiceRef=" + invoice).json();
        assertThat(found.findValuesAsString("id")).containsExactly(created.id());
    }

    @Test
    void revenueEntriesAreUniquePerProjectPeriodAndSource() {
        String project = fx.erpProject(fx.customer());
        String body = """
                {"projectId": "%s", "period": "2026-02", "amount": "1200.00", "currency": "EUR", "method": "AS_INVOICED",
                 "sourceRef": "inv_1"}
                """.formatted(project);
        String key = Api.newKey();
        Api.Response created = api.post("/erp/v1/revenue-entries", body, key);
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        assertThat(created.id()).startsWith("rev_");
        assertThat(created.headers().getLocation()).hasToString("/erp/v1/revenue-entries/" + created.id());
        assertThat(api.post("/erp/v1/revenue-entries", body, key).headers().getFirst("Idempotent-Replayed")).isEqualTo("true");
        Api.Response duplicate = api.post("/erp/v1/revenue-entries", body);
        assertProblem(duplicate, 409, "conflict");
        assertThat(duplicate.get("existingId")).isEqualTo(created.id());
        assertThat(api.post("/erp/v1/revenue-entries", body.replace("2026-02", "2026-03")).status()).isEqualTo(201);
        assertThat(api.get("/erp/v1/revenue-entries?projectId=" + project + "&period=2026-02").json()
                .findValuesAsString("id")).containsExactly(created.id());
        assertThat(api.get("/erp/v1/revenue-entries/" + created.id()).json().path("amount").asString()).isEqualTo("1200.00");
        assertProblem(api.get("/erp/v1/revenue-entries/rev_missing"), 404, "not-found");

        Api.Response invalid = api.post("/erp/v1/revenue-entries", body.replace("2026-02", "2026-13").replace("EUR", "USD"));
        assertProblem(invalid, 400, "validation");
        assertThat(invalid.json().path("errors").findValuesAsString("field")).contains("period");
        assertProblem(api.post("/erp/v1/revenue-entries", body.replace("\"EUR\"", "\"USD\"").replace("inv_1", "inv_2")),
                400, "validation");
        assertProblem(api.post("/erp/v1/revenue-entries", body.replace(project, "eprj_missing")), 400, "validation");
        api.post("/erp/v1/projects/" + project + "/close", null);
        assertProblem(api.post("/erp/v1/revenue-entries", body.replace("inv_1", "inv_3")), 409, "conflict");

        JsonNode erp = api.get("/sandbox/v1/snapshot").json().path("erp");
        assertThat(erp.path("revenueEntries").findValuesAsString("id")).contains(created.id());
        assertThat(erp.path("exchangeRates").size()).isGreaterThanOrEqualTo(12);
        assertThat(erp.path("taxRates").size()).isGreaterThanOrEqualTo(6);
    }
}
