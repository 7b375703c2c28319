package dev.o2c.activities;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o2c.activities.erp.ErpActivitiesImpl;
import dev.o2c.activities.ledger.LedgerActivitiesImpl;
import dev.o2c.workflows.common.CorrelationContextPropagator;
import dev.o2c.workflows.common.ProcessStatus;
import dev.o2c.workflows.common.ProcessTransition;
import dev.o2c.workflows.common.TaskQueues;
import dev.o2c.workflows.model.Customer;
import dev.o2c.workflows.systems.CustomerUpserted;
import dev.o2c.workflows.systems.ErpActivities;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/**
 * The connector run by a real (in-memory) Temporal service, as the worker runs it: Temporal retries the transient
 * failure after the system's {@code Retry-After}, the second attempt succeeds, every attempt has its audit row with
 * the workflow's id, run and attempt, the process projection is touched, and the correlation id travels from the
 * caller through the workflow into the activity's outbound request.
 */
class RetryThroughTemporalTest extends ConnectorTestSupport {

    private TestWorkflowEnvironment temporal;

    @WorkflowInterface
    public interface UpsertProbeWorkflow {
        @WorkflowMethod
        CustomerUpserted run(String idempotencyKey, Customer customer);
    }

    public static class UpsertProbeWorkflowImpl implements UpsertProbeWorkflow {
        private final ErpActivities erp = Workflow.newActivityStub(ErpActivities.class, ActivityOptions.newBuilder()
                .setTaskQueue(TaskQueues.ERP)
                .setStartToCloseTimeout(Duration.ofSeconds(10))
                .setRetryOptions(RetryOptions.newBuilder()
                        .setInitialInterval(Duration.ofMillis(100))
                        .setBackoffCoefficient(1.0)
                        .setMaximumAttempts(3)
                        .build())
                .build());

        @Override
        public CustomerUpserted run(String idempotencyKey, Customer customer) {
            return erp.upsertCustomer(idempotencyKey, customer);
        }
    }

    @AfterEach
    void stopTemporal() {
        MDC.remove(CorrelationContextPropagator.KEY);
        if (temporal != null) {
            temporal.close();
        }
    }

    @Test
    void temporalRetriesAfterRetryAfterAndEveryAttemptIsAudited() {
        temporal = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
                .setUseTimeskipping(false)
                .setWorkflowClientOptions(WorkflowClientOptions.newBuilder()
                        .setContextPropagators(List.of(new CorrelationContextPropagator()))
                        .build())
                .build());
        temporal.newWorker(TaskQueues.WORKFLOWS).registerWorkflowImplementationTypes(UpsertProbeWorkflowImpl.class);
        temporal.newWorker(TaskQueues.ERP).registerActivitiesImplementations(new ErpActivitiesImpl(clients));
        temporal.start();

        String account = unique("acc");
        String workflowId = "probe-" + account;
        String key = workflowId + "/erp.upsertCustomer";
        new LedgerActivitiesImpl(ledgerDb).recordTransition(new ProcessTransition(workflowId, "run-0", "probe",
                account, ProcessStatus.RUNNING, correlationId, "start", null, Map.of(), 1L));
        sandbox.fault("""
                {"system":"erp","operation":"customers.upsert","mode":"TRANSIENT","times":1,"retryAfterSeconds":1}""");

        MDC.put(CorrelationContextPropagator.KEY, correlationId);
        CustomerUpserted upserted = temporal.getWorkflowClient()
                .newWorkflowStub(UpsertProbeWorkflow.class, WorkflowOptions.newBuilder()
                        .setTaskQueue(TaskQueues.WORKFLOWS)
                        .setWorkflowId(workflowId)
                        .build())
                .run(key, Fixtures.customer(account));

        assertThat(upserted.attempt()).isEqualTo(2);
        assertThat(upserted.created()).isTrue();
        List<Map<String, Object>> rows = audit(key);
        assertThat(rows).extracting(row -> row.get("attempt") + "/" + row.get("outcome") + "/" + row.get("http_status"))
                .containsExactly("1/RETRYABLE_FAILURE/503", "2/SUCCEEDED/201");
        assertThat(rows).allSatisfy(row -> {
            assertThat(row).containsEntry("workflow_id", workflowId)
                    .containsEntry("step", "Erp.UpsertCustomer")
                    .containsEntry("correlation_id", correlationId);
            assertThat(row.get("run_id")).isNotNull();
        });
        Duration gap = Duration.between(((Timestamp) rows.get(0).get("at")).toInstant(),
                ((Timestamp) rows.get(1).get("at")).toInstant());
        assertThat(gap).as("next retry waited for Retry-After: 1, not the 100 ms retry interval")
                .isGreaterThanOrEqualTo(Duration.ofMillis(900));
        assertThat(ledgerDb.sql("select current_step from process where workflow_id = :id").param("id", workflowId)
                .query(String.class).single()).isEqualTo("Erp.UpsertCustomer");
        assertThat(sandbox.snapshot("erp", "customers", "externalId", account)).singleElement()
                .satisfies(c -> assertThat(c.path("correlationId").asString()).isEqualTo(correlationId));
    }
}
