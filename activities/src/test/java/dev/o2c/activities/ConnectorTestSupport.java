package dev.o2c.activities;

import dev.o2c.activities.http.SystemClients;
import dev.o2c.activities.http.SystemsProperties;
import dev.o2c.activities.http.SystemsProperties.Endpoint;
import dev.o2c.activities.ledger.AuditTrail;
import dev.o2c.workflows.common.CorrelationContextPropagator;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import io.temporal.testing.TestActivityEnvironment;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.worker.WorkerFactoryOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.slf4j.MDC;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.web.client.RestClient;

/**
 * Base of the connector tests: the real sandbox over HTTP, a real ledger database for the audit trail, and a
 * {@link TestActivityEnvironment} so every activity has its execution context (and, through an interceptor, the
 * correlation id in its MDC, as {@code CorrelationContextPropagator} does on a real worker).
 * The environment makes one attempt per call (it does not retry), so a failure reaches the test as the activity's
 * {@code ApplicationFailure}; real retries are covered by {@code RetryThroughTemporalTest}.
 */
public abstract class ConnectorTestSupport {

    /** Short enough for the latency tests, long enough for a cold sandbox. */
    protected static final Duration READ_TIMEOUT = Duration.ofSeconds(3);

    private static DataSource ledger;

    protected Sandbox sandbox;
    protected JdbcClient ledgerDb;
    protected SystemClients clients;
    protected TestActivityEnvironment env;
    protected String correlationId;

    @BeforeEach
    void startConnectorEnvironment() {
        sandbox = Sandbox.get();
        sandbox.clearFaults();
        synchronized (ConnectorTestSupport.class) {
            if (ledger == null) {
                ledger = TestDatabases.ledger("ledger_connectors");
            }
        }
        ledgerDb = JdbcClient.create(ledger);
        SystemsProperties properties = new SystemsProperties(
                endpoint("crm"), endpoint("psa"), endpoint("erp"), endpoint("invoicing"));
        clients = new SystemClients(properties, RestClient.builder(),
                new AuditTrail(ledgerDb, new JdbcTransactionManager(ledger)));
        correlationId = "cid-" + UUID.randomUUID();
        // TestActivityEnvironment applies no context propagators: put the correlation id where the propagator would
        String cid = correlationId;
        env = TestActivityEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
                .setWorkerFactoryOptions(WorkerFactoryOptions.newBuilder()
                        .setWorkerInterceptors(new WorkerInterceptorBase() {
                            @Override
                            public ActivityInboundCallsInterceptor interceptActivity(
                                    ActivityInboundCallsInterceptor next) {
                                return new ActivityInboundCallsInterceptorBase(next) {
                                    @Override
                                    public ActivityOutput execute(ActivityInput input) {
                                        MDC.put(CorrelationContextPropagator.KEY, cid);
                                        try {
                                            return super.execute(input);
                                        } finally {
                                            MDC.remove(CorrelationContextPropagator.KEY);
                                        }
                                    }
                                };
                            }
                        })
                        .build())
                .build());
    }

    @AfterEach
    void stopConnectorEnvironment() {
        if (env != null) {
            env.close();
        }
        if (sandbox != null) {
            sandbox.clearFaults();
        }
    }

    private Endpoint endpoint(String system) {
        return Endpoint.of(sandbox.baseUrl(system), Duration.ofSeconds(2), READ_TIMEOUT);
    }

    protected <T> T stub(Class<T> activities) {
        return env.newActivityStub(activities, ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofSeconds(30))
                .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                .build());
    }

    /** Audit rows of calls with this idempotency key or object ref, oldest first. */
    protected List<Map<String, Object>> audit(String keyOrRef) {
        return ledgerDb.sql("select * from audit where idempotency_key = :v or object_ref = :v order by id")
                .param("v", keyOrRef)
                .query()
                .listOfRows();
    }

    /** Audit rows of every call this test made (its correlation id), oldest first. */
    protected List<Map<String, Object>> auditOfThisTest() {
        return ledgerDb.sql("select * from audit where correlation_id = :c order by id")
                .param("c", correlationId)
                .query()
                .listOfRows();
    }

    protected static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
