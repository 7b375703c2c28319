package dev.o2c.activities.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.o2c.activities.ConnectorTestSupport;
import dev.o2c.activities.crm.CrmAccountActivitiesImpl;
import dev.o2c.activities.erp.ErpCustomerActivitiesImpl;
import dev.o2c.workflows.common.FailureTypes;
import dev.o2c.workflows.customer.AccountRead;
import dev.o2c.workflows.customer.CustomerWritten;
import dev.o2c.workflows.customer.ErpCustomerRead;
import dev.o2c.workflows.customer.MasterAttributes;
import dev.o2c.workflows.model.Address;
import dev.o2c.workflows.systems.CrmAccountActivities;
import dev.o2c.workflows.systems.ErpCustomerActivities;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The customer master data connectors against the real sandbox: CRM account read, ERP customer read and PATCH. */
class CustomerMasterActivitiesTest extends ConnectorTestSupport {

    static final Address BERLIN = new Address("Hauptstraße 1", null, "Berlin", "10115", null, "DE");
    static final Address KOELN = new Address("Domplatz 2", null, "Köln", "50667", null, "DE");

    private CrmAccountActivities crm;
    private ErpCustomerActivities erp;

    @BeforeEach
    void register() {
        env.registerActivitiesImplementations(new CrmAccountActivitiesImpl(clients), new ErpCustomerActivitiesImpl(clients));
        crm = stub(CrmAccountActivities.class);
        erp = stub(ErpCustomerActivities.class);
    }

    @Test
    void readsTheAccountsVersionAndCrmOwnedAttributes() {
        String account = account("Contoso GmbH");
        sandbox.patch("/crm/v1/accounts/" + account, "{\"taxId\": \"DE222\"}");

        AccountRead read = crm.readAccount(account);

        assertThat(read.version()).isEqualTo(2);
        assertThat(read.attributes()).isEqualTo(new MasterAttributes("Contoso GmbH", "DE222", BERLIN));
        assertThat(auditOfThisTest()).singleElement().satisfies(row -> assertThat(row)
                .containsEntry("operation", "GET /accounts/{id}")
                .containsEntry("object_ref", account)
                .containsEntry("outcome", "SUCCEEDED"));
    }

    @Test
    void anIncompleteBillingAddressIsAValidationFailureAndAnUnknownAccountNotFound() {
        String account = sandbox.post("/crm/v1/accounts", "{\"name\": \"No address\", \"billingAddress\":"
                + " {\"line1\": \"Somewhere 1\", \"country\": \"DE\"}}").path("id").asString();

        assertThatThrownBy(() -> crm.readAccount(account)).isInstanceOf(ActivityFailure.class)
                .satisfies(f -> assertThat(((ApplicationFailure) f.getCause()).getType())
                        .isEqualTo(FailureTypes.VALIDATION));
        assertThatThrownBy(() -> crm.readAccount("acc_missing")).isInstanceOf(ActivityFailure.class)
                .satisfies(f -> assertThat(((ApplicationFailure) f.getCause()).getType())
                        .isEqualTo(FailureTypes.NOT_FOUND));
    }

    @Test
    void readsTheErpCustomerWithVersionAndBaselineOrNoneWhenNotProvisioned() {
        String account = unique("acc");
        assertThat(erp.readCustomer(account).exists()).isFalse();

        String customerId = customer(account);
        ErpCustomerRead read = erp.readCustomer(account);

        assertThat(read.erpCustomerId()).isEqualTo(customerId);
        assertThat(read.version()).isEqualTo(1);
        MasterAttributes provisioned = new MasterAttributes("Customer " + account, "DE123", BERLIN);
        assertThat(read.attributes()).isEqualTo(provisioned);
        assertThat(read.lastSynced()).isEqualTo(provisioned);
    }

    @Test
    void writesOnlyTheGivenAttributesAndTheBaselineAtTheExpectedVersionOnce() {
        String account = unique("acc");
        String customerId = customer(account);
        sandbox.patch("/erp/v1/customers/" + customerId, "{\"expectedVersion\": 1, \"creditLimit\": \"5000\"}");
        MasterAttributes changes = new MasterAttributes(null, null, KOELN);
        MasterAttributes baseline = new MasterAttributes("Customer " + account, "DE123", KOELN);
        String key = unique("wf") + "/erp.updateCustomer:v2";

        CustomerWritten written = erp.updateCustomer(key, customerId, 2, changes, baseline);
        CustomerWritten again = erp.updateCustomer(key, customerId, 2, changes, baseline);

        assertThat(written).isEqualTo(new CustomerWritten(true, 3, 1));
        // a repeated write (a retry after a lost answer) names a version that is gone: not written again
        assertThat(again).isEqualTo(new CustomerWritten(false, 3, 1));
        JsonNode customer = sandbox.get("/erp/v1/customers/" + customerId);
        assertThat(customer.path("version").asLong()).isEqualTo(3);
        assertThat(customer.path("billingAddress").path("city").asString()).isEqualTo("Köln");
        assertThat(customer.path("creditLimit").asString()).isEqualTo("5000.00"); // ERP-owned, untouched
        assertThat(customer.path("paymentTermsDays").asInt()).isEqualTo(30);
        assertThat(customer.path("lastSynced").path("billingAddress").path("city").asString()).isEqualTo("Köln");
        assertThat(erp.readCustomer(account).lastSynced()).isEqualTo(baseline);
        assertThat(audit(key)).hasSize(2).allSatisfy(row -> assertThat(row)
                .containsEntry("operation", "PATCH /customers/{id}")
                .containsEntry("object_ref", customerId));
    }

    @Test
    void aCustomerAtAnotherVersionIsNotWrittenAndNamesItsVersion() {
        String account = unique("acc");
        String customerId = customer(account);
        sandbox.patch("/erp/v1/customers/" + customerId, "{\"expectedVersion\": 1, \"name\": \"By hand\"}");

        CustomerWritten stale = erp.updateCustomer(unique("wf") + "/erp.updateCustomer:v1", customerId, 1,
                new MasterAttributes("From CRM", null, null), new MasterAttributes("From CRM", "DE123", BERLIN));

        assertThat(stale.applied()).isFalse();
        assertThat(stale.version()).isEqualTo(2);
        assertThat(sandbox.get("/erp/v1/customers/" + customerId).path("name").asString()).isEqualTo("By hand");
    }

    private String account(String name) {
        return sandbox.post("/crm/v1/accounts", """
                {"name": "%s", "legalEntity": "O2C-DE", "currency": "EUR", "taxId": "DE111",
                 "billingAddress": {"line1": "Hauptstraße 1", "city": "Berlin", "postalCode": "10115", "country": "DE"}}
                """.formatted(name)).path("id").asString();
    }

    private String customer(String externalId) {
        return sandbox.post("/erp/v1/customers", """
                {"externalId": "%s", "name": "Customer %s", "legalEntity": "O2C-DE", "taxId": "DE123", "currency": "EUR",
                 "billingAddress": {"line1": "Hauptstraße 1", "city": "Berlin", "postalCode": "10115", "country": "DE"},
                 "paymentTermsDays": 30}
                """.formatted(externalId, externalId)).path("id").asString();
    }
}
