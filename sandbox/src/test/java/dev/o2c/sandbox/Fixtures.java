package dev.o2c.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

/** Creates objects through the public API (no idempotency key) and returns their ids. */
public final class Fixtures {

    private final Api api;

    Fixtures(Api api) {
        this.api = api;
    }

    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private String created(Api.Response response) {
        assertThat(response.status()).as(response.raw()).isIn(200, 201);
        return response.id();
    }

    public String account() {
        return created(api.post("/crm/v1/accounts", """
                {"name": "%s", "ownerEmail": "owner@o2c.dev", "legalEntity": "O2C-DE", "currency": "EUR",
                 "taxId": "DE999999999", "paymentTermsDays": 30,
                 "billingAddress": {"line1": "Hauptstraße 1", "city": "München", "postalCode": "80331", "country": "DE"}}
                """.formatted(unique("Account"))));
    }

    public String opportunity(String accountId) {
        return created(api.post("/crm/v1/opportunities", """
                {"accountId": "%s", "name": "%s", "amount": "50000.00", "currency": "EUR",
                 "billingModel": "TIME_AND_MATERIALS", "startDate": "2026-01-01", "endDate": "2026-06-30",
                 "rateCard": {"versions": [{"effectiveFrom": "2026-01-01", "rates": [{"role": "Engineer", "hourlyRate": "120.00"}]}]}}
                """.formatted(accountId, unique("Deal"))));
    }

    public String wonOpportunity() {
        String id = opportunity(account());
        assertThat(api.post("/crm/v1/opportunities/" + id + "/won", null).status()).isEqualTo(200);
        return id;
    }

    public String psaProject() {
        return created(api.post("/psa/v1/projects", """
                {"externalRef": "%s", "customerRef": "cus_test", "name": "Project", "billingModel": "TIME_AND_MATERIALS",
                 "currency": "EUR", "startDate": "2026-01-01", "endDate": "2026-12-31",
                 "phases": [{"name": "Build", "tasks": [{"name": "Coding", "estimateHours": "100"}]}]}
                """.formatted(unique("opp"))));
    }

    /** A PSA project put ON_HOLD. */
    public String heldPsaProject() {
        String id = psaProject();
        assertThat(api.post("/psa/v1/projects/" + id + "/hold", null).status()).isEqualTo(200);
        return id;
    }

    public String timeEntry(String projectId) {
        return created(api.post("/psa/v1/projects/" + projectId + "/time-entries", """
                {"person": "ann@o2c.dev", "role": "Engineer", "date": "2026-02-03", "hours": "7.5", "taskName": "Coding"}
                """));
    }

    public String approvedTimeEntry(String projectId) {
        String id = timeEntry(projectId);
        assertThat(api.post("/psa/v1/time-entries/" + id + "/approve", null).status()).isEqualTo(200);
        return id;
    }

    /** An approved time entry billed to a new invoice ref; answers the ref. */
    public String billedInvoiceRef() {
        String entry = approvedTimeEntry(psaProject());
        String ref = unique("inv");
        assertThat(api.post("/psa/v1/billing-marks",
                "{\"invoiceRef\": \"" + ref + "\", \"timeEntryIds\": [\"" + entry + "\"]}").status()).isEqualTo(200);
        return ref;
    }

    public String expense(String projectId) {
        return created(api.post("/psa/v1/projects/" + projectId + "/expenses", """
                {"date": "2026-02-03", "category": "travel", "amount": "230.40", "currency": "EUR", "description": "Train"}
                """));
    }

    public String milestone(String projectId) {
        return created(api.post("/psa/v1/projects/" + projectId + "/milestones", """
                {"name": "Go-live", "amount": "10000.00", "currency": "EUR", "dueDate": "2026-06-30"}
                """));
    }

    public String customerBody(String externalId) {
        return """
                {"externalId": "%s", "name": "Customer %s", "legalEntity": "O2C-DE", "taxId": "DE123", "currency": "EUR",
                 "billingAddress": {"line1": "Hauptstraße 1", "city": "Berlin", "postalCode": "10115", "country": "DE"},
                 "paymentTermsDays": 30}
                """.formatted(externalId, externalId);
    }

    public String customer() {
        return customer(unique("acc"));
    }

    public String customer(String externalId) {
        return created(api.post("/erp/v1/customers", customerBody(externalId)));
    }

    public String erpProject(String customerId) {
        return created(api.post("/erp/v1/projects", """
                {"externalRef": "%s", "customerId": "%s", "name": "ERP project", "currency": "EUR", "revenueMethod": "AS_INVOICED"}
                """.formatted(unique("prj"), customerId)));
    }

    public String receivable(String customerId, String amount) {
        return created(api.post("/erp/v1/receivables", """
                {"customerId": "%s", "invoiceRef": "%s", "amount": "%s", "currency": "EUR", "dueDate": "2026-03-31"}
                """.formatted(customerId, unique("inv"), amount)));
    }

    public String plan() {
        return created(api.post("/invoicing/v1/billing-plans", """
                {"externalRef": "%s", "customerRef": "cus_x", "projectRef": "prj_x", "billingModel": "TIME_AND_MATERIALS",
                 "currency": "EUR", "billingPeriod": "MONTHLY"}
                """.formatted(unique("opp"))));
    }

    public String invoiceBody(String planId) {
        return """
                {"billingPlanId": "%s", "currency": "EUR", "issueDate": "2026-02-28", "dueDate": "2026-03-30",
                 "lines": [{"description": "Engineering, February", "quantity": "10", "unitPrice": "120.00"},
                           {"description": "Travel", "quantity": "1", "unitPrice": "230.40", "amount": "230.40"}]}
                """.formatted(planId);
    }

    /** A DRAFT invoice totalling 1430.40 EUR. */
    public String draftInvoice() {
        return created(api.post("/invoicing/v1/invoices", invoiceBody(plan())));
    }

    public void finalizeInvoice(String id) {
        assertThat(api.post("/invoicing/v1/invoices/" + id + "/finalize", null).status()).isEqualTo(200);
    }

    public String sentInvoice() {
        String id = draftInvoice();
        finalizeInvoice(id);
        assertThat(api.post("/invoicing/v1/invoices/" + id + "/send", null).status()).isEqualTo(200);
        return id;
    }

    /** Wins a new opportunity and answers the id of its {@code opportunity.won} event. */
    public String wonEvent() {
        String opportunity = wonOpportunity();
        for (tools.jackson.databind.JsonNode event : api.get("/sandbox/v1/events?type=opportunity.won").json()) {
            if (opportunity.equals(event.path("body").path("data").path("opportunityId").asString())) {
                return event.path("id").asString();
            }
        }
        throw new AssertionError("no opportunity.won event for " + opportunity);
    }
}
