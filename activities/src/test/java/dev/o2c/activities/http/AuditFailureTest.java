package dev.o2c.activities.http;

import static dev.o2c.activities.Fixtures.customer;
import static dev.o2c.activities.Fixtures.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.o2c.activities.ConnectorTestSupport;
import dev.o2c.activities.crm.CrmActivitiesImpl;
import dev.o2c.activities.erp.ErpActivitiesImpl;
import dev.o2c.workflows.common.FailureTypes;
import dev.o2c.workflows.systems.CrmActivities;
import dev.o2c.workflows.systems.ErpActivities;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.web.client.RestClient;

/** The ledger database is down: the call's outcome is not lost, and the attempt fails retryably. */
class AuditFailureTest extends ConnectorTestSupport {

    private SystemClients broken;

    @BeforeEach
    void breakTheLedger() {
        SystemsProperties.Endpoint crm = SystemsProperties.Endpoint.of(sandbox.baseUrl("crm"), Duration.ofSeconds(2),
                READ_TIMEOUT);
        SystemsProperties.Endpoint erp = SystemsProperties.Endpoint.of(sandbox.baseUrl("erp"), Duration.ofSeconds(2),
                READ_TIMEOUT);
        broken = new SystemClients(new SystemsProperties(crm, crm, erp, erp), RestClient.builder(), call -> {
            throw new DataAccessResourceFailureException("ledger down");
        });
        env.registerActivitiesImplementations(new CrmActivitiesImpl(broken), new ErpActivitiesImpl(broken));
    }

    @Test
    void aNonRetryableAnswerBecomesRetryableUntilItIsAudited() {
        ApplicationFailure failure = failureOf(() -> stub(CrmActivities.class).readWonOpportunity("opp_unknown"));

        assertThat(failure.getType()).isEqualTo(FailureTypes.TRANSIENT);
        assertThat(failure.isNonRetryable()).isFalse();
        assertThat(failure.getOriginalMessage())
                .startsWith("Audit trail unavailable; call crm GET /opportunities/{id} ended FAILED HTTP 404");
    }

    @Test
    void aSuccessfulCallIsRepeatedSafelyOnceTheLedgerIsBack() {
        String account = unique("acc");
        String key = unique("wf");

        ApplicationFailure failure = failureOf(() -> stub(ErpActivities.class).upsertCustomer(key, customer(account)));
        assertThat(failure.getType()).isEqualTo(FailureTypes.TRANSIENT);
        assertThat(failure.getOriginalMessage()).contains("ended SUCCEEDED HTTP 201");

        // the retry runs with a healthy ledger: same key, the ERP answers its first result
        env.close();
        env = TestActivityEnvironment.newInstance();
        env.registerActivitiesImplementations(new ErpActivitiesImpl(clients));
        assertThat(stub(ErpActivities.class).upsertCustomer(key, customer(account)).created()).isTrue();
        assertThat(sandbox.snapshot("erp", "customers", "externalId", account)).hasSize(1);
        assertThat(audit(key)).hasSize(1);
    }
}
