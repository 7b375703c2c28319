package dev.o2c.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.o2c.devstack.client.O2cClient;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Java test server dies (SIGKILL): it keeps nothing on disk, so every workflow is gone while the ledger still
 * says RUNNING or NEEDS_ATTENTION. The launcher restarts it, then the worker and the starter; the worker, at start,
 * marks the ledger's open processes whose workflow Temporal no longer has as LOST. Runs last of the classes that
 * share the stack: it ends every saga in flight.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 6, unit = TimeUnit.MINUTES)
@ExtendWith(SharedStack.class)
@Order(4)
class TemporalLossE2EIT {

    private LocalStack stack;
    private StackInfo info;
    private O2cClient o2c;

    @BeforeAll
    void useTheSharedStack() {
        stack = SharedStack.get().stack();
        info = SharedStack.get().info();
        o2c = SharedStack.get().client();
    }

    @Test
    void theTestServerKilledIsRestartedAndTheWorkerMarksTheVanishedProcessesLost() throws Exception {
        // a saga parked in NEEDS_ATTENTION (no tax id), and a RUNNING ledger row whose workflow never existed
        String name = "Lost " + UUID.randomUUID().toString().substring(0, 8);
        String parked = "opportunity-to-project-" + o2c.createOpportunity(o2c.createAccount(name, false), name);
        o2c.markWon(parked.substring("opportunity-to-project-".length())).expect(200);
        o2c.awaitStatus(parked, Set.of("NEEDS_ATTENTION"), Duration.ofSeconds(90));
        String ghost = "opportunity-to-project-ghost-" + UUID.randomUUID();
        insertRunning(ghost, "ghost-run");
        int restartsBefore = stack.restarts("temporal");

        ProcessHandle server = stack.process("temporal").orElseThrow();
        server.destroyForcibly();
        server.onExit().get(10, TimeUnit.SECONDS);

        Instant deadline = Instant.now().plus(Duration.ofMinutes(4));
        while (stack.restarts("temporal") <= restartsBefore) {
            assertThat(Instant.now()).as("the launcher restarted the test server").isBefore(deadline);
            assertThat(stack.failure()).as("the stack gave up").isNotDone();
            O2cClient.sleep(250);
        }
        assertThat(stack.process("temporal").orElseThrow().pid()).isNotEqualTo(server.pid());

        assertThat(status("process", parked)).startsWith("LOST|LOST: Temporal no longer has this workflow");
        assertThat(status("process", ghost)).startsWith("LOST|LOST: Temporal no longer has this workflow");
        assertThat(status("process_run", ghost)).startsWith("LOST|");

        // and the stack works again: a new saga completes on the fresh server
        String again = "Again " + UUID.randomUUID().toString().substring(0, 8);
        String opportunity = o2c.createOpportunity(o2c.createAccount(again, true), again);
        o2c.markWon(opportunity).expect(200);
        JsonNode state = o2c.awaitStatus("opportunity-to-project-" + opportunity,
                Set.of("COMPLETED", "COMPENSATED", "ABORTED", "NEEDS_ATTENTION"), Duration.ofSeconds(120));
        assertThat(state.path("status").asText()).as(state.toString()).isEqualTo("COMPLETED");
        assertThat(stack.failure()).isNotDone();
    }

    private Connection ledger() throws SQLException {
        JdbcTarget ledger = info.o2cDb();
        return DriverManager.getConnection(ledger.url(), ledger.user(), ledger.password());
    }

    private void insertRunning(String workflowId, String runId) throws SQLException {
        try (Connection db = ledger()) {
            for (String table : new String[] {"process", "process_run"}) {
                try (PreparedStatement insert = db.prepareStatement("insert into " + table
                        + " (workflow_id, run_id, process_type, business_key, status, started_at, updated_at)"
                        + " values (?, ?, 'opportunity-to-project', ?, 'RUNNING', now(), now())")) {
                    insert.setString(1, workflowId);
                    insert.setString(2, runId);
                    insert.setString(3, workflowId.substring("opportunity-to-project-".length()));
                    insert.executeUpdate();
                }
            }
        }
    }

    /** {@code status|detail} of the workflow's row in {@code table}. */
    private String status(String table, String workflowId) throws SQLException {
        try (Connection db = ledger();
                PreparedStatement query = db.prepareStatement(
                        "select status, detail from " + table + " where workflow_id = ?")) {
            query.setString(1, workflowId);
            try (ResultSet row = query.executeQuery()) {
                assertThat(row.next()).as("%s row of %s", table, workflowId).isTrue();
                return row.getString(1) + "|" + row.getString(2);
            }
        }
    }
}
