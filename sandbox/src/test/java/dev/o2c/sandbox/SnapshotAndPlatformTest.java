package dev.o2c.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Snapshot, seeded demo data, reset, OpenAPI and actuator. */
class SnapshotAndPlatformTest extends SandboxTest {

    private static JsonNode byId(JsonNode list, String id) {
        for (JsonNode item : list) {
            if (id.equals(item.path("id").asString())) {
                return item;
            }
        }
        return null;
    }

    @Test
    void snapshotHasEveryCollectionOfEverySystemAndTheObjectsJustCreated() {
        String account = fx.account();
        String project = fx.psaProject();
        String entry = fx.timeEntry(project);
        String customer = fx.customer();
        String receivable = fx.receivable(customer, "10.00");
        String invoice = fx.draftInvoice();

        JsonNode snapshot = api.get("/sandbox/v1/snapshot").json();
        assertThat(snapshot.propertyNames()).containsExactly("crm", "psa", "erp", "invoicing");
        assertThat(snapshot.path("crm").propertyNames()).containsExactly("accounts", "contacts", "opportunities", "tasks", "amendments",
                "opportunityInvoices");
        assertThat(snapshot.path("psa").propertyNames()).containsExactly("projects", "timeEntries", "expenses", "milestones");
        assertThat(snapshot.path("erp").propertyNames()).containsExactly("legalEntities", "customers", "projects", "receivables",
                "exchangeRates", "taxRates", "revenueEntries");
        assertThat(snapshot.path("invoicing").propertyNames()).containsExactly("billingPlans", "invoices", "payments",
                "reminders", "creditMemos");

        JsonNode storedAccount = byId(snapshot.path("crm").path("accounts"), account);
        assertThat(storedAccount).isNotNull();
        assertThat(storedAccount.path("correlationId").asString()).isEqualTo("corr-test");
        assertThat(storedAccount.path("createdAt").asString()).isNotEmpty();
        assertThat(byId(snapshot.path("psa").path("timeEntries"), entry).path("hours").asString()).isEqualTo("7.50");
        assertThat(byId(snapshot.path("erp").path("receivables"), receivable).path("balance").asString()).isEqualTo("10.00");
        JsonNode storedInvoice = byId(snapshot.path("invoicing").path("invoices"), invoice);
        assertThat(storedInvoice.path("total").asString()).isEqualTo("1430.40");
        assertThat(storedInvoice.path("status").asString()).isEqualTo("DRAFT");
    }

    @Test
    void seededDemoDataCoversEveryBillingModelMissingFinanceAttributesAndTwoRateCardVersions() {
        JsonNode umbrella = api.get("/crm/v1/accounts/acc_demo_umbrella").json();
        assertThat(umbrella.path("taxId").isNull()).isTrue();
        assertThat(umbrella.path("legalEntity").asString()).isEqualTo("O2C-US");

        Set<String> models = new HashSet<>();
        for (JsonNode opportunity : api.get("/crm/v1/opportunities?stage=OPEN").json()) {
            if (opportunity.path("id").asString().startsWith("opp_demo_")) {
                models.add(opportunity.path("billingModel").asString());
                JsonNode versions = opportunity.path("rateCard").path("versions");
                assertThat(versions.size()).isEqualTo(2);
                assertThat(versions.get(0).path("effectiveFrom").asString())
                        .isLessThan(versions.get(1).path("effectiveFrom").asString());
            }
        }
        assertThat(models).containsExactlyInAnyOrder("TIME_AND_MATERIALS", "FIXED_FEE", "MILESTONE", "RETAINER");
        JsonNode retainer = api.get("/crm/v1/opportunities/opp_demo_retainer_globex").json();
        assertThat(retainer.path("retainerMonthlyAmount").asString()).isEqualTo("10000.00");
        assertThat(api.get("/crm/v1/opportunities/opp_demo_milestone_initech").json().path("milestones").size()).isEqualTo(3);

        JsonNode entities = api.get("/erp/v1/legal-entities").json();
        assertThat(entities.findValuesAsString("code")).containsExactly("O2C-DE", "O2C-UK", "O2C-US");
        assertThat(entities.findValuesAsString("currency")).containsExactly("EUR", "GBP", "USD");
    }

    @Test
    void resetDeletesEverythingAndReseeds() {
        String account = fx.account();
        api.post("/sandbox/v1/faults", "{\"system\": \"crm\", \"operation\": \"never.called\", \"mode\": \"TRANSIENT\"}");
        assertThat(api.post("/sandbox/v1/reset", null).status()).isEqualTo(200);

        assertProblem(api.get("/crm/v1/accounts/" + account), 404, "not-found");
        assertThat(api.get("/sandbox/v1/faults").json()).isEmpty();
        assertThat(api.get("/sandbox/v1/events").json()).isEmpty();
        List<String> accounts = api.get("/crm/v1/accounts").json().findValuesAsString("id");
        assertThat(accounts).hasSize(5).allMatch(id -> id.startsWith("acc_demo_"));
        assertThat(api.get("/erp/v1/legal-entities").json().size()).isEqualTo(3);
    }

    @Test
    void openApiNamesEveryOperationAfterItsFaultName() {
        JsonNode doc = api.get("/v3/api-docs").json();
        assertThat(doc.path("info").path("title").asString()).isEqualTo("o2c sandbox");
        assertThat(doc.path("paths").path("/erp/v1/customers").path("post").path("operationId").asString())
                .isEqualTo("erp.customers.upsert");
        assertThat(doc.path("paths").path("/psa/v1/projects").path("post").path("x-fault-operation").asString())
                .isEqualTo("projects.create");
        assertThat(doc.path("paths").path("/invoicing/v1/invoices/{id}/send").path("post").path("operationId").asString())
                .isEqualTo("invoicing.invoices.send");
        assertThat(doc.path("paths").path("/sandbox/v1/faults").has("post")).isTrue();
        assertThat(api.get("/swagger-ui/index.html").status()).isEqualTo(200);
    }

    @Test
    void actuatorExposesProbesAndPrometheus() {
        Api.Response readiness = api.get("/actuator/health/readiness");
        assertThat(readiness.status()).isEqualTo(200);
        assertThat(readiness.get("status")).isEqualTo("UP");
        assertThat(api.get("/actuator/health/liveness").status()).isEqualTo(200);
        assertThat(api.getAny("/actuator/prometheus").raw()).contains("jvm_memory_used_bytes");
    }
}
