package dev.o2c.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The business behaviour of each system: upserts, state machines, balances, filters, write-back. */
class SystemsTest extends SandboxTest {

    @Test
    void erpCustomerUpsertCreatesThenUpdatesAndReactivates() {
        String externalId = Fixtures.unique("acc");
        Api.Response created = api.post("/erp/v1/customers", fx.customerBody(externalId));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().path("created").asBoolean()).isTrue();
        assertThat(created.id()).startsWith("cus_");
        assertThat(created.headers().getLocation()).hasToString("/erp/v1/customers/" + created.id());

        Api.Response updated = api.post("/erp/v1/customers", fx.customerBody(externalId).replace("Berlin", "Hamburg"));
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.json().path("created").asBoolean()).isFalse();
        assertThat(updated.id()).isEqualTo(created.id());
        assertThat(updated.json().path("billingAddress").path("city").asString()).isEqualTo("Hamburg");

        assertThat(api.post("/erp/v1/customers/" + created.id() + "/deactivate", null).get("status")).isEqualTo("INACTIVE");
        assertThat(api.post("/erp/v1/customers/" + created.id() + "/deactivate", null).get("status")).isEqualTo("INACTIVE");
        assertThat(api.post("/erp/v1/customers", fx.customerBody(externalId)).get("status")).isEqualTo("ACTIVE");

        JsonNode get = api.get("/erp/v1/customers/" + created.id()).json();
        assertThat(get.has("created")).isFalse();
        assertThat(get.path("taxId").asString()).isEqualTo("DE123");
    }

    @Test
    void invoiceLifecycleAndPartialPayments() {
        String invoice = fx.draftInvoice();
        JsonNode draft = api.get("/invoicing/v1/invoices/" + invoice).json();
        assertThat(draft.path("lines").get(0).path("amount").asString()).isEqualTo("1200.00");
        assertThat(draft.path("total").asString()).isEqualTo("1430.40");
        assertThat(draft.path("number").isNull()).isTrue();

        JsonNode finalized = api.post("/invoicing/v1/invoices/" + invoice + "/finalize", null).json();
        assertThat(finalized.path("status").asString()).isEqualTo("FINALIZED");
        assertThat(finalized.path("number").asString()).startsWith("INV-");
        assertThat(api.post("/invoicing/v1/invoices/" + invoice + "/send", null).get("status")).isEqualTo("SENT");

        Api.Response partial = api.post("/invoicing/v1/invoices/" + invoice + "/payments",
                "{\"amount\": \"430.40\", \"currency\": \"EUR\", \"reference\": \"wire-1\", \"receivedOn\": \"2026-03-10\"}");
        assertThat(partial.status()).isEqualTo(201);
        assertThat(partial.id()).startsWith("pay_");
        assertThat(partial.get("invoiceStatus")).isEqualTo("PARTIALLY_PAID");
        assertThat(partial.get("invoiceBalance")).isEqualTo("1000.00");

        Api.Response rest = api.post("/invoicing/v1/invoices/" + invoice + "/payments",
                "{\"amount\": 1000, \"currency\": \"EUR\", \"reference\": \"wire-2\", \"receivedOn\": \"2026-03-20\"}");
        assertThat(rest.get("invoiceStatus")).isEqualTo("PAID");
        JsonNode paid = api.get("/invoicing/v1/invoices/" + invoice).json();
        assertThat(paid.path("amountPaid").asString()).isEqualTo("1430.40");
        assertThat(paid.path("balance").asString()).isEqualTo("0.00");
        assertThat(paid.path("paidAt").asString()).isNotEmpty();
        assertThat(api.get("/invoicing/v1/invoices/" + invoice + "/payments").json().size()).isEqualTo(2);
        assertThat(api.get("/invoicing/v1/invoices?status=PAID").json().findValuesAsString("id")).contains(invoice);
    }

    @Test
    void voidPlanBlocksNewInvoices() {
        String plan = fx.plan();
        assertThat(api.post("/invoicing/v1/billing-plans/" + plan + "/void", null).get("status")).isEqualTo("VOID");
        assertThat(api.post("/invoicing/v1/billing-plans/" + plan + "/void", null).get("status")).isEqualTo("VOID");
        assertProblem(api.post("/invoicing/v1/invoices", fx.invoiceBody(plan)), 409, "conflict");
    }

    @Test
    void receivablePaymentsReduceTheBalance() {
        String receivable = fx.receivable(fx.customer(), "100.00");
        Api.Response first = api.post("/erp/v1/receivables/" + receivable + "/payments",
                "{\"paymentRef\": \"p1\", \"amount\": \"40.00\", \"currency\": \"EUR\", \"receivedOn\": \"2026-03-01\"}");
        assertThat(first.status()).isEqualTo(201);
        JsonNode partially = api.get("/erp/v1/receivables/" + receivable).json();
        assertThat(partially.path("balance").asString()).isEqualTo("60.00");
        assertThat(partially.path("status").asString()).isEqualTo("PARTIALLY_PAID");
        api.post("/erp/v1/receivables/" + receivable + "/payments",
                "{\"paymentRef\": \"p2\", \"amount\": \"60.00\", \"currency\": \"EUR\", \"receivedOn\": \"2026-03-02\"}");
        JsonNode paid = api.get("/erp/v1/receivables/" + receivable).json();
        assertThat(paid.path("status").asString()).isEqualTo("PAID");
        assertThat(paid.path("payments").findValuesAsString("paymentRef")).containsExactly("p1", "p2");
    }

    @Test
    void aLiveObjectWithTheSameExternalRefIsAConflictAnUndoneOneIsNot() {
        String customer = fx.customer();
        record Kind(String collection, String body, String undo) {}
        for (Kind kind : List.of(
                new Kind("/psa/v1/projects", """
                        {"externalRef": "%s", "customerRef": "cus_x", "name": "P", "billingModel": "FIXED_FEE", "currency": "EUR"}""",
                        "cancel"),
                new Kind("/erp/v1/projects", """
                        {"externalRef": "%s", "customerId": "CUSTOMER", "name": "E", "currency": "EUR", "revenueMethod": "AS_INVOICED"}"""
                        .replace("CUSTOMER", customer),
                        "close"),
                new Kind("/invoicing/v1/billing-plans", """
                        {"externalRef": "%s", "customerRef": "c", "projectRef": "p", "billingModel": "FIXED_FEE", "currency": "EUR", "billingPeriod": "MONTHLY"}""",
                        "void"))) {
            String ref = Fixtures.unique("opp");
            String body = kind.body().formatted(ref);
            Api.Response first = api.post(kind.collection(), body);
            assertThat(first.status()).as(kind.collection() + ": " + first.raw()).isEqualTo(201);

            Api.Response duplicate = api.post(kind.collection(), body);
            assertThat(duplicate.status()).as(kind.collection() + ": " + duplicate.raw()).isEqualTo(409);
            assertThat(duplicate.json().path("existingId").asString()).isEqualTo(first.id());
            assertThat(duplicate.json().path("type").asString()).endsWith("/conflict");

            assertThat(api.post(kind.collection() + "/" + first.id() + "/" + kind.undo(), null).status()).isEqualTo(200);
            Api.Response again = api.post(kind.collection(), body);
            assertThat(again.status()).as(kind.collection() + ": " + again.raw()).isEqualTo(201);
            assertThat(again.id()).isNotEqualTo(first.id());
            assertThat(api.get(kind.collection() + "?externalRef=" + ref).json().findValuesAsString("id"))
                    .containsExactly(first.id(), again.id());
        }
    }

    @Test
    void erpProjectsFilterByCustomer() {
        String customer = fx.customer();
        String other = fx.customer();
        String first = fx.erpProject(customer);
        String second = fx.erpProject(customer);
        fx.erpProject(other);

        assertThat(api.get("/erp/v1/projects?customerId=" + customer).json().findValuesAsString("id"))
                .containsExactly(first, second);
        assertThat(api.get("/erp/v1/projects?customerId=cus_nobody").json()).isEmpty();
    }

    @Test
    void erpProjectCloseIsIdempotent() {
        String project = fx.erpProject(fx.customer());
        JsonNode closed = api.post("/erp/v1/projects/" + project + "/close", null).json();
        assertThat(closed.path("status").asString()).isEqualTo("CLOSED");
        assertThat(api.post("/erp/v1/projects/" + project + "/close", null).get("closedAt"))
                .isEqualTo(closed.path("closedAt").asString());
    }

    @Test
    void crmAccountPatchFixesMissingFinanceAttributes() {
        String account = api.post("/crm/v1/accounts", "{\"name\": \"Sparse Ltd\", \"currency\": \"GBP\"}").id();
        JsonNode patched = api.patch("/crm/v1/accounts/" + account, """
                {"taxId": "GB999", "legalEntity": "O2C-UK", "paymentTermsDays": 45,
                 "billingAddress": {"line1": "1 High St", "city": "Leeds", "country": "GB"}}""").json();
        assertThat(patched.path("taxId").asString()).isEqualTo("GB999");
        assertThat(patched.path("name").asString()).isEqualTo("Sparse Ltd");
        assertThat(patched.path("billingAddress").path("city").asString()).isEqualTo("Leeds");
        assertThat(patched.path("updatedAt").asString()).isGreaterThanOrEqualTo(patched.path("createdAt").asString());
    }

    @Test
    void opportunityWinDeliveryWriteBackFiltersContactsAndTasks() {
        String account = fx.account();
        String opportunity = fx.opportunity(account);
        JsonNode won = api.post("/crm/v1/opportunities/" + opportunity + "/won", null).json();
        assertThat(won.path("stage").asString()).isEqualTo("WON");
        assertThat(api.post("/crm/v1/opportunities/" + opportunity + "/won", null).get("wonAt"))
                .isEqualTo(won.path("wonAt").asString());
        assertThat(api.get("/crm/v1/opportunities?stage=WON&accountId=" + account).json().findValuesAsString("id"))
                .containsExactly(opportunity);
        assertThat(api.get("/crm/v1/opportunities?stage=OPEN&accountId=" + account).json()).isEmpty();

        api.post("/crm/v1/opportunities/" + opportunity + "/delivery",
                "{\"erpCustomerId\": \"cus_1\", \"psaProjectId\": \"prj_1\", \"deliveryStatus\": \"PROVISIONING\"}");
        JsonNode delivery = api.post("/crm/v1/opportunities/" + opportunity + "/delivery",
                "{\"billingPlanId\": \"bpl_1\", \"erpProjectId\": \"eprj_1\", \"deliveryStatus\": \"ACTIVE\"}").json().path("delivery");
        assertThat(delivery.path("erpCustomerId").asString()).isEqualTo("cus_1");
        assertThat(delivery.path("psaProjectId").asString()).isEqualTo("prj_1");
        assertThat(delivery.path("billingPlanId").asString()).isEqualTo("bpl_1");
        assertThat(delivery.path("erpProjectId").asString()).isEqualTo("eprj_1");
        assertThat(delivery.path("deliveryStatus").asString()).isEqualTo("ACTIVE");

        api.post("/crm/v1/accounts/" + account + "/contacts", "{\"name\": \"Pat\", \"primary\": true}");
        assertThat(api.get("/crm/v1/accounts/" + account + "/contacts").json().findValuesAsString("name")).containsExactly("Pat");
        Api.Response task = api.post("/crm/v1/tasks", """
                {"accountId": "%s", "opportunityId": "%s", "subject": "Tax id missing", "assignee": "sales-ops"}"""
                .formatted(account, opportunity));
        assertThat(task.status()).isEqualTo(201);
        assertThat(api.get("/crm/v1/tasks?accountId=" + account).json().findValuesAsString("id")).containsExactly(task.id());
        assertProblem(api.post("/crm/v1/tasks", """
                {"accountId": "%s", "opportunityId": "opp_demo_tm_northwind", "subject": "x"}""".formatted(account)),
                400, "validation");
    }

    @Test
    void psaListsFilterByStatus() {
        String project = fx.psaProject();
        String approved = fx.timeEntry(project);
        String submitted = fx.timeEntry(project);
        api.post("/psa/v1/time-entries/" + approved + "/approve", null);
        assertThat(api.get("/psa/v1/projects/" + project + "/time-entries?status=APPROVED").json().findValuesAsString("id"))
                .containsExactly(approved);
        assertThat(api.get("/psa/v1/projects/" + project + "/time-entries?status=SUBMITTED").json().findValuesAsString("id"))
                .containsExactly(submitted);
        String milestone = fx.milestone(project);
        assertThat(api.post("/psa/v1/milestones/" + milestone + "/complete", null).get("status")).isEqualTo("COMPLETED");
        assertThat(api.get("/psa/v1/projects/" + project + "/milestones").json().findValuesAsString("status"))
                .containsExactly("COMPLETED");
        JsonNode phases = api.get("/psa/v1/projects/" + project).json().path("phases");
        assertThat(phases.get(0).path("tasks").get(0).path("name").asString()).isEqualTo("Coding");
    }
}
