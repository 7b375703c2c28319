package dev.o2c.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.o2c.devstack.client.O2cClient;
import dev.o2c.devstack.client.WorkflowHistories;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Customer master data end to end on the shared stack: a provisioned deal's account changed in the CRM reaches its ERP
 * customer through {@code account.updated}; the same attribute changed by hand in the ERP and then in the CRM parks
 * the account's {@code customer-sync} process for finance-ops, and an operator's RETRY (after fixing the ERP) or SKIP
 * through the REST API resolves it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
@ExtendWith(SharedStack.class)
@Order(2)
class CustomerMasterDataE2EIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Set<String> SETTLED = Set.of("COMPLETED", "ABORTED", "NEEDS_ATTENTION", "FAILED");

    private O2cClient o2c;

    @BeforeAll
    void useTheSharedStack() {
        o2c = SharedStack.get().client();
    }

    @Test
    void crmChangesReachTheErpCustomerAndAConflictParksUntilAnOperatorDecides() {
        String name = "E2E MD " + UUID.randomUUID().toString().substring(0, 8);
        String account = o2c.createAccount(name, true);
        Map<String, String> ids = o2c.provision(o2c.createOpportunity(account, name + " rollout"), WAIT);
        String customer = ids.get("erpCustomerId");
        String workflowId = "customer-sync-" + account;
        JsonNode provisioned = o2c.erpCustomer(customer);
        // finance sets its own attributes in the ERP: never overwritten by the sync
        o2c.patchErpCustomer(customer, object().put("creditLimit", "25000").put("paymentTermsDays", 45));

        // 1. a CRM change reaches the ERP customer
        ObjectNode address = object();
        address.put("line1", "Domplatz 2").put("city", "Koeln").put("postalCode", "50667").put("country", "DE");
        ObjectNode change = object().put("name", name + " AG");
        change.set("billingAddress", address);
        o2c.patchAccount(account, change).expect(200);

        JsonNode synced = awaitCustomer(customer, c -> (name + " AG").equals(c.path("name").asText()));
        assertThat(synced.path("billingAddress").path("city").asText()).isEqualTo("Koeln");
        assertThat(synced.path("taxId").asText()).isEqualTo(provisioned.path("taxId").asText());
        assertThat(synced.path("creditLimit").asText()).isEqualTo("25000.00");
        assertThat(synced.path("paymentTermsDays").asInt()).isEqualTo(45);
        assertThat(synced.path("lastSynced").path("name").asText()).isEqualTo(name + " AG");
        JsonNode first = o2c.awaitStatus(workflowId, SETTLED, WAIT);
        assertThat(first.path("status").asText()).as(first.toString()).isEqualTo("COMPLETED");
        assertThat(first.path("processType").asText()).isEqualTo("customer-sync");
        assertThat(first.path("audit").toString()).contains("PATCH /customers/{id}");
        assertThat(o2c.processes("type=customer-sync&limit=200").expect(200).body().toString()).contains(workflowId);
        recordClosed(workflowId, "customer-sync-e2e-crm-change-written");

        // 2. the tax id changed by hand in the ERP, then differently in the CRM: a conflict parks for finance-ops
        o2c.patchErpCustomer(customer, object().put("taxId", "DE-ERP-1"));
        o2c.patchAccount(account, object().put("taxId", "DE-CRM-1")).expect(200);

        JsonNode parked = o2c.awaitStatus(workflowId, Set.of("NEEDS_ATTENTION"), WAIT);
        JsonNode exception = parked.path("openException");
        assertThat(exception.path("owner").asText()).isEqualTo("finance-ops");
        assertThat(exception.path("failureType").asText()).isEqualTo("o2c.master-data-conflict");
        assertThat(exception.path("cause").asText()).contains("taxId: CRM 'DE-CRM-1' vs ERP 'DE-ERP-1'");
        assertThat(o2c.erpCustomer(customer).path("taxId").asText()).isEqualTo("DE-ERP-1");

        // finance agrees with sales and fixes the ERP; RETRY compares again and completes
        o2c.patchErpCustomer(customer, object().put("taxId", "DE-CRM-1"));
        o2c.decide(workflowId, "retry").expect(202);
        JsonNode retried = o2c.awaitStatus(workflowId, Set.of("COMPLETED", "ABORTED", "FAILED"), WAIT);
        assertThat(retried.path("status").asText()).as(retried.toString()).isEqualTo("COMPLETED");
        assertThat(o2c.erpCustomer(customer).path("lastSynced").path("taxId").asText()).isEqualTo("DE-CRM-1");
        recordClosed(workflowId, "customer-sync-e2e-conflict-retried");

        // 3. the name changed on both sides again: SKIP keeps the ERP's
        o2c.patchErpCustomer(customer, object().put("name", "Chosen by finance"));
        o2c.patchAccount(account, object().put("name", "Chosen by sales")).expect(200);
        o2c.awaitStatus(workflowId, Set.of("NEEDS_ATTENTION"), WAIT);
        o2c.decide(workflowId, "skip").expect(202);
        JsonNode skipped = o2c.awaitStatus(workflowId, Set.of("COMPLETED", "ABORTED", "FAILED"), WAIT);
        assertThat(skipped.path("status").asText()).as(skipped.toString()).isEqualTo("COMPLETED");
        JsonNode kept = o2c.erpCustomer(customer);
        assertThat(kept.path("name").asText()).isEqualTo("Chosen by finance");
        assertThat(kept.path("lastSynced").path("name").asText()).isEqualTo("Chosen by sales");
        assertThat(kept.path("creditLimit").asText()).isEqualTo("25000.00");
    }

    @Test
    void anAccountWithoutErpCustomerIsNothingToSync() {
        String account = o2c.createAccount("E2E prospect " + UUID.randomUUID().toString().substring(0, 8), true);

        o2c.patchAccount(account, object().put("name", "Prospect renamed")).expect(200);

        JsonNode state = o2c.awaitStatus("customer-sync-" + account, SETTLED, WAIT);
        assertThat(state.path("status").asText()).as(state.toString()).isEqualTo("COMPLETED");
        // no ERP customer: nothing compared, nothing written, nothing parked
        assertThat(state.path("steps")).anySatisfy(step -> {
            assertThat(step.path("name").asText()).isEqualTo("erp.readCustomer");
            assertThat(step.path("status").asText()).isEqualTo("COMPLETED");
        });
        assertThat(state.path("steps")).filteredOn(step -> step.path("name").asText().startsWith("o2c.")
                || step.path("name").asText().equals("erp.updateCustomer"))
                .hasSize(2).allSatisfy(step -> assertThat(step.path("status").asText()).isEqualTo("SKIPPED"));
        assertThat(state.path("audit").toString()).doesNotContain("PATCH");
    }

    /** With {@code -Do2c.recordHistories=true}, records the newest run's history once it closed, for replay tests. */
    private static void recordClosed(String workflowId, String scenario) {
        if (Histories.recording()) {
            WorkflowHistories.closed(SharedStack.get().info().temporalAddress(), "default", workflowId);
            Histories.record(workflowId, scenario);
        }
    }

    private JsonNode awaitCustomer(String customerId, Predicate<JsonNode> condition) {
        Instant deadline = Instant.now().plus(WAIT);
        JsonNode last = null;
        while (Instant.now().isBefore(deadline)) {
            last = o2c.erpCustomer(customerId);
            if (condition.test(last)) {
                return last;
            }
            O2cClient.sleep(200);
        }
        throw new AssertionError("ERP customer " + customerId + " not synced within " + WAIT + ": " + last);
    }

    private static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }
}
