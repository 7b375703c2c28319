package dev.o2c.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o2c.settings.StartupSettings;
import dev.o2c.workflows.common.TaskQueues;
import dev.o2c.workflows.reconciliation.ReconciliationCheck;
import dev.o2c.workflows.reconciliation.ReconciliationRequest;
import dev.o2c.workflows.reconciliation.ReconciliationSchedulerWorkflow;
import dev.o2c.workflows.reconciliation.ReconciliationWorkflow;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole worker on the in-memory Temporal test server and an embedded PostgreSQL ledger, to show reconciliation
 * is wired: the workflow polled on {@code o2c-workflows}, its activities on {@code reconciliation} writing to the
 * ledger, and the scheduler started at start-up (the test server has no Schedules, like the local stack's). The
 * systems are unreachable: the run writes its row, then retries its first page until the test ends it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = {
        "spring.temporal.test-server.enabled=true",
        "o2c.lost-process-sweep.enabled=false",
        "o2c.reconciliation.period=PT6H",
        "o2c.systems.crm.base-url=http://127.0.0.1:9/crm/v1",
        "o2c.systems.psa.base-url=http://127.0.0.1:9/psa/v1",
        "o2c.systems.erp.base-url=http://127.0.0.1:9/erp/v1",
        "o2c.systems.invoicing.base-url=http://127.0.0.1:9/invoicing/v1",
})
@ActiveProfiles(StartupSettings.DEV_PROFILE)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ReconciliationWiringTest {

    static EmbeddedPostgres postgres;

    @Autowired WorkflowClient client;

    @DynamicPropertySource
    static void ledger(DynamicPropertyRegistry registry) {
        try {
            postgres = EmbeddedPostgres.builder().start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        registry.add("spring.datasource.url",
                () -> "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres");
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "postgres");
    }

    @AfterAll
    static void stopLedger() throws IOException {
        postgres.close();
    }

    @Test
    void theSchedulerRunsAndAReconciliationRecordsItsRunThroughTheReconciliationQueue() throws Exception {
        // started at start-up, in the mode of a server without Schedules
        ReconciliationSchedulerWorkflow scheduler = client.newWorkflowStub(ReconciliationSchedulerWorkflow.class,
                ReconciliationSchedulerWorkflow.WORKFLOW_ID);
        assertThat(scheduler.state().period()).isEqualTo(Duration.ofHours(6));

        ReconciliationWorkflow run = client.newWorkflowStub(ReconciliationWorkflow.class, WorkflowOptions.newBuilder()
                .setWorkflowId(ReconciliationWorkflow.WORKFLOW_ID).setTaskQueue(TaskQueues.WORKFLOWS).build());
        WorkflowClient.start(run::run, new ReconciliationRequest("rec-wiring", ReconciliationRequest.ON_DEMAND,
                "ops@o2c.dev", List.of(ReconciliationCheck.RECEIVABLES), 0, null));

        JdbcClient ledger = JdbcClient.create(postgres.getPostgresDatabase());
        Map<String, Object> row = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (row == null && System.nanoTime() < deadline) {
            row = ledger.sql("select * from reconciliation_run where run_id = 'rec-wiring'").query().listOfRows()
                    .stream().findFirst().orElse(null);
            Thread.sleep(100);
        }
        assertThat(row).as("written by ReconciliationActivitiesImpl on the reconciliation queue").isNotNull();
        assertThat(row.get("status")).isEqualTo("RUNNING");
        assertThat(row.get("trigger")).isEqualTo("ON_DEMAND");
        assertThat(row.get("requested_by")).isEqualTo("ops@o2c.dev");
        assertThat(client.newUntypedWorkflowStub(ReconciliationWorkflow.WORKFLOW_ID).describe().getStatus())
                .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
        client.newUntypedWorkflowStub(ReconciliationWorkflow.WORKFLOW_ID).terminate("test over");
    }
}
