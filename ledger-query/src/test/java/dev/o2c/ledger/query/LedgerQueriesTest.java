package dev.o2c.ledger.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Runs the queries against a real PostgreSQL migrated with the owner's (activities') migrations. */
class LedgerQueriesTest {

    static final Instant T0 = Instant.parse("2026-03-01T10:00:00.123456Z");

    static EmbeddedPostgres postgres;
    static DataSource dataSource;
    static JdbcClient jdbc;

    @BeforeAll
    static void startDatabase() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        dataSource = postgres.getPostgresDatabase();
        Flyway.configure().dataSource(dataSource).locations("classpath:db/ledger")
                .placeholders(java.util.Map.of("readerpassword", "o2c-dev-reader-password")).load().migrate();
        jdbc = JdbcClient.create(dataSource);
        seed();
    }

    @AfterAll
    static void stopDatabase() throws Exception {
        postgres.close();
    }

    /**
     * Processes p01..p12: opportunity-to-project, started one minute apart (p12 newest); every third one parked.
     * Plus one invoice-to-cash process and two processes sharing one start time (tie broken by workflow id).
     */
    static void seed() {
        for (int i = 1; i <= 12; i++) {
            insertProcess("opportunity-to-project-p%02d".formatted(i), "opportunity-to-project", "p%02d".formatted(i),
                    i % 3 == 0 ? "NEEDS_ATTENTION" : "RUNNING", T0.plusSeconds(60L * i),
                    i == 1 ? "{\"erpCustomerId\": \"C-1\", \"psaProjectId\": \"P-9\"}" : "{}");
        }
        insertProcess("invoice-to-cash-inv1", "invoice-to-cash", "inv1", "COMPLETED", T0.plusSeconds(3600), "{}");
        insertProcess("tie-a", "reconciliation", "a", "COMPLETED", T0.minusSeconds(3600), "{}");
        insertProcess("tie-b", "reconciliation", "b", "COMPLETED", T0.minusSeconds(3600), "{}");

        insertException("ex-1", "opportunity-to-project-p03", "finance-ops", "OPEN", T0.plusSeconds(200), true);
        insertException("ex-2", "opportunity-to-project-p06", "sales-ops", "OPEN", T0.plusSeconds(400), false);
        insertException("ex-3", "opportunity-to-project-p09", "finance-ops", "RESOLVED", T0.plusSeconds(600), false);
        insertException("ex-4", "opportunity-to-project-p12", "finance-ops", "OPEN", T0.plusSeconds(800), false);

        for (int attempt = 1; attempt <= 3; attempt++) {
            jdbc.sql("""
                            insert into audit (at, workflow_id, run_id, step, system, operation, object_ref,
                                               idempotency_key, attempt, outcome, http_status, detail, duration_ms,
                                               correlation_id)
                            values (:at, 'opportunity-to-project-p01', 'run-1', 'erp.upsertCustomer', 'erp',
                                    'POST /customers', :ref, 'opportunity-to-project-p01:erp.upsertCustomer',
                                    :attempt, :outcome, :http, null, :ms, 'corr-1')
                            """)
                    .param("at", T0.plusSeconds(10 - attempt).atOffset(ZoneOffset.UTC)) // clock skew: order is by id
                    .param("ref", attempt == 3 ? "C-1" : null)
                    .param("attempt", attempt)
                    .param("outcome", attempt == 3 ? "SUCCEEDED" : "RETRYABLE_FAILURE")
                    .param("http", attempt == 1 ? null : (attempt == 2 ? 503 : 201))
                    .param("ms", attempt == 1 ? null : 40L)
                    .update();
        }
        jdbc.sql("""
                        insert into audit (workflow_id, step, system, operation, attempt, outcome)
                        values ('opportunity-to-project-p02', 'crm.readOpportunity', 'crm', 'GET', 1, 'SUCCEEDED')
                        """)
                .update();
    }

    static void insertProcess(String id, String type, String key, String status, Instant startedAt, String ids) {
        jdbc.sql("""
                        insert into process (workflow_id, run_id, process_type, business_key, status, correlation_id,
                                             current_step, detail, created_ids, started_at, updated_at)
                        values (:id, :run, :type, :key, :status, :corr, 'erp.upsertCustomer', 'detail',
                                cast(:ids as jsonb), :started, :updated)
                        """)
                .param("id", id)
                .param("run", "run-" + key)
                .param("type", type)
                .param("key", key)
                .param("status", status)
                .param("corr", "corr-" + key)
                .param("ids", ids)
                .param("started", startedAt.atOffset(ZoneOffset.UTC))
                .param("updated", startedAt.plusSeconds(5).atOffset(ZoneOffset.UTC))
                .update();
    }

    static void insertException(String id, String workflowId, String owner, String status, Instant openedAt,
            boolean skippable) {
        jdbc.sql("""
                        insert into exception_record (id, workflow_id, run_id, process_type, business_key, step,
                                owner_team, failure_type, cause, payload, skippable, status, resolution, resolved_by,
                                correlation_id, opened_at, abort_at, resolved_at)
                        values (:id, :wf, 'run-x', 'opportunity-to-project', 'k', 'finance.validate', :owner,
                                'o2c.finance-attributes-invalid', 'tax id missing',
                                cast('{"violations": ["taxId"]}' as jsonb), :skippable, :status,
                                :resolution, :by, 'corr-x', :opened, :abortAt, :resolvedAt)
                        """)
                .param("id", id)
                .param("wf", workflowId)
                .param("owner", owner)
                .param("skippable", skippable)
                .param("status", status)
                .param("resolution", "RESOLVED".equals(status) ? "RETRY" : null)
                .param("by", "RESOLVED".equals(status) ? "alice" : null)
                .param("opened", openedAt.atOffset(ZoneOffset.UTC))
                .param("abortAt", openedAt.plusSeconds(14 * 86400).atOffset(ZoneOffset.UTC))
                .param("resolvedAt", "RESOLVED".equals(status) ? openedAt.plusSeconds(60).atOffset(ZoneOffset.UTC) : null)
                .update();
    }

    @Nested
    class Processes {

        final ProcessQueries queries = new ProcessQueries(jdbc);

        @Test
        void findsOneRowWithEveryColumnMapped() {
            ProcessView view = queries.find("opportunity-to-project-p01").orElseThrow();

            assertThat(view.runId()).isEqualTo("run-p01");
            assertThat(view.processType()).isEqualTo("opportunity-to-project");
            assertThat(view.businessKey()).isEqualTo("p01");
            assertThat(view.status()).isEqualTo("RUNNING");
            assertThat(view.correlationId()).isEqualTo("corr-p01");
            assertThat(view.currentStep()).isEqualTo("erp.upsertCustomer");
            assertThat(view.createdIds()).containsExactlyInAnyOrderEntriesOf(
                    java.util.Map.of("erpCustomerId", "C-1", "psaProjectId", "P-9"));
            assertThat(view.startedAt()).isEqualTo(T0.plusSeconds(60));
            assertThat(view.updatedAt()).isEqualTo(T0.plusSeconds(65));
        }

        @Test
        void readsCreatedIdsInTheOrderTheProcessCreatedThem() {
            // jsonb sorts its keys (billingPlanId < erpCustomerId < erpProjectId < psaProjectId); the order column keeps
            // the saga's order
            jdbc.sql("""
                    update process
                       set created_ids = cast(:ids as jsonb),
                           created_ids_order = array['erpCustomerId', 'psaProjectId', 'billingPlanId', 'erpProjectId']
                     where workflow_id = 'opportunity-to-project-p01'
                    """)
                    .param("ids", "{\"erpCustomerId\": \"C-1\", \"psaProjectId\": \"P-9\", "
                            + "\"billingPlanId\": \"B-3\", \"erpProjectId\": \"E-4\"}")
                    .update();

            ProcessView view = queries.find("opportunity-to-project-p01").orElseThrow();

            assertThat(view.createdIds().keySet())
                    .containsExactly("erpCustomerId", "psaProjectId", "billingPlanId", "erpProjectId");
            assertThat(view.createdIds()).containsEntry("billingPlanId", "B-3");
            jdbc.sql("""
                    update process set created_ids = cast('{"erpCustomerId": "C-1", "psaProjectId": "P-9"}' as jsonb),
                           created_ids_order = '{}' where workflow_id = 'opportunity-to-project-p01'
                    """).update();
        }

        @Test
        void unknownWorkflowIsEmpty() {
            assertThat(queries.find("nope")).isEmpty();
        }

        @Test
        void listsNewestFirstWithDefaultLimit() {
            Page<ProcessView> page = queries.list(null, null, PageRequest.first());

            assertThat(page.items()).extracting(ProcessView::workflowId).startsWith(
                    "invoice-to-cash-inv1", "opportunity-to-project-p12", "opportunity-to-project-p11");
            assertThat(page.items()).extracting(ProcessView::workflowId).endsWith("tie-b", "tie-a");
            assertThat(page.items()).hasSize(15);
            assertThat(page.nextCursor()).isNull();
        }

        @Test
        void filtersByTypeAndStatus() {
            Page<ProcessView> page = queries.list("opportunity-to-project", "NEEDS_ATTENTION", PageRequest.first());

            assertThat(page.items()).extracting(ProcessView::businessKey).containsExactly("p12", "p09", "p06", "p03");
        }

        @Test
        void filtersByTheOwnerOfAnOpenExceptionAndByAge() {
            assertThat(queries.list(new ProcessFilter(null, null, "finance-ops", null, null), PageRequest.first())
                    .items()).extracting(ProcessView::businessKey).as("p09's exception is resolved")
                    .containsExactly("p12", "p03");
            assertThat(queries.list(new ProcessFilter("opportunity-to-project", null, "sales-ops", null, null),
                    PageRequest.first()).items()).extracting(ProcessView::businessKey).containsExactly("p06");
            assertThat(queries.list(new ProcessFilter(null, null, null, T0.plusSeconds(121), null),
                    PageRequest.first()).items()).extracting(ProcessView::workflowId)
                    .containsExactly("opportunity-to-project-p02", "opportunity-to-project-p01", "tie-b", "tie-a");
        }

        @Test
        void findsAProcessByAnyBusinessIdItTouches() {
            for (String id : List.of("opportunity-to-project-p01", "p01", "P-9", "C-1")) {
                assertThat(queries.list(new ProcessFilter(null, null, null, null, id), PageRequest.first()).items())
                        .as(id).extracting(ProcessView::workflowId).containsExactly("opportunity-to-project-p01");
            }
            assertThat(queries.list(new ProcessFilter(null, null, null, null, "inv1"), PageRequest.first()).items())
                    .extracting(ProcessView::workflowId).containsExactly("invoice-to-cash-inv1");
            assertThat(queries.list(new ProcessFilter(null, null, null, null, "P-"), PageRequest.first()).items())
                    .as("whole ids only").isEmpty();
        }

        @Test
        void cursorWalksEveryRowOnceEvenAcrossEqualStartTimes() {
            List<String> seen = new ArrayList<>();
            String cursor = null;
            int pages = 0;
            do {
                Page<ProcessView> page = queries.list(null, null, new PageRequest(4, cursor));
                page.items().forEach(p -> seen.add(p.workflowId()));
                cursor = page.nextCursor();
                pages++;
            } while (cursor != null);

            assertThat(pages).isEqualTo(4);
            assertThat(seen).hasSize(15).doesNotHaveDuplicates();
            assertThat(seen).isEqualTo(queries.list(null, null, PageRequest.first()).items().stream()
                    .map(ProcessView::workflowId).toList());
        }

        @Test
        void cursorKeepsTheFilter() {
            Page<ProcessView> first = queries.list("opportunity-to-project", "RUNNING", PageRequest.first(5));
            Page<ProcessView> second = queries.list("opportunity-to-project", "RUNNING", new PageRequest(5, first.nextCursor()));

            assertThat(first.items()).extracting(ProcessView::businessKey).containsExactly("p11", "p10", "p08", "p07", "p05");
            assertThat(second.items()).extracting(ProcessView::businessKey).containsExactly("p04", "p02", "p01");
            assertThat(second.nextCursor()).isNull();
        }

        @Test
        void limitIsClampedToTheMaximum() {
            assertThat(new PageRequest(10_000, null).limit()).isEqualTo(PageRequest.MAX_LIMIT);
            assertThat(new PageRequest(0, null).limit()).isEqualTo(1);
            assertThat(new PageRequest(null, " ").cursor()).isNull();
        }

        @Test
        void refusesForeignOrMalformedCursors() {
            String exceptionCursor = new ExceptionQueries(jdbc).list(null, null, PageRequest.first(1)).nextCursor();
            String forged = Base64.getUrlEncoder().encodeToString("p|x|0|k".getBytes());

            assertThatThrownBy(() -> queries.list(null, null, new PageRequest(5, exceptionCursor)))
                    .isInstanceOf(InvalidCursorException.class);
            assertThatThrownBy(() -> queries.list(null, null, new PageRequest(5, "%%%")))
                    .isInstanceOf(InvalidCursorException.class);
            assertThatThrownBy(() -> queries.list(null, null, new PageRequest(5, forged)))
                    .isInstanceOf(InvalidCursorException.class);
        }

        @Test
        void refusesCraftedCursorsBeforeTheyReachTheDatabase() {
            for (String crafted : craftedCursors("p")) {
                assertThatThrownBy(() -> queries.list(null, null, new PageRequest(5, crafted)))
                        .as(crafted)
                        .isInstanceOf(InvalidCursorException.class);
            }
        }

        @Test
        void keepsTheOrderOfCreatedIds() {
            java.util.Map<String, String> ids = new java.util.LinkedHashMap<>();
            for (String key : List.of("crmAccountId", "erpCustomerId", "psaProjectId", "billingPlanId",
                    "erpProjectId", "invoicingCustomerId", "aId")) {
                ids.put(key, key.toUpperCase());
            }
            ProcessView view = new ProcessView("w", "r", "t", "k", "RUNNING", null, null, null, ids, T0, T0);

            assertThat(view.createdIds().keySet()).containsExactlyElementsOf(ids.keySet());
            assertThat(view.incarnation()).isEqualTo(1);
        }

        @Test
        void readsTheIncarnationAndEveryRunNewestFirst() {
            jdbc.sql("update process set incarnation = 2 where workflow_id = 'opportunity-to-project-p02'").update();
            insertRun("opportunity-to-project-p02", "run-a", 1, "ABORTED", T0.plusSeconds(10));
            insertRun("opportunity-to-project-p02", "run-b", 2, "LOST", T0.plusSeconds(20));
            insertRun("opportunity-to-project-p02", "run-c", 2, "RUNNING", T0.plusSeconds(30));

            assertThat(queries.find("opportunity-to-project-p02").orElseThrow().incarnation()).isEqualTo(2);
            List<RunView> runs = queries.runs("opportunity-to-project-p02");
            assertThat(runs).extracting(RunView::runId).containsExactly("run-c", "run-b", "run-a");
            assertThat(runs).extracting(RunView::incarnation).containsExactly(2, 2, 1);
            RunView aborted = runs.getLast();
            assertThat(aborted.status()).isEqualTo("ABORTED");
            assertThat(aborted.detail()).isEqualTo("detail of run-a");
            assertThat(aborted.startedAt()).isEqualTo(T0.plusSeconds(10));
            assertThat(aborted.updatedAt()).isEqualTo(T0.plusSeconds(15));
            assertThat(queries.runs("nope")).isEmpty();
        }
    }

    /** Cursors that decode but carry what java.time or PostgreSQL cannot take (they were 500s and 503s). */
    static List<String> craftedCursors(String kind) {
        return List.of(
                raw(kind + "|99999999999999|0|k"), // year 3 million: PostgreSQL "timestamp out of range"
                raw(kind + "|-99999999999999|0|k"),
                raw(kind + "|31556889864403199|0|k"), // Instant.MAX: atOffset throws
                raw(kind + "|0|-1|k"),
                raw(kind + "|0|1000000000|k"),
                raw(kind + "|0|0|k\u0000ey"), // NUL: PostgreSQL text cannot hold it
                raw(kind + "|0|0|" + "k".repeat(600)),
                raw(kind + "|0|0|") + "%%");
    }

    static String raw(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    static void insertRun(String workflowId, String runId, int incarnation, String status, Instant startedAt) {
        jdbc.sql("""
                        insert into process_run (workflow_id, run_id, incarnation, process_type, business_key, status,
                                                 detail, started_at, updated_at)
                        values (:wf, :run, :inc, 'opportunity-to-project', 'k', :status, :detail, :started, :updated)
                        """)
                .param("wf", workflowId)
                .param("run", runId)
                .param("inc", incarnation)
                .param("status", status)
                .param("detail", "detail of " + runId)
                .param("started", startedAt.atOffset(ZoneOffset.UTC))
                .param("updated", startedAt.plusSeconds(5).atOffset(ZoneOffset.UTC))
                .update();
    }

    @Nested
    class Exceptions {

        final ExceptionQueries queries = new ExceptionQueries(jdbc);

        @Test
        void findsOneRecordWithPayloadAsJson() {
            ExceptionView view = queries.find("ex-1").orElseThrow();

            assertThat(view.workflowId()).isEqualTo("opportunity-to-project-p03");
            assertThat(view.ownerTeam()).isEqualTo("finance-ops");
            assertThat(view.failureType()).isEqualTo("o2c.finance-attributes-invalid");
            assertThat(view.payloadJson()).isEqualTo("{\"violations\": [\"taxId\"]}");
            assertThat(view.skippable()).isTrue();
            assertThat(view.isOpen()).isTrue();
            assertThat(view.openedAt()).isEqualTo(T0.plusSeconds(200));
            assertThat(view.abortAt()).isEqualTo(T0.plusSeconds(200 + 14 * 86400));
            assertThat(view.resolvedAt()).isNull();
            assertThat(queries.find("ex-3").orElseThrow().resolvedBy()).isEqualTo("alice");
            assertThat(queries.find("missing")).isEmpty();
        }

        @Test
        void listsByStatusAndOwnerNewestFirst() {
            assertThat(queries.list("OPEN", null, PageRequest.first()).items())
                    .extracting(ExceptionView::id).containsExactly("ex-4", "ex-2", "ex-1");
            assertThat(queries.list("OPEN", "finance-ops", PageRequest.first()).items())
                    .extracting(ExceptionView::id).containsExactly("ex-4", "ex-1");
            assertThat(queries.list(null, "finance-ops", PageRequest.first()).items())
                    .extracting(ExceptionView::id).containsExactly("ex-4", "ex-3", "ex-1");
            assertThat(queries.list("RESOLVED", "sales-ops", PageRequest.first()).items()).isEmpty();
        }

        @Test
        void pagesWithACursor() {
            Page<ExceptionView> first = queries.list(null, null, PageRequest.first(3));
            Page<ExceptionView> second = queries.list(null, null, new PageRequest(3, first.nextCursor()));

            assertThat(first.items()).extracting(ExceptionView::id).containsExactly("ex-4", "ex-3", "ex-2");
            assertThat(second.items()).extracting(ExceptionView::id).containsExactly("ex-1");
            assertThat(second.hasNext()).isFalse();
        }

        @Test
        void refusesCraftedCursorsBeforeTheyReachTheDatabase() {
            for (String crafted : craftedCursors("e")) {
                assertThatThrownBy(() -> queries.list(null, null, new PageRequest(5, crafted)))
                        .as(crafted)
                        .isInstanceOf(InvalidCursorException.class);
            }
        }
    }

    @Nested
    class Audit {

        @Test
        void rowsOfOneWorkflowInWriteOrder() {
            List<AuditView> rows = new AuditQueries(jdbc).forWorkflow("opportunity-to-project-p01");

            assertThat(rows).extracting(AuditView::attempt).containsExactly(1, 2, 3);
            assertThat(rows).extracting(AuditView::httpStatus).containsExactly(null, 503, 201);
            assertThat(rows).extracting(AuditView::durationMs).containsExactly(null, 40L, 40L);
            AuditView last = rows.getLast();
            assertThat(last.outcome()).isEqualTo("SUCCEEDED");
            assertThat(last.objectRef()).isEqualTo("C-1");
            assertThat(last.idempotencyKey()).isEqualTo("opportunity-to-project-p01:erp.upsertCustomer");
            assertThat(last.correlationId()).isEqualTo("corr-1");
            assertThat(last.runId()).isEqualTo("run-1");
            assertThat(last.at()).isEqualTo(T0.plusSeconds(7));
        }

        @Test
        void unknownWorkflowHasNoRows() {
            assertThat(new AuditQueries(jdbc).forWorkflow("nope")).isEmpty();
        }
    }

    @Nested
    class AutoConfiguration {

        final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
                AutoConfigurations.of(LedgerQueryAutoConfiguration.class, JdbcClientAutoConfiguration.class,
                        JdbcTemplateAutoConfiguration.class, DataSourceAutoConfiguration.class));

        @Test
        void registersTheQueriesWhenADataSourceExists() {
            runner.withBean(DataSource.class, () -> dataSource).run(context -> {
                assertThat(context).hasSingleBean(ProcessQueries.class);
                assertThat(context).hasSingleBean(ExceptionQueries.class);
                assertThat(context).hasSingleBean(AuditQueries.class);
                assertThat(context.getBean(ProcessQueries.class).find("tie-a")).isPresent();
            });
        }

        @Test
        void staysOutOfTheWayWithoutADataSource() {
            new ApplicationContextRunner()
                    .withConfiguration(AutoConfigurations.of(LedgerQueryAutoConfiguration.class))
                    .run(context -> assertThat(context).doesNotHaveBean(ProcessQueries.class));
        }
    }
}
