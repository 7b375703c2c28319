package dev.o2c.activities.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.o2c.activities.TestDatabases;
import dev.o2c.activities.http.CallRecord;
import dev.o2c.activities.http.Outcome;
import java.time.Instant;
import java.sql.Timestamp;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;

class AuditTrailTest {

    private static final String WF = "opportunity-to-project-opp_9";

    private static JdbcClient jdbc;
    private static AuditTrail audit;

    @BeforeAll
    static void start() {
        DataSource dataSource = TestDatabases.ledger("ledger_audit");
        jdbc = JdbcClient.create(dataSource);
        audit = new AuditTrail(jdbc, new JdbcTransactionManager(dataSource));
    }

    @BeforeEach
    void clean() {
        jdbc.sql("drop trigger if exists refuse_update on process").update();
        jdbc.sql("truncate process, audit, exception_record").update();
        jdbc.sql("""
                insert into process (workflow_id, run_id, process_type, business_key, status, started_at, updated_at)
                values (:wf, 'run-1', 'opportunity-to-project', 'opp_9', 'RUNNING',
                        '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z')
                """).param("wf", WF).update();
    }

    @Test
    void writesOneRowAndTouchesTheProcessProjection() {
        audit.record(call(Outcome.SUCCEEDED, 201, "id=cus_1"));

        Map<String, Object> row = jdbc.sql("select * from audit").query().singleRow();
        assertThat(row).containsEntry("workflow_id", WF)
                .containsEntry("run_id", "run-1")
                .containsEntry("step", "Erp.upsertCustomer")
                .containsEntry("system", "erp")
                .containsEntry("operation", "POST /customers")
                .containsEntry("object_ref", "acc_1")
                .containsEntry("idempotency_key", "opportunity-to-project-opp_9/erp.upsertCustomer")
                .containsEntry("attempt", 2)
                .containsEntry("outcome", "SUCCEEDED")
                .containsEntry("http_status", 201)
                .containsEntry("detail", "id=cus_1")
                .containsEntry("duration_ms", 42L)
                .containsEntry("correlation_id", "cid-9");
        Map<String, Object> process = jdbc.sql("select * from process").query().singleRow();
        assertThat(process).containsEntry("current_step", "Erp.upsertCustomer");
        assertThat(instant(process.get("updated_at"))).isAfter(Instant.parse("2025-01-02T00:00:00Z"));
    }

    @Test
    void everyAttemptIsItsOwnRow() {
        audit.record(call(Outcome.RETRYABLE_FAILURE, 503, "Service unavailable"));
        audit.record(call(Outcome.SUCCEEDED, 201, "id=cus_1"));

        assertThat(jdbc.sql("select outcome from audit order by id").query(String.class).list())
                .containsExactly("RETRYABLE_FAILURE", "SUCCEEDED");
    }

    @Test
    void auditRowAndProjectionCommitOrRollBackTogether() {
        jdbc.sql("""
                create or replace function refuse() returns trigger language plpgsql as
                $$ begin raise exception 'projection refused'; end $$
                """).update();
        jdbc.sql("create trigger refuse_update before update on process for each row execute function refuse()")
                .update();

        assertThatThrownBy(() -> audit.record(call(Outcome.SUCCEEDED, 201, null)))
                .isInstanceOf(DataAccessException.class)
                .hasMessageContaining("projection refused");
        assertThat(jdbc.sql("select count(*) from audit").query(Long.class).single()).isZero();
    }

    @Test
    void aCallOfAnUnknownProcessIsStillAudited() {
        audit.record(new CallRecord(Instant.now(), "-", null, "-", "crm", "GET /opportunities/{id}", "opp_1", null, 1,
                Outcome.FAILED, 404, "Not found", 3, null));

        assertThat(jdbc.sql("select count(*) from audit").query(Long.class).single()).isEqualTo(1);
    }

    private static CallRecord call(Outcome outcome, Integer status, String detail) {
        return new CallRecord(Instant.now(), WF, "run-1", "Erp.upsertCustomer", "erp", "POST /customers", "acc_1",
                "opportunity-to-project-opp_9/erp.upsertCustomer", 2, outcome, status, detail, 42, "cid-9");
    }

    private static Instant instant(Object timestamp) {
        return ((Timestamp) timestamp).toInstant();
    }
}
