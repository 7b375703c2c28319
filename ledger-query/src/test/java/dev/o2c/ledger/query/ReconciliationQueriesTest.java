package dev.o2c.ledger.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.o2c.ledger.query.ReconciliationQueries.DiscrepancyFilter;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The reconciliation report and the discrepancy lists against a real PostgreSQL migrated with the owner's migrations.
 * Three runs: {@code R1} (completed, all four checks) opened two discrepancies, {@code R2} (completed) found one of
 * them again, closed the other and opened a third, {@code R3} (receivables only) is running.
 */
class ReconciliationQueriesTest {

    static final Instant T0 = Instant.parse("2026-03-01T02:00:00Z");
    static final String R1 = "rec-20260301T020000Z";
    static final String R2 = "rec-20260302T020000Z";
    static final String R3 = "rec-20260303T020000Z";

    static EmbeddedPostgres postgres;
    static JdbcClient jdbc;
    static ReconciliationQueries queries;

    @BeforeAll
    static void startDatabase() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        Flyway.configure().dataSource(postgres.getPostgresDatabase()).locations("classpath:db/ledger")
                .placeholders(Map.of("readerpassword", "o2c-dev-reader-password")).load().migrate();
        jdbc = JdbcClient.create(postgres.getPostgresDatabase());
        queries = new ReconciliationQueries(jdbc);

        run(R1, "SCHEDULE", null, "COMPLETED", 0, "[\"provisioning\", \"work\", \"receivables\", \"payments\"]");
        run(R2, "ON_DEMAND", "olga", "COMPLETED", 1, "[\"provisioning\", \"work\", \"receivables\", \"payments\"]");
        run(R3, "ON_DEMAND", "olga", "RUNNING", 2, "[\"receivables\"]");
        // R1: receivables in two pages, payments in one; R2: the same; R3: one page so far
        page(R1, "receivables", "", 500, 2, "{\"RECEIVABLE_AMOUNT_MISMATCH\": 1}", "inv_500");
        page(R1, "receivables", "inv_500", 120, 0, "{}", null);
        page(R1, "payments", "", 300, 1, "{\"PAYMENT_APPLIED_TWICE\": 1}", null);
        page(R2, "receivables", "", 500, 0, "{\"RECEIVABLE_AMOUNT_MISMATCH\": 1, \"RECEIVABLE_MISSING\": 1}",
                "inv_500");
        page(R2, "receivables", "inv_500", 121, 0, "{\"RECEIVABLE_MISSING\": 1}", null);
        page(R2, "payments", "", 300, 0, "{}", null);
        page(R3, "receivables", "", 500, 0, "{}", "inv_500");

        discrepancy("dsc_1", "RECEIVABLE_AMOUNT_MISMATCH|inv_1|rcv_1", "receivables", "RECEIVABLE_AMOUNT_MISMATCH",
                "inv_1", "OPEN", R1, R2, null, 0,
                "[{\"system\": \"invoicing\", \"type\": \"invoice\", \"id\": \"inv_1\"},"
                        + " {\"system\": \"erp\", \"type\": \"receivable\", \"id\": \"rcv_1\"}]");
        discrepancy("dsc_2", "PAYMENT_APPLIED_TWICE|pay_1", "payments", "PAYMENT_APPLIED_TWICE", "pay_1", "CLOSED",
                R1, R1, R2, 1, "[{\"system\": \"invoicing\", \"type\": \"payment\", \"id\": \"pay_1\"}]");
        discrepancy("dsc_3", "RECEIVABLE_MISSING|inv_2", "receivables", "RECEIVABLE_MISSING", "inv_2", "OPEN", R2,
                R2, null, 86_400, "[{\"system\": \"invoicing\", \"type\": \"invoice\", \"id\": \"inv_2\"}]");
        // opened by another check (work) in R2: not of R3, which runs receivables only
        discrepancy("dsc_4", "WORK_UNBILLED|tim_1", "work", "WORK_UNBILLED", "tim_1", "OPEN", R2, R2, null, 86_401,
                "[{\"system\": \"psa\", \"type\": \"time-entry\", \"id\": \"tim_1\"}]");
    }

    @AfterAll
    static void stopDatabase() throws Exception {
        postgres.close();
    }

    @Test
    void aRunsReportSumsItsPagesPerCheckAndCountsWhatItOpenedAndClosed() {
        ReconciliationRunView run = queries.findRun(R2).orElseThrow();

        assertThat(run.trigger()).isEqualTo("ON_DEMAND");
        assertThat(run.requestedBy()).isEqualTo("olga");
        assertThat(run.status()).isEqualTo("COMPLETED");
        assertThat(run.startedAt()).isEqualTo(T0.plusSeconds(86_400));
        assertThat(run.finishedAt()).isEqualTo(T0.plusSeconds(86_400 + 60));
        assertThat(run.checks()).extracting(ReconciliationRunView.CheckSummary::check)
                .containsExactly("provisioning", "work", "receivables", "payments");
        ReconciliationRunView.CheckSummary receivables = run.checks().get(2);
        assertThat(receivables.pages()).isEqualTo(2);
        assertThat(receivables.checked()).isEqualTo(621);
        assertThat(receivables.skipped()).isZero();
        assertThat(receivables.finished()).isTrue();
        assertThat(receivables.discrepancies()).containsExactlyEntriesOf(
                new java.util.TreeMap<>(Map.of("RECEIVABLE_AMOUNT_MISMATCH", 1, "RECEIVABLE_MISSING", 2)));
        assertThat(run.checks().getFirst().pages()).as("no page of provisioning").isZero();
        assertThat(run.checks().getFirst().finished()).isFalse();
        assertThat(run.opened()).containsOnly(Map.entry("RECEIVABLE_MISSING", 1), Map.entry("WORK_UNBILLED", 1));
        assertThat(run.closed()).containsOnly(Map.entry("PAYMENT_APPLIED_TWICE", 1));
    }

    @Test
    void aRunningRunShowsItsUnfinishedCheck() {
        ReconciliationRunView run = queries.findRun(R3).orElseThrow();

        assertThat(run.status()).isEqualTo("RUNNING");
        assertThat(run.finishedAt()).isNull();
        assertThat(run.checks()).singleElement().satisfies(check -> {
            assertThat(check.check()).isEqualTo("receivables");
            assertThat(check.pages()).isEqualTo(1);
            assertThat(check.finished()).isFalse();
        });
        assertThat(run.opened()).isEmpty();
        assertThat(run.closed()).isEmpty();
    }

    @Test
    void unknownRunIsEmpty() {
        assertThat(queries.findRun("rec-20990101T000000Z")).isEmpty();
    }

    @Test
    void runsAreListedNewestFirstInKeysetPages() {
        Page<ReconciliationRunView> first = queries.listRuns(new PageRequest(2, null));
        assertThat(first.items()).extracting(ReconciliationRunView::runId).containsExactly(R3, R2);
        assertThat(first.items().get(1).checks()).hasSize(4);
        Page<ReconciliationRunView> second = queries.listRuns(new PageRequest(2, first.nextCursor()));
        assertThat(second.items()).extracting(ReconciliationRunView::runId).containsExactly(R1);
        assertThat(second.nextCursor()).isNull();
        assertThat(second.items().getFirst().opened()).containsOnly(Map.entry("RECEIVABLE_AMOUNT_MISMATCH", 1),
                Map.entry("PAYMENT_APPLIED_TWICE", 1));
    }

    @Test
    void aRunsDiscrepanciesAreTheRowsOfItsChecksOpenWhileItRan() {
        assertThat(ids(new DiscrepancyFilter(R1, null, null, null, null))).containsExactly("dsc_2", "dsc_1");
        assertThat(ids(new DiscrepancyFilter(R2, null, null, null, null)))
                .containsExactly("dsc_4", "dsc_3", "dsc_2", "dsc_1");
        assertThat(ids(new DiscrepancyFilter(R3, null, null, null, null))).containsExactly("dsc_3", "dsc_1");
        assertThat(ids(new DiscrepancyFilter(R2, "RECEIVABLE_MISSING", null, null, null))).containsExactly("dsc_3");
        assertThat(ids(new DiscrepancyFilter(R2, null, "CLOSED", null, null))).containsExactly("dsc_2");
    }

    @Test
    void discrepanciesAreFilteredAndPagedNewestFirstWithTheirObjects() {
        assertThat(ids(new DiscrepancyFilter(null, null, "OPEN", null, null))).containsExactly("dsc_4", "dsc_3",
                "dsc_1");
        assertThat(ids(new DiscrepancyFilter(null, null, null, "finance-ops", "receivables")))
                .containsExactly("dsc_3", "dsc_1");

        Page<DiscrepancyView> first = queries.discrepancies(DiscrepancyFilter.all(), new PageRequest(3, null));
        assertThat(first.items()).extracting(DiscrepancyView::id).containsExactly("dsc_4", "dsc_3", "dsc_2");
        Page<DiscrepancyView> second = queries.discrepancies(DiscrepancyFilter.all(),
                new PageRequest(3, first.nextCursor()));
        assertThat(second.items()).singleElement().satisfies(d -> {
            assertThat(d.id()).isEqualTo("dsc_1");
            assertThat(d.fingerprint()).isEqualTo("RECEIVABLE_AMOUNT_MISMATCH|inv_1|rcv_1");
            assertThat(d.check()).isEqualTo("receivables");
            assertThat(d.ownerTeam()).isEqualTo("finance-ops");
            assertThat(d.subjectId()).isEqualTo("inv_1");
            assertThat(d.cause()).isEqualTo("cause of dsc_1");
            assertThat(d.objects()).containsExactly(
                    new DiscrepancyView.ObjectRef("invoicing", "invoice", "inv_1"),
                    new DiscrepancyView.ObjectRef("erp", "receivable", "rcv_1"));
            assertThat(d.firstRunId()).isEqualTo(R1);
            assertThat(d.lastRunId()).isEqualTo(R2);
            assertThat(d.closedRunId()).isNull();
            assertThat(d.openedAt()).isEqualTo(T0);
            assertThat(d.lastSeenAt()).isEqualTo(T0.plusSeconds(10));
            assertThat(d.closedAt()).isNull();
        });
        assertThat(second.nextCursor()).isNull();
    }

    @Test
    void aCursorOfAnotherListIsRefused() {
        String runCursor = queries.listRuns(new PageRequest(1, null)).nextCursor();
        assertThatThrownBy(() -> queries.discrepancies(DiscrepancyFilter.all(), new PageRequest(1, runCursor)))
                .isInstanceOf(InvalidCursorException.class);
    }

    private static List<String> ids(DiscrepancyFilter filter) {
        List<String> ids = new ArrayList<>();
        queries.discrepancies(filter, PageRequest.first()).items().forEach(d -> ids.add(d.id()));
        return ids;
    }

    private static void run(String runId, String trigger, String by, String status, int day, String checks) {
        Instant started = T0.plusSeconds(86_400L * day);
        jdbc.sql("""
                        insert into reconciliation_run (run_id, workflow_id, trigger, requested_by, checks, status,
                                                        started_at, finished_at)
                        values (:id, 'reconciliation', :trigger, :by, cast(:checks as jsonb), :status, :started,
                                :finished)
                        """)
                .param("id", runId).param("trigger", trigger).param("by", by).param("checks", checks)
                .param("status", status).param("started", started.atOffset(ZoneOffset.UTC))
                .param("finished", "RUNNING".equals(status) ? null : started.plusSeconds(60).atOffset(ZoneOffset.UTC))
                .update();
    }

    private static void page(String runId, String check, String after, int checked, int skipped, String found,
            String next) {
        jdbc.sql("""
                        insert into reconciliation_page (run_id, check_name, after_key, checked, skipped, found,
                                                         next_key, recorded_at)
                        values (:run, :check, :after, :checked, :skipped, cast(:found as jsonb), :next, now())
                        """)
                .param("run", runId).param("check", check).param("after", after).param("checked", checked)
                .param("skipped", skipped).param("found", found).param("next", next).update();
    }

    private static void discrepancy(String id, String fingerprint, String check, String kind, String subject,
            String status, String first, String last, String closedBy, int openedAfter, String objects) {
        Instant opened = T0.plusSeconds(openedAfter);
        jdbc.sql("""
                        insert into discrepancy (id, fingerprint, check_name, kind, owner_team, subject_id, cause,
                                                 objects, status, first_run_id, last_run_id, opened_at, last_seen_at,
                                                 closed_at, closed_run_id)
                        values (:id, :fp, :check, :kind, 'finance-ops', :subject, :cause, cast(:objects as jsonb),
                                :status, :first, :last, :opened, :seen, :closed, :closedBy)
                        """)
                .param("id", id).param("fp", fingerprint).param("check", check).param("kind", kind)
                .param("subject", subject).param("cause", "cause of " + id).param("objects", objects)
                .param("status", status).param("first", first).param("last", last)
                .param("opened", opened.atOffset(ZoneOffset.UTC))
                .param("seen", opened.plusSeconds(10).atOffset(ZoneOffset.UTC))
                .param("closed", closedBy == null ? null : opened.plusSeconds(86_400).atOffset(ZoneOffset.UTC))
                .param("closedBy", closedBy).update();
    }
}
