package dev.o2c.activities.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o2c.activities.TestDatabases;
import dev.o2c.workflows.common.ExceptionOpened;
import dev.o2c.workflows.common.OwnerTeam;
import dev.o2c.workflows.common.ProcessStatus;
import dev.o2c.workflows.common.ProcessTransition;
import dev.o2c.workflows.common.Resolution;
import dev.o2c.workflows.common.ResolutionAction;
import dev.o2c.workflows.systems.LedgerActivities;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Duration;
import java.time.Instant;
import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

class LedgerActivitiesImplTest {

    private static final long T0 = Instant.parse("2025-03-01T10:00:00Z").toEpochMilli();
    private static final String WF = "opportunity-to-project-opp_1";

    private static JdbcClient jdbc;
    private static TestActivityEnvironment env;
    private static LedgerActivities ledger;

    @BeforeAll
    static void start() {
        jdbc = JdbcClient.create(TestDatabases.ledger("ledger_activities"));
        env = TestActivityEnvironment.newInstance();
        env.registerActivitiesImplementations(new LedgerActivitiesImpl(jdbc));
        // as the workflows use it: a local activity
        ledger = env.newLocalActivityStub(LedgerActivities.class,
                LocalActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(10)).build(), Map.of());
    }

    @AfterAll
    static void stop() {
        env.close();
    }

    @BeforeEach
    void clean() {
        jdbc.sql("truncate process, process_run, audit, exception_record").update();
    }

    @Test
    void firstTransitionInsertsTheProcessRow() {
        ledger.recordTransition(transition(ProcessStatus.RUNNING, "crm.readOpportunity", T0, Map.of()));

        Map<String, Object> row = process();
        assertThat(row).containsEntry("status", "RUNNING")
                .containsEntry("process_type", "opportunity-to-project")
                .containsEntry("business_key", "opp_1")
                .containsEntry("current_step", "crm.readOpportunity")
                .containsEntry("correlation_id", "cid-1")
                .containsEntry("transition_at", T0);
        assertThat(instant(row.get("started_at"))).isEqualTo(Instant.ofEpochMilli(T0));
        assertThat(row.get("created_ids").toString()).isEqualTo("{}");
    }

    @Test
    void newerTransitionUpdatesAndKeepsStartedAt() {
        ledger.recordTransition(transition(ProcessStatus.RUNNING, "crm.readOpportunity", T0, Map.of()));
        ledger.recordTransition(transition(ProcessStatus.NEEDS_ATTENTION, "erp.upsertCustomer", T0 + 5_000,
                Map.of("erpCustomerId", "cus_1")));

        Map<String, Object> row = process();
        assertThat(row).containsEntry("status", "NEEDS_ATTENTION")
                .containsEntry("current_step", "erp.upsertCustomer")
                .containsEntry("transition_at", T0 + 5_000);
        assertThat(row.get("created_ids").toString()).contains("\"erpCustomerId\": \"cus_1\"");
        assertThat(instant(row.get("started_at"))).isEqualTo(Instant.ofEpochMilli(T0));
        assertThat(instant(row.get("updated_at"))).isEqualTo(Instant.ofEpochMilli(T0 + 5_000));
    }

    @Test
    void olderTransitionNeverOverwritesANewerOne() {
        ledger.recordTransition(transition(ProcessStatus.COMPLETED, null, T0 + 10_000, Map.of("psaProjectId", "prj_1")));
        ledger.recordTransition(transition(ProcessStatus.RUNNING, "psa.createProject", T0 + 1_000, Map.of()));

        assertThat(process()).containsEntry("status", "COMPLETED").containsEntry("transition_at", T0 + 10_000);
    }

    @Test
    void repeatedTransitionIsIdempotent() {
        ProcessTransition parked = transition(ProcessStatus.NEEDS_ATTENTION, "erp.upsertCustomer", T0, Map.of());
        ledger.recordTransition(parked);
        ledger.recordTransition(parked);

        assertThat(jdbc.sql("select count(*) from process").query(Long.class).single()).isEqualTo(1);
        assertThat(process()).containsEntry("status", "NEEDS_ATTENTION");
    }

    @Test
    void transitionWithoutStepKeepsTheCurrentStep() {
        ledger.recordTransition(transition(ProcessStatus.RUNNING, "psa.createProject", T0, Map.of()));
        ledger.recordTransition(transition(ProcessStatus.COMPENSATING, null, T0 + 1, Map.of()));

        assertThat(process()).containsEntry("status", "COMPENSATING").containsEntry("current_step", "psa.createProject");
    }

    @Test
    void transitionRecordsTheIncarnationAndTheRun() {
        ledger.recordTransition(run("run-1", 1, ProcessStatus.RUNNING, "crm.readOpportunity", T0));
        ledger.recordTransition(run("run-1", 1, ProcessStatus.COMPLETED, null, T0 + 1_000));

        assertThat(process()).containsEntry("incarnation", 1).containsEntry("run_id", "run-1")
                .containsEntry("status", "COMPLETED");
        assertThat(runs()).singleElement().satisfies(row -> assertThat(row)
                .containsEntry("run_id", "run-1").containsEntry("incarnation", 1)
                .containsEntry("status", "COMPLETED").containsEntry("current_step", "crm.readOpportunity")
                .containsEntry("transition_at", T0 + 1_000));
    }

    @Test
    void olderTransitionNeverOverwritesANewerOneOfTheSameRun() {
        ledger.recordTransition(run("run-1", 1, ProcessStatus.COMPLETED, null, T0 + 10_000));
        ledger.recordTransition(run("run-1", 1, ProcessStatus.RUNNING, "psa.createProject", T0 + 1_000));

        assertThat(runs()).singleElement().satisfies(row -> assertThat(row)
                .containsEntry("status", "COMPLETED").containsEntry("transition_at", T0 + 10_000));
    }

    @Test
    void aNewIncarnationTakesTheProcessRowAndALateTransitionOfTheOldOneDoesNot() {
        ledger.recordTransition(run("run-1", 1, ProcessStatus.RUNNING, "psa.createProject", T0));
        ledger.recordTransition(run("run-1", 1, ProcessStatus.COMPENSATED, null, T0 + 1_000));
        ledger.recordTransition(run("run-2", 2, ProcessStatus.RUNNING, "crm.readOpportunity", T0 + 60_000));
        // the first run's last write arrives late (a local-activity retry), with a later workflow time
        ledger.recordTransition(run("run-1", 1, ProcessStatus.COMPENSATED, "erp.upsertCustomer", T0 + 90_000));

        Map<String, Object> row = process();
        assertThat(row).containsEntry("run_id", "run-2").containsEntry("incarnation", 2)
                .containsEntry("status", "RUNNING").containsEntry("current_step", "crm.readOpportunity")
                .containsEntry("transition_at", T0 + 60_000);
        assertThat(instant(row.get("started_at"))).isEqualTo(Instant.ofEpochMilli(T0 + 60_000));
        assertThat(runs()).extracting(r -> r.get("run_id") + "/" + r.get("incarnation") + "/" + r.get("status"))
                .containsExactly("run-1/1/COMPENSATED", "run-2/2/RUNNING");
        assertThat(runs().getFirst()).containsEntry("transition_at", T0 + 90_000);
    }

    @Test
    void anEarlierRunOfTheSameIncarnationStillFinishingNeverOverwritesTheNewerRun() {
        ledger.recordTransition(run("run-a", 1, ProcessStatus.RUNNING, "psa.createProject", T0));
        ledger.recordTransition(run("run-b", 1, ProcessStatus.RUNNING, "crm.readOpportunity", T0 + 5_000));
        ledger.recordTransition(run("run-a", 1, ProcessStatus.FAILED, null, T0 + 9_000));

        assertThat(process()).containsEntry("run_id", "run-b").containsEntry("status", "RUNNING");
        assertThat(runs()).extracting(r -> r.get("run_id") + "/" + r.get("status"))
                .containsExactly("run-a/FAILED", "run-b/RUNNING");

        ledger.recordTransition(run("run-b", 1, ProcessStatus.COMPLETED, null, T0 + 10_000));
        assertThat(process()).containsEntry("run_id", "run-b").containsEntry("status", "COMPLETED");
    }

    @Test
    void createdIdsComeBackInInsertionOrder() {
        Map<String, String> ids = new LinkedHashMap<>();
        ids.put("psaProjectId", "prj_1");
        ids.put("erpCustomerId", "cus_1");
        ids.put("billingPlanId", "bpl_1");
        ids.put("erpProjectId", "eprj_1");
        ledger.recordTransition(transition(ProcessStatus.COMPLETED, null, T0, ids));

        for (String table : List.of("process", "process_run")) {
            // read as ledger-query reads them: the jsonb's entries in created_ids_order
            Map<String, String> read = new LinkedHashMap<>();
            jdbc.sql("select e.key, e.value from " + table + " p, jsonb_each_text(p.created_ids) e"
                            + " order by array_position(p.created_ids_order, e.key) nulls last, e.key")
                    .query(rs -> {
                        read.put(rs.getString("key"), rs.getString("value"));
                    });
            assertThat(read).as(table).containsExactly(Map.entry("psaProjectId", "prj_1"),
                    Map.entry("erpCustomerId", "cus_1"), Map.entry("billingPlanId", "bpl_1"),
                    Map.entry("erpProjectId", "eprj_1"));
        }
    }

    @Test
    void openExceptionTwiceKeepsOneRecord() {
        ExceptionOpened opened = exception("exc-1", "{\"errors\":[{\"field\":\"taxId\"}]}");
        ledger.openException(opened);
        ledger.openException(new ExceptionOpened("exc-1", WF, "run-1", "opportunity-to-project", "opp_1",
                "other.step", OwnerTeam.IT, "o2c.unavailable", "second write", null, false, "cid-1", T0 + 1, 0));

        Map<String, Object> row = jdbc.sql("select * from exception_record where id = 'exc-1'").query().singleRow();
        assertThat(row).containsEntry("status", "OPEN")
                .containsEntry("owner_team", "finance-ops")
                .containsEntry("failure_type", "o2c.finance-attributes-invalid")
                .containsEntry("step", "validate")
                .containsEntry("skippable", false)
                .containsEntry("correlation_id", "cid-1");
        assertThat(row.get("payload").toString()).contains("taxId");
        assertThat(instant(row.get("abort_at")))
                .isEqualTo(Instant.ofEpochMilli(T0 + Duration.ofDays(14).toMillis()));
        assertThat(jdbc.sql("select count(*) from exception_record").query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void payloadThatIsNotJsonIsStoredAsAJsonString() {
        ledger.openException(exception("exc-2", "taxId is missing"));

        assertThat(jdbc.sql("select payload #>> '{}' from exception_record where id = 'exc-2'").query(String.class)
                .single()).isEqualTo("taxId is missing");
    }

    @Test
    void resolveIsIdempotentAndTheFirstDecisionStands() {
        ledger.openException(exception("exc-3", null));

        ledger.resolveException(new Resolution("exc-3", ResolutionAction.RETRY, "ana", "tax id fixed"), T0 + 60_000);
        ledger.resolveException(new Resolution("exc-3", ResolutionAction.RETRY, "ana", "tax id fixed"), T0 + 60_000);
        ledger.resolveException(new Resolution("exc-3", ResolutionAction.ABORT, "bob", "late"), T0 + 90_000);

        Map<String, Object> row = jdbc.sql("select * from exception_record where id = 'exc-3'").query().singleRow();
        assertThat(row).containsEntry("status", "RESOLVED")
                .containsEntry("resolution", "RETRY")
                .containsEntry("resolved_by", "ana")
                .containsEntry("resolution_note", "tax id fixed");
        assertThat(instant(row.get("resolved_at"))).isEqualTo(Instant.ofEpochMilli(T0 + 60_000));
    }

    @Test
    void resolvingAnUnknownExceptionIsANoOp() {
        ledger.resolveException(new Resolution("nope", ResolutionAction.SKIP, null, null), T0);

        assertThat(jdbc.sql("select count(*) from exception_record").query(Long.class).single()).isZero();
    }

    private static ProcessTransition transition(ProcessStatus status, String step, long at, Map<String, String> ids) {
        return new ProcessTransition(WF, "run-1", "opportunity-to-project", "opp_1", status, "cid-1", step,
                status + " at " + at, ids, at);
    }

    private static ExceptionOpened exception(String id, String payload) {
        return new ExceptionOpened(id, WF, "run-1", "opportunity-to-project", "opp_1", "validate",
                OwnerTeam.FINANCE_OPS, "o2c.finance-attributes-invalid", "tax id missing", payload, false, "cid-1", T0,
                T0 + Duration.ofDays(14).toMillis());
    }

    private static ProcessTransition run(String runId, int incarnation, ProcessStatus status, String step, long at) {
        return new ProcessTransition(WF, runId, "opportunity-to-project", "opp_1", status, "cid-" + runId, step,
                status + " at " + at, Map.of(), at, incarnation);
    }

    private static List<Map<String, Object>> runs() {
        return jdbc.sql("select * from process_run where workflow_id = :wf order by started_at, run_id").param("wf", WF)
                .query().listOfRows();
    }

    private static Map<String, Object> process() {
        return jdbc.sql("select * from process where workflow_id = :wf").param("wf", WF).query().singleRow();
    }

    private static Instant instant(Object timestamp) {
        return ((Timestamp) timestamp).toInstant();
    }
}
