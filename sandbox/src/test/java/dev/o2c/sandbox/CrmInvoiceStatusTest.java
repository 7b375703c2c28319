package dev.o2c.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The invoice statuses o2c syncs to a won opportunity, upserted by invoice ref. */
class CrmInvoiceStatusTest extends SandboxTest {

    private static final String SENT = """
            {"status": "SENT", "total": "1430.4", "balance": "1430.40", "currency": "EUR", "dueDate": "2026-03-30"}""";

    @Test
    void invoiceStatusesAreUpsertedByInvoiceRef() {
        String opportunity = fx.wonOpportunity();
        String path = "/crm/v1/opportunities/" + opportunity + "/invoices/";
        Api.Response created = api.post(path + "inv_a", SENT);
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        assertThat(created.id()).startsWith("oin_");
        assertThat(created.get("invoiceRef")).isEqualTo("inv_a");
        assertThat(created.get("total")).isEqualTo("1430.40");
        assertThat(created.get("dueDate")).isEqualTo("2026-03-30");
        assertThat(created.headers().getLocation()).hasToString(path + "inv_a");

        Api.Response same = api.post(path + "inv_a", SENT);
        assertThat(same.status()).isEqualTo(200);
        assertThat(same.id()).isEqualTo(created.id());

        Api.Response paid = api.post(path + "inv_a", SENT.replace("SENT", "PARTIALLY_PAID").replace("\"1430.40\"", "\"430.40\""));
        assertThat(paid.status()).isEqualTo(200);
        assertThat(paid.get("status")).isEqualTo("PARTIALLY_PAID");
        assertThat(paid.get("balance")).isEqualTo("430.40");
        assertThat(api.post(path + "inv_b", SENT).status()).isEqualTo(201);

        JsonNode list = api.get(path.substring(0, path.length() - 1)).json();
        assertThat(list.findValuesAsString("invoiceRef")).containsExactly("inv_a", "inv_b");
        assertThat(list.get(0).path("status").asString()).isEqualTo("PARTIALLY_PAID");
        long inSnapshot = 0;
        for (JsonNode row : api.get("/sandbox/v1/snapshot").json().path("crm").path("opportunityInvoices")) {
            if (row.path("opportunityId").asString().equals(opportunity)) {
                inSnapshot++;
            }
        }
        assertThat(inSnapshot).isEqualTo(2);
    }

    @Test
    void onlyWonOpportunitiesTakeValidInvoiceStatuses() {
        String open = fx.opportunity(fx.account());
        assertProblem(api.post("/crm/v1/opportunities/" + open + "/invoices/inv_a", SENT), 409, "conflict");
        assertProblem(api.post("/crm/v1/opportunities/opp_nope/invoices/inv_a", SENT), 404, "not-found");
        assertProblem(api.get("/crm/v1/opportunities/opp_nope/invoices"), 404, "not-found");
        String won = fx.wonOpportunity();
        String path = "/crm/v1/opportunities/" + won + "/invoices/inv_a";
        assertProblem(api.post(path, "{\"total\": \"1\", \"balance\": \"1\", \"currency\": \"EUR\"}"), 400, "validation");
        assertProblem(api.post(path, SENT.replace("\"1430.40\"", "\"1430.41\"")), 400, "validation");
        assertProblem(api.post(path, SENT.replace("EUR", "euro")), 400, "validation");
        assertProblem(api.post(path, SENT.replace("\"1430.4\"", "\"-1\"")), 400, "validation");
        assertThat(api.get("/crm/v1/opportunities/" + won + "/invoices").json().size()).isZero();
    }
}
