package dev.o2c.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Customer master data: a CRM account PATCH bumps the account's version and emits {@code account.updated}; the ERP
 * customer's optimistic PATCH, its own attributes and the integration's sync baseline ({@code lastSynced}).
 */
class CustomerMasterDataTest extends SandboxTest {

    private final WebhookReceiver receiver = TestInfrastructure.receiver();

    @Test
    void anAccountPatchBumpsTheVersionAndEmitsAccountUpdatedWithIdsOnly() {
        String account = fx.account();
        assertThat(api.get("/crm/v1/accounts/" + account).json().path("version").asLong()).isEqualTo(1);

        Api.Response patched = api.patch("/crm/v1/accounts/" + account,
                "{\"name\": \"Renamed GmbH\", \"billingAddress\": {\"line1\": \"Neue Straße 2\", \"city\": \"Köln\","
                        + " \"postalCode\": \"50667\", \"country\": \"DE\"}}");
        assertThat(patched.status()).as(patched.raw()).isEqualTo(200);
        assertThat(patched.get("name")).isEqualTo("Renamed GmbH");
        assertThat(patched.json().path("taxId").asString()).isEqualTo("DE999999999"); // absent: unchanged
        assertThat(patched.json().path("version").asLong()).isEqualTo(2);
        assertThat(api.patch("/crm/v1/accounts/" + account, "{\"taxId\": \"DE111\"}").json().path("version").asLong())
                .isEqualTo(3);

        List<JsonNode> events = eventsFor("account.updated", account);
        assertThat(events).hasSize(2);
        assertThat(events).extracting(e -> e.path("body").path("data").path("version").asLong())
                .containsExactly(2L, 3L);
        assertThat(events.getFirst().path("body").path("data").size()).isEqualTo(2); // accountId and version only
        await().atMost(Duration.ofSeconds(15)).until(() -> receiver.deliveriesContaining(account).size() >= 2);
        WebhookReceiver.Delivery delivery = receiver.deliveriesContaining(account).getFirst();
        assertThat(delivery.path()).isEqualTo("/api/v1/webhooks/crm");
        assertThat(delivery.header("X-O2C-Event-Type")).isEqualTo("account.updated");
        assertThat(delivery.header("X-O2C-Signature")).startsWith("sha256=");

        assertProblem(api.patch("/crm/v1/accounts/acc_missing", "{\"name\": \"x\"}"), 404, "not-found");
        assertThat(eventsFor("account.updated", "acc_missing")).isEmpty();
    }

    @Test
    void theUpsertRecordsItsWriteAsTheSyncBaselineAndStartsAtVersionOne() {
        String externalId = Fixtures.unique("acc");
        String customer = fx.customer(externalId);

        JsonNode read = api.get("/erp/v1/customers/" + customer).json();
        assertThat(read.path("version").asLong()).isEqualTo(1);
        assertThat(read.path("creditLimit").isNull()).isTrue();
        assertThat(read.path("lastSynced").path("name").asString()).isEqualTo("Customer " + externalId);
        assertThat(read.path("lastSynced").path("taxId").asString()).isEqualTo("DE123");
        assertThat(read.path("lastSynced").path("billingAddress").path("city").asString()).isEqualTo("Berlin");

        assertThat(api.post("/erp/v1/customers", fx.customerBody(externalId)).json().path("version").asLong())
                .isEqualTo(2);
    }

    @Test
    void aPatchAtTheExpectedVersionChangesThePresentFieldsAndKeepsTheBaselineUnlessSent() {
        String customer = fx.customer();

        // a person in the ERP: no lastSynced, so the baseline stays what the integration wrote
        Api.Response byHand = api.patch("/erp/v1/customers/" + customer,
                "{\"expectedVersion\": 1, \"name\": \"Changed in ERP\", \"creditLimit\": \"25000\","
                        + " \"paymentTermsDays\": 45}");
        assertThat(byHand.status()).as(byHand.raw()).isEqualTo(200);
        assertThat(byHand.get("name")).isEqualTo("Changed in ERP");
        assertThat(byHand.json().path("creditLimit").asString()).isEqualTo("25000.00");
        assertThat(byHand.json().path("paymentTermsDays").asInt()).isEqualTo(45);
        assertThat(byHand.json().path("taxId").asString()).isEqualTo("DE123");
        assertThat(byHand.json().path("version").asLong()).isEqualTo(2);
        assertThat(byHand.json().path("lastSynced").path("name").asString()).startsWith("Customer acc");

        // the integration: sends what it wrote as the new baseline
        Api.Response synced = api.patch("/erp/v1/customers/" + customer,
                "{\"expectedVersion\": 2, \"taxId\": \"DE777\", \"lastSynced\": {\"name\": \"Changed in ERP\","
                        + " \"taxId\": \"DE777\", \"billingAddress\": {\"line1\": \"Hauptstraße 1\", \"city\": \"Berlin\","
                        + " \"postalCode\": \"10115\", \"country\": \"DE\"}}}");
        assertThat(synced.status()).as(synced.raw()).isEqualTo(200);
        assertThat(synced.json().path("version").asLong()).isEqualTo(3);
        assertThat(synced.json().path("lastSynced").path("taxId").asString()).isEqualTo("DE777");
        assertThat(synced.json().path("lastSynced").path("name").asString()).isEqualTo("Changed in ERP");
        assertThat(synced.json().path("creditLimit").asString()).isEqualTo("25000.00");
    }

    @Test
    void aStaleVersionIsAConflictNamingTheCurrentOneAndChangesNothing() {
        String customer = fx.customer();
        api.patch("/erp/v1/customers/" + customer, "{\"expectedVersion\": 1, \"creditLimit\": \"1000\"}");

        Api.Response stale = api.patch("/erp/v1/customers/" + customer, "{\"expectedVersion\": 1, \"name\": \"Late\"}");
        assertProblem(stale, 409, "conflict");
        assertThat(stale.json().path("currentVersion").asLong()).isEqualTo(2);
        assertThat(api.get("/erp/v1/customers/" + customer).json().path("name").asString()).isNotEqualTo("Late");

        assertProblem(api.patch("/erp/v1/customers/" + customer, "{\"name\": \"No version\"}"), 400, "validation");
        assertProblem(api.patch("/erp/v1/customers/" + customer, "{\"expectedVersion\": 2, \"name\": \"\"}"), 400,
                "validation");
        assertProblem(api.patch("/erp/v1/customers/" + customer, "{\"expectedVersion\": 2, \"creditLimit\": \"-1\"}"),
                400, "validation");
        assertProblem(api.patch("/erp/v1/customers/" + customer,
                "{\"expectedVersion\": 2, \"creditLimit\": \"1.001\"}"), 400, "validation");
        assertProblem(api.patch("/erp/v1/customers/cus_missing", "{\"expectedVersion\": 1, \"name\": \"x\"}"), 404,
                "not-found");
    }

    @Test
    void injectedFaultsHitTheNewOperationsBeforeAnythingChangesOrIsEmitted() {
        String account = fx.account();
        String customer = fx.customer();
        assertThat(api.post("/sandbox/v1/faults", "{\"system\": \"crm\", \"operation\": \"accounts.update\","
                + " \"mode\": \"TRANSIENT\", \"times\": 1}").status()).isEqualTo(201);
        assertThat(api.post("/sandbox/v1/faults", "{\"system\": \"erp\", \"operation\": \"customers.update\","
                + " \"mode\": \"TRANSIENT\", \"times\": 1}").status()).isEqualTo(201);
        try {
            assertProblem(api.patch("/crm/v1/accounts/" + account, "{\"name\": \"Flaky\"}"), 503, "unavailable");
            assertThat(eventsFor("account.updated", account)).isEmpty();
            assertThat(api.get("/crm/v1/accounts/" + account).json().path("version").asLong()).isEqualTo(1);
            assertThat(api.patch("/crm/v1/accounts/" + account, "{\"name\": \"Flaky\"}").json().path("version")
                    .asLong()).isEqualTo(2);
            assertThat(eventsFor("account.updated", account)).hasSize(1);

            assertProblem(api.patch("/erp/v1/customers/" + customer, "{\"expectedVersion\": 1, \"name\": \"x\"}"),
                    503, "unavailable");
            assertThat(api.patch("/erp/v1/customers/" + customer, "{\"expectedVersion\": 1, \"name\": \"x\"}")
                    .json().path("version").asLong()).isEqualTo(2);
        } finally {
            api.delete("/sandbox/v1/faults");
        }
    }

    private List<JsonNode> eventsFor(String type, String accountId) {
        return api.get("/sandbox/v1/events?type=" + type).json().valueStream()
                .filter(e -> accountId.equals(e.path("body").path("data").path("accountId").asString()))
                .toList();
    }
}
