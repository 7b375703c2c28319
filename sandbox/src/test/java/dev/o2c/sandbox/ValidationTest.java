package dev.o2c.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** 400 / 404 / 409 answers, all as problem+json with stable types and listed field errors. */
class ValidationTest extends SandboxTest {

    private static List<String> fields(Api.Response response) {
        List<String> fields = new ArrayList<>();
        for (JsonNode error : response.json().path("errors")) {
            fields.add(error.path("field").asString());
        }
        return fields;
    }

    @Test
    void erpCustomerWithoutTaxIdOrLegalEntityIs400() {
        Api.Response response = api.post("/erp/v1/customers", """
                {"externalId": "acc_no_tax", "name": "No Tax", "currency": "EUR", "paymentTermsDays": 30,
                 "billingAddress": {"line1": "a", "city": "b", "country": "DE"}}
                """);
        assertProblem(response, 400, "validation");
        assertThat(fields(response)).containsExactlyInAnyOrder("taxId", "legalEntity");
        assertThat(api.get("/erp/v1/customers?externalId=acc_no_tax").json().size()).isZero();
    }

    @Test
    void erpCustomerWithUnknownLegalEntityOrIncompleteAddressIs400() {
        Api.Response response = api.post("/erp/v1/customers", """
                {"externalId": "acc_bad_le", "name": "Bad", "legalEntity": "O2C-FR", "taxId": "FR1", "currency": "EUR",
                 "paymentTermsDays": 30, "billingAddress": {"line1": "a", "country": "ZZ"}}
                """);
        assertProblem(response, 400, "validation");
        assertThat(fields(response)).contains("legalEntity", "billingAddress.city", "billingAddress.country");
    }

    @Test
    void psaProjectWithoutCustomerRefIs400() {
        Api.Response response = api.post("/psa/v1/projects", """
                {"externalRef": "opp_x", "name": "No customer", "billingModel": "FIXED_FEE", "currency": "EUR"}
                """);
        assertProblem(response, 400, "validation");
        assertThat(fields(response)).containsExactly("customerRef");
    }

    @Test
    void invalidEnumsMalformedJsonAndBadCurrencyAre400() {
        Api.Response badEnum = api.post("/psa/v1/projects", """
                {"customerRef": "c", "name": "n", "billingModel": "BARTER", "currency": "EUR"}
                """);
        assertProblem(badEnum, 400, "validation");
        assertThat(fields(badEnum)).containsExactly("billingModel");

        assertProblem(api.post("/crm/v1/accounts", "{\"name\": "), 400, "validation");

        Api.Response badCurrency = api.post("/crm/v1/accounts", "{\"name\": \"x\", \"currency\": \"XYZ\"}");
        assertProblem(badCurrency, 400, "validation");
        assertThat(fields(badCurrency)).containsExactly("currency");
    }

    @Test
    void opportunityNeedsAnExistingAccountAndOrderedDates() {
        Api.Response response = api.post("/crm/v1/opportunities", """
                {"accountId": "acc_missing", "name": "x", "currency": "EUR", "billingModel": "RETAINER",
                 "startDate": "2026-05-01", "endDate": "2026-04-01"}
                """);
        assertProblem(response, 400, "validation");
        assertThat(fields(response)).containsExactlyInAnyOrder("accountId", "endDate");
    }

    @Test
    void invoiceLinesMustAddUp() {
        String plan = fx.plan();
        Api.Response response = api.post("/invoicing/v1/invoices", """
                {"billingPlanId": "%s", "currency": "USD", "issueDate": "2026-02-28", "dueDate": "2026-03-30",
                 "lines": [{"description": "x", "quantity": "2", "unitPrice": "10.00", "amount": "25.00"}]}
                """.formatted(plan));
        assertProblem(response, 400, "validation");
        assertThat(fields(response)).containsExactlyInAnyOrder("currency", "lines[0].amount");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/crm/v1/accounts/acc_nope", "/crm/v1/opportunities/opp_nope", "/crm/v1/accounts/acc_nope/contacts",
            "/psa/v1/projects/prj_nope", "/psa/v1/projects/prj_nope/time-entries", "/erp/v1/customers/cus_nope",
            "/erp/v1/projects/eprj_nope", "/erp/v1/receivables/rcv_nope", "/invoicing/v1/billing-plans/bpl_nope",
            "/invoicing/v1/invoices/inv_nope", "/sandbox/v1/events/evt_nope", "/sandbox/v1/faults/flt_nope",
            "/no/such/path"})
    void unknownIdsAre404(String path) {
        assertProblem(api.get(path), 404, "not-found");
    }

    @Test
    void actionsOnUnknownIdsAre404() {
        assertProblem(api.post("/crm/v1/opportunities/opp_nope/won", null), 404, "not-found");
        assertProblem(api.post("/psa/v1/time-entries/tim_nope/approve", null), 404, "not-found");
        assertProblem(api.post("/invoicing/v1/invoices/inv_nope/payments", """
                {"amount": "1.00", "currency": "EUR", "receivedOn": "2026-03-01"}"""), 404, "not-found");
        assertProblem(api.patch("/crm/v1/accounts/acc_nope", "{\"taxId\": \"x\"}"), 404, "not-found");
    }

    @Test
    void illegalInvoiceTransitionsAre409() {
        String invoice = fx.draftInvoice();
        Api.Response send = api.post("/invoicing/v1/invoices/" + invoice + "/send", null);
        assertProblem(send, 409, "conflict");
        assertThat(send.get("currentStatus")).isEqualTo("DRAFT");
        assertProblem(api.post("/invoicing/v1/invoices/" + invoice + "/payments", """
                {"amount": "1.00", "currency": "EUR", "receivedOn": "2026-03-01"}"""), 409, "conflict");
        assertThat(api.post("/invoicing/v1/invoices/" + invoice + "/void", null).get("status")).isEqualTo("VOID");
        assertProblem(api.post("/invoicing/v1/invoices/" + invoice + "/finalize", null), 409, "conflict");
        assertThat(api.get("/invoicing/v1/invoices/" + invoice).get("status")).isEqualTo("VOID");
    }

    @Test
    void paidInvoiceCannotBeVoidedAndOverpaymentIs409() {
        String invoice = fx.sentInvoice();
        assertProblem(api.post("/invoicing/v1/invoices/" + invoice + "/payments", """
                {"amount": "2000.00", "currency": "EUR", "receivedOn": "2026-03-01"}"""), 409, "conflict");
        assertThat(api.post("/invoicing/v1/invoices/" + invoice + "/payments", """
                {"amount": "1430.40", "currency": "EUR", "receivedOn": "2026-03-01"}""").status()).isEqualTo(201);
        assertProblem(api.post("/invoicing/v1/invoices/" + invoice + "/void", null), 409, "conflict");
    }

    @Test
    void opportunityStageRules() {
        String lost = fx.opportunity(fx.account());
        assertThat(api.post("/crm/v1/opportunities/" + lost + "/lost", "{\"reason\": \"budget\"}").get("stage"))
                .isEqualTo("LOST");
        assertProblem(api.post("/crm/v1/opportunities/" + lost + "/won", null), 409, "conflict");
        assertProblem(api.patch("/crm/v1/opportunities/" + lost, "{\"amount\": \"1.00\"}"), 409, "conflict");

        String won = fx.wonOpportunity();
        assertProblem(api.post("/crm/v1/opportunities/" + won + "/lost", null), 409, "conflict");
        assertProblem(api.patch("/crm/v1/opportunities/" + won, "{\"stage\": \"OPEN\"}"), 400, "validation");

        String open = fx.opportunity(fx.account());
        assertProblem(api.post("/crm/v1/opportunities/" + open + "/delivery", "{\"deliveryStatus\": \"ACTIVE\"}"),
                409, "conflict");
    }

    @Test
    void cancelledPsaProjectRejectsEntries() {
        String project = fx.psaProject();
        String entry = fx.timeEntry(project);
        Api.Response cancelled = api.post("/psa/v1/projects/" + project + "/cancel", null);
        assertThat(cancelled.get("status")).isEqualTo("CANCELLED");
        assertThat(api.post("/psa/v1/projects/" + project + "/cancel", null).get("cancelledAt"))
                .isEqualTo(cancelled.get("cancelledAt"));

        assertProblem(api.post("/psa/v1/projects/" + project + "/time-entries", """
                {"person": "a", "role": "Engineer", "date": "2026-02-03", "hours": "1"}"""), 409, "conflict");
        assertProblem(api.post("/psa/v1/projects/" + project + "/expenses", """
                {"date": "2026-02-03", "category": "travel", "amount": "1.00", "currency": "EUR"}"""), 409, "conflict");
        assertProblem(api.post("/psa/v1/projects/" + project + "/milestones", """
                {"name": "m", "amount": "1.00"}"""), 409, "conflict");
        assertProblem(api.post("/psa/v1/time-entries/" + entry + "/approve", null), 409, "conflict");
    }

    @Test
    void timeEntryMustNameAKnownTaskAndSaneHours() {
        String project = fx.psaProject();
        Api.Response response = api.post("/psa/v1/projects/" + project + "/time-entries", """
                {"person": "a", "role": "Engineer", "date": "2026-02-03", "hours": "25", "taskName": "Knitting"}""");
        assertProblem(response, 400, "validation");
        assertThat(fields(response)).containsExactly("hours");
        response = api.post("/psa/v1/projects/" + project + "/time-entries", """
                {"person": "a", "role": "Engineer", "date": "2026-02-03", "hours": "2", "taskName": "Knitting"}""");
        assertProblem(response, 400, "validation");
        assertThat(fields(response)).containsExactly("taskName");
    }

    @Test
    void inactiveErpCustomerRejectsProjectsAndReceivables() {
        String customer = fx.customer();
        assertThat(api.post("/erp/v1/customers/" + customer + "/deactivate", null).get("status")).isEqualTo("INACTIVE");
        assertProblem(api.post("/erp/v1/projects", """
                {"customerId": "%s", "name": "p", "currency": "EUR", "revenueMethod": "AS_INVOICED"}""".formatted(customer)),
                409, "conflict");
        assertProblem(api.post("/erp/v1/receivables", """
                {"customerId": "%s", "invoiceRef": "i", "amount": "1.00", "currency": "EUR", "dueDate": "2026-03-01"}"""
                .formatted(customer)), 409, "conflict");
        Api.Response unknown = api.post("/erp/v1/projects", """
                {"customerId": "cus_nope", "name": "p", "currency": "EUR", "revenueMethod": "AS_INVOICED"}""");
        assertProblem(unknown, 400, "validation");
        assertThat(fields(unknown)).containsExactly("customerId");
    }

    @Test
    void receivableOverpaymentIs409AndForeignCurrencyIs400() {
        String receivable = fx.receivable(fx.customer(), "100.00");
        assertProblem(api.post("/erp/v1/receivables/" + receivable + "/payments", """
                {"paymentRef": "p1", "amount": "100.01", "currency": "EUR", "receivedOn": "2026-03-01"}"""), 409, "conflict");
        assertProblem(api.post("/erp/v1/receivables/" + receivable + "/payments", """
                {"paymentRef": "p1", "amount": "10.00", "currency": "USD", "receivedOn": "2026-03-01"}"""), 400, "validation");
        assertThat(api.get("/erp/v1/receivables/" + receivable).get("balance")).isEqualTo("100.00");
    }

    @Test
    void faultRequestsAreValidated() {
        Api.Response response = api.post("/sandbox/v1/faults", """
                {"system": "billing", "operation": "x", "mode": "TRANSIENT", "status": 404}""");
        assertProblem(response, 400, "validation");
        assertThat(fields(response)).contains("system");
        assertProblem(api.post("/sandbox/v1/faults", "{\"system\": \"erp\", \"operation\": \"*\", \"mode\": \"LATENCY\"}"),
                400, "validation");
        assertProblem(api.get("/sandbox/v1/events?status=lost"), 400, "validation");
    }
}
