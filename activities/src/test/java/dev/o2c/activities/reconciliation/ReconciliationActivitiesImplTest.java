package dev.o2c.activities.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.o2c.activities.ConnectorTestSupport;
import dev.o2c.activities.TestDatabases;
import dev.o2c.workflows.common.FailureTypes;
import dev.o2c.workflows.common.ProcessStatus;
import dev.o2c.workflows.reconciliation.ReconciliationRequest;
import dev.o2c.workflows.systems.CheckPage;
import dev.o2c.workflows.systems.ReconciliationActivities;
import dev.o2c.workflows.systems.ReconciliationRunStarted;
import dev.o2c.workflows.systems.ResolvedDiscrepancies;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The receivables and payments checks against the real sandbox over HTTP and a real ledger: a link broken on purpose
 * is found exactly once, found again by a second run without a second discrepancy, and closed by the run after its
 * repair. The sandbox is shared with other tests (their invoices are walked too), so assertions look at this test's
 * objects only. Pages of 7 invoices or deals, so every run crosses several pages and their key ranges.
 */
class ReconciliationActivitiesImplTest extends ConnectorTestSupport {

    private static final String PAY = """
            {"amount": "%s", "currency": "EUR", "reference": "bank", "receivedOn": "2026-03-01"}""";
    private static final String APPLY = """
            {"paymentRef": "%s", "amount": "%s", "currency": "EUR", "receivedOn": "2026-03-01"}""";
    /** Objects changed within this window are skipped: the tests wait it out after breaking a link. */
    private static final Duration SETTLE = Duration.ofMillis(600);

    private static DataSource reconciliationLedger;

    private ReconciliationActivities reconciliation;
    private JdbcClient db;
    private String customer;

    @BeforeEach
    void register() {
        synchronized (ReconciliationActivitiesImplTest.class) {
            if (reconciliationLedger == null) {
                reconciliationLedger = TestDatabases.ledger("ledger_reconciliation");
            }
        }
        db = JdbcClient.create(reconciliationLedger);
        customer = sandbox.post("/erp/v1/customers", """
                {"externalId": "%s", "name": "Reconciled", "legalEntity": "O2C-DE", "taxId": "DE123", "currency": "EUR",
                 "billingAddress": {"line1": "Hauptstraße 1", "city": "Berlin", "postalCode": "10115", "country": "DE"},
                 "paymentTermsDays": 30}""".formatted(unique("acc"))).path("id").asString();
    }

    // ---------------------------------------------------------------------------------------------- receivables

    @Test
    void aReceivableWithAnotherAmountIsOneDiscrepancyFoundOnceAndClosedWhenRepaired() {
        walkInPagesOf(7);
        String invoice = sentInvoice();
        String receivable = receivable(invoice, "1000.00");
        String good = sentInvoice();
        receivable(good, "1430.40");
        settle();

        Run first = run(reconciliation::checkReceivables, "receivables");
        assertThat(open(invoice)).singleElement().satisfies(row -> {
            assertThat(row.get("kind")).isEqualTo("RECEIVABLE_AMOUNT_MISMATCH");
            assertThat(row.get("owner_team")).isEqualTo("finance-ops");
            assertThat(row.get("fingerprint")).isEqualTo("RECEIVABLE_AMOUNT_MISMATCH|" + invoice + "|" + receivable);
            assertThat((String) row.get("cause")).contains("1430.40 EUR", "1000.00 EUR", receivable);
            assertThat((String) row.get("objects_json")).contains(invoice, receivable, "\"erp\"", "\"invoicing\"");
            assertThat(row.get("first_run_id")).isEqualTo(first.runId());
        });
        assertThat(open(good)).isEmpty();
        assertThat(first.found()).containsKey("RECEIVABLE_AMOUNT_MISMATCH");
        assertThat(first.checked()).isGreaterThanOrEqualTo(2);

        Run second = run(reconciliation::checkReceivables, "receivables");
        assertThat(open(invoice)).singleElement().satisfies(row -> {
            assertThat(row.get("first_run_id")).isEqualTo(first.runId());
            assertThat(row.get("last_run_id")).isEqualTo(second.runId());
        });
        assertThat(all(invoice)).hasSize(1);

        // the ERP has no API to correct an amount: the fix an accountant would make, at the source
        sandboxDb().sql("update erp.receivables set amount = 1430.40, balance = 1430.40, updated_at = now() - interval '1 hour' where id = :id")
                .param("id", receivable).update();
        Run third = run(reconciliation::checkReceivables, "receivables");
        assertThat(open(invoice)).isEmpty();
        assertThat(all(invoice)).singleElement().satisfies(row -> {
            assertThat(row.get("status")).isEqualTo("CLOSED");
            assertThat(row.get("closed_run_id")).isEqualTo(third.runId());
        });
        assertThat(third.closed()).containsKey("RECEIVABLE_AMOUNT_MISMATCH");
    }

    @Test
    void aMissingReceivableIsFoundAndClosedOncePostedAndAnOrphanIsFound() {
        walkInPagesOf(7);
        String invoice = sentInvoice();
        String orphanRef = unique("inv_gone");
        String orphan = sandbox.post("/erp/v1/receivables", """
                {"customerId": "%s", "invoiceRef": "%s", "amount": "10.00", "currency": "EUR", "dueDate": "2026-03-31"}
                """.formatted(customer, orphanRef)).path("id").asString();
        settle();

        run(reconciliation::checkReceivables, "receivables");
        assertThat(open(invoice)).extracting(row -> row.get("kind")).containsExactly("RECEIVABLE_MISSING");
        assertThat(open(orphanRef)).singleElement().satisfies(row -> {
            assertThat(row.get("kind")).isEqualTo("RECEIVABLE_ORPHAN");
            assertThat(row.get("fingerprint")).isEqualTo("RECEIVABLE_ORPHAN|" + orphan);
        });

        receivable(invoice, "1430.40");
        settle();
        Run repaired = run(reconciliation::checkReceivables, "receivables");
        assertThat(open(invoice)).isEmpty();
        assertThat(all(invoice)).extracting(row -> row.get("status")).containsExactly("CLOSED");
        assertThat(repaired.closed()).containsEntry("RECEIVABLE_MISSING", 1);
        assertThat(open(orphanRef)).hasSize(1);
    }

    @Test
    void anInvoiceWhoseProcessIsParkedOrThatJustChangedIsSkippedAndKeepsItsDiscrepancyOpen() {
        walkInPagesOf(7);
        String invoice = sentInvoice();
        settle();
        run(reconciliation::checkReceivables, "receivables");
        assertThat(open(invoice)).extracting(row -> row.get("kind")).containsExactly("RECEIVABLE_MISSING");

        // its invoice-to-cash parked: the process's business; the open discrepancy is kept, not closed
        db.sql("""
                insert into process (workflow_id, run_id, process_type, business_key, status, started_at, updated_at)
                values (:id, 'r1', 'invoice-to-cash', :invoice, 'NEEDS_ATTENTION', now(), now())
                """).param("id", "invoice-to-cash-" + invoice).param("invoice", invoice).update();
        Run parked = run(reconciliation::checkReceivables, "receivables");
        assertThat(parked.skipped()).isGreaterThanOrEqualTo(1);
        assertThat(open(invoice)).singleElement().satisfies(row -> assertThat(row.get("last_run_id")).isEqualTo(parked.runId()));

        db.sql("update process set status = 'RUNNING' where workflow_id = :id").param("id", "invoice-to-cash-" + invoice).update();
        // changed a moment ago (a credit, a payment being applied): in flight, skipped too
        sandbox.post("/invoicing/v1/invoices/" + invoice + "/payments", PAY.formatted("1.00"));
        run(reconciliation::checkReceivables, "receivables");
        assertThat(open(invoice)).hasSize(1);
    }

    // ---------------------------------------------------------------------------------------------- payments

    @Test
    void aPaymentNotAppliedThenAppliedThenAppliedTwice() {
        walkInPagesOf(7);
        String invoice = sentInvoice();
        String receivable = receivable(invoice, "1430.40");
        String payment = sandbox.post("/invoicing/v1/invoices/" + invoice + "/payments", PAY.formatted("400.00"))
                .path("id").asString();
        settle();

        run(reconciliation::checkPayments, "payments");
        assertThat(open(invoice)).singleElement().satisfies(row -> {
            assertThat(row.get("kind")).isEqualTo("PAYMENT_NOT_APPLIED");
            assertThat(row.get("check_name")).isEqualTo("payments");
            assertThat(row.get("fingerprint")).isEqualTo("PAYMENT_NOT_APPLIED|" + payment);
        });
        run(reconciliation::checkPayments, "payments");
        assertThat(all(invoice)).hasSize(1);
        // the receivables check leaves an invoice whose payments differ to the payments check
        run(reconciliation::checkReceivables, "receivables");
        assertThat(open(invoice)).hasSize(1);

        apply(receivable, payment, "400.00");
        settle();
        Run applied = run(reconciliation::checkPayments, "payments");
        assertThat(applied.closed()).containsEntry("PAYMENT_NOT_APPLIED", 1);
        // applied after the settle window it waited: late, a discrepancy of its own
        assertThat(open(invoice)).extracting(row -> row.get("kind")).containsExactly("PAYMENT_APPLIED_LATE");

        apply(receivable, payment, "400.00");
        settle();
        run(reconciliation::checkPayments, "payments");
        run(reconciliation::checkPayments, "payments");
        assertThat(open(invoice)).singleElement().satisfies(row -> {
            assertThat(row.get("kind")).isEqualTo("PAYMENT_APPLIED_TWICE");
            assertThat((String) row.get("objects_json")).contains(payment, receivable);
        });
    }

    @Test
    void aPaymentAppliedLateAndAPaymentTheInvoiceDoesNotHave() {
        walkInPagesOf(7);
        String invoice = sentInvoice();
        String receivable = receivable(invoice, "1430.40");
        String payment = sandbox.post("/invoicing/v1/invoices/" + invoice + "/payments", PAY.formatted("100.00"))
                .path("id").asString();
        settle();
        apply(receivable, payment, "100.00");
        String stranger = apply(receivable, "pay_elsewhere", "50.00");
        settle();

        run(reconciliation::checkPayments, "payments");
        assertThat(open(invoice)).extracting(row -> row.get("fingerprint")).containsExactlyInAnyOrder(
                "PAYMENT_APPLIED_LATE|" + payment + "|" + appliedId(receivable, payment),
                "PAYMENT_UNKNOWN|" + stranger);
    }

    // ---------------------------------------------------------------------------------------------- provisioning

    @Test
    void aWonDealWithoutItsBillingPlanThenWithAllThreeThenNeverProvisioned() {
        walkInPagesOf(7);
        String deal = wonDeal();
        String project = sandbox.post("/psa/v1/projects", """
                {"externalRef": "%s", "customerRef": "%s", "name": "Project", "billingModel": "TIME_AND_MATERIALS",
                 "currency": "EUR", "startDate": "2026-01-01", "endDate": "2026-12-31"}""".formatted(deal, customer))
                .path("id").asString();
        sandbox.post("/erp/v1/projects", """
                {"externalRef": "%s", "customerId": "%s", "name": "ERP project", "currency": "EUR",
                 "revenueMethod": "AS_INVOICED"}""".formatted(deal, customer));
        String never = wonDeal();
        settle();

        Run first = run(reconciliation::checkProvisioning, "provisioning");
        assertThat(open(deal)).singleElement().satisfies(row -> {
            assertThat(row.get("kind")).isEqualTo("BILLING_PLAN_MISSING");
            assertThat(row.get("owner_team")).isEqualTo("finance-ops");
            assertThat(row.get("fingerprint")).isEqualTo("BILLING_PLAN_MISSING|" + deal);
        });
        assertThat(open(never)).extracting(row -> row.get("kind")).containsExactly("NOT_PROVISIONED");
        assertThat(first.checked()).isGreaterThanOrEqualTo(2);
        run(reconciliation::checkProvisioning, "provisioning");
        assertThat(all(deal)).hasSize(1);

        // the plan, created for another project: linked wrongly
        String plan = sandbox.post("/invoicing/v1/billing-plans", """
                {"externalRef": "%s", "customerRef": "%s", "projectRef": "prj_other", "billingModel": "TIME_AND_MATERIALS",
                 "currency": "EUR", "billingPeriod": "MONTHLY"}""".formatted(deal, customer)).path("id").asString();
        settle();
        Run linked = run(reconciliation::checkProvisioning, "provisioning");
        assertThat(linked.closed()).containsKey("BILLING_PLAN_MISSING");
        assertThat(open(deal)).singleElement().satisfies(row -> {
            assertThat(row.get("kind")).isEqualTo("PROVISIONING_UNLINKED");
            assertThat((String) row.get("cause")).contains(plan, "prj_other", project);
        });

        // its provisioning is running again: left alone, and the discrepancy stays open
        db.sql("""
                insert into process (workflow_id, run_id, process_type, business_key, status, started_at, updated_at)
                values (:id, 'r1', 'opportunity-to-project', :deal, 'RUNNING', now(), now())
                """).param("id", "opportunity-to-project-" + deal).param("deal", deal).update();
        Run running = run(reconciliation::checkProvisioning, "provisioning");
        assertThat(running.skipped()).isGreaterThanOrEqualTo(1);
        assertThat(open(deal)).extracting(row -> row.get("last_run_id")).containsExactly(running.runId());
    }

    // ---------------------------------------------------------------------------------------------- work

    @Test
    void approvedWorkUnbilledPastItsPeriodBilledTwiceAndMarkedWrongly() {
        walkInPagesOf(1000);
        String project = sandbox.post("/psa/v1/projects", """
                {"externalRef": "%s", "customerRef": "%s", "name": "Project", "billingModel": "TIME_AND_MATERIALS",
                 "currency": "EUR", "startDate": "2026-01-01", "endDate": "2026-12-31"}""".formatted(unique("opp"), customer))
                .path("id").asString();
        String plan = sandbox.post("/invoicing/v1/billing-plans", """
                {"externalRef": "%s", "customerRef": "%s", "projectRef": "%s", "billingModel": "TIME_AND_MATERIALS",
                 "currency": "EUR", "billingPeriod": "MONTHLY"}""".formatted(unique("opp"), customer, project))
                .path("id").asString();
        String unbilled = approvedTime(project, "2026-01-15");
        String twice = approvedTime(project, "2026-01-16");
        String unmarked = approvedTime(project, "2026-01-17");
        String first = invoiceFor(plan, twice);
        invoiceFor(plan, twice);
        mark(first, twice);
        invoiceFor(plan, unmarked);
        settle();

        run(reconciliation::checkWork, "work");
        run(reconciliation::checkWork, "work");
        assertThat(all(unbilled)).singleElement().satisfies(row -> {
            assertThat(row.get("kind")).isEqualTo("WORK_UNBILLED");
            assertThat((String) row.get("cause")).contains("monthly period ended 2026-01-31");
        });
        assertThat(all(twice)).extracting(row -> row.get("kind")).containsExactly("WORK_BILLED_TWICE");
        assertThat(all(unmarked)).singleElement().satisfies(row -> {
            assertThat(row.get("kind")).isEqualTo("WORK_MARK_MISMATCH");
            assertThat(row.get("owner_team")).isEqualTo("pmo");
        });

        // billed at last, and marked: in step
        mark(invoiceFor(plan, unbilled), unbilled);
        settle();
        Run repaired = run(reconciliation::checkWork, "work");
        assertThat(open(unbilled)).isEmpty();
        assertThat(repaired.closed()).containsEntry("WORK_UNBILLED", 1);
        assertThat(open(twice)).hasSize(1);
    }

    // ---------------------------------------------------------------------------------------------- the run's row

    @Test
    void theRunsRowIsWrittenOnceAtTheStartAndEndsCompletedWithWhatItClosed() {
        walkInPagesOf(7);
        String runId = "rec-test-" + UUID.randomUUID();
        Instant startedAt = Instant.parse("2026-12-01T02:00:00Z");
        ReconciliationRunStarted started = new ReconciliationRunStarted(runId, "reconciliation",
                ReconciliationRequest.ON_DEMAND, "ops@o2c.dev", List.of("receivables", "payments"), startedAt);

        reconciliation.runStarted(started);
        // a retried start (or one with other values) leaves the first row
        reconciliation.runStarted(new ReconciliationRunStarted(runId, "reconciliation", ReconciliationRequest.SCHEDULE,
                null, List.of("work"), startedAt.plusSeconds(5)));
        Map<String, Object> row = runRow(runId);
        assertThat(row.get("workflow_id")).isEqualTo("reconciliation");
        assertThat(row.get("trigger")).isEqualTo("ON_DEMAND");
        assertThat(row.get("requested_by")).isEqualTo("ops@o2c.dev");
        assertThat(row.get("checks_json")).isEqualTo("[\"receivables\", \"payments\"]");
        assertThat(row.get("status")).isEqualTo("RUNNING");
        assertThat(((Timestamp) row.get("started_at")).toInstant()).isEqualTo(startedAt);
        assertThat(row.get("finished_at")).isNull();
        assertThat(row.get("closed_json")).isEqualTo("{}");
        assertThat(row.get("failure")).isNull();

        reconciliation.runFinished(runId, ProcessStatus.COMPLETED, Map.of("PAYMENT_NOT_APPLIED", 2), null);
        Map<String, Object> finished = runRow(runId);
        assertThat(finished.get("status")).isEqualTo("COMPLETED");
        assertThat(finished.get("closed_json")).isEqualTo("{\"PAYMENT_NOT_APPLIED\": 2}");
        assertThat(finished.get("failure")).isNull();
        Timestamp finishedAt = (Timestamp) finished.get("finished_at");
        assertThat(finishedAt).isNotNull();

        // a retried end writes the same row and keeps its first finish time
        reconciliation.runFinished(runId, ProcessStatus.COMPLETED, Map.of("PAYMENT_NOT_APPLIED", 2), null);
        assertThat(runRow(runId).get("finished_at")).isEqualTo(finishedAt);
        assertThat(db.sql("select count(*) from reconciliation_run where run_id = :r").param("r", runId)
                .query(Integer.class).single()).isEqualTo(1);
    }

    @Test
    void aFailedRunEndsFailedWithItsReasonAndAScheduledRunHasNoRequester() {
        walkInPagesOf(7);
        String runId = "rec-test-" + UUID.randomUUID();
        reconciliation.runStarted(new ReconciliationRunStarted(runId, "reconciliation", ReconciliationRequest.SCHEDULE,
                null, List.of("provisioning", "work", "receivables", "payments"), Instant.now()));
        reconciliation.runFinished(runId, ProcessStatus.FAILED, Map.of(), "receivables page after inv_500 failed: 503");

        Map<String, Object> row = runRow(runId);
        assertThat(row.get("trigger")).isEqualTo("SCHEDULE");
        assertThat(row.get("requested_by")).isNull();
        assertThat(row.get("status")).isEqualTo("FAILED");
        assertThat(row.get("failure")).isEqualTo("receivables page after inv_500 failed: 503");
        assertThat(row.get("closed_json")).isEqualTo("{}");
        assertThat(row.get("finished_at")).isNotNull();
    }

    @Test
    void anEndWithoutAStartedRowOrAnInvalidStatusOrTriggerWritesNothing() {
        walkInPagesOf(7);
        String runId = "rec-test-" + UUID.randomUUID();
        reconciliation.runFinished(runId, ProcessStatus.COMPLETED, Map.of(), null);
        assertThat(db.sql("select count(*) from reconciliation_run where run_id = :r").param("r", runId)
                .query(Integer.class).single()).isZero();

        assertThatThrownBy(() -> reconciliation.runFinished(runId, ProcessStatus.RUNNING, Map.of(), null))
                .isInstanceOf(ActivityFailure.class).satisfies(ReconciliationActivitiesImplTest::refusedAsInvalid);
        assertThatThrownBy(() -> reconciliation.runStarted(new ReconciliationRunStarted(runId, "reconciliation",
                "CRON", null, List.of("work"), Instant.now())))
                .isInstanceOf(ActivityFailure.class).satisfies(ReconciliationActivitiesImplTest::refusedAsInvalid);
        assertThat(db.sql("select count(*) from reconciliation_run where run_id = :r").param("r", runId)
                .query(Integer.class).single()).isZero();
    }

    // ---------------------------------------------------------------------------------------------- helpers

    private static void refusedAsInvalid(Throwable e) {
        assertThat(e.getCause()).isInstanceOfSatisfying(ApplicationFailure.class, failure -> {
            assertThat(failure.getType()).isEqualTo(FailureTypes.VALIDATION);
            assertThat(failure.isNonRetryable()).isTrue();
        });
    }

    private Map<String, Object> runRow(String runId) {
        return db.sql("select *, checks::text as checks_json, closed::text as closed_json from reconciliation_run"
                + " where run_id = :r").param("r", runId).query().singleRow();
    }

    /**
     * Registers the activities walking pages of {@code pageSize}: small for invoices and deals, so that a run crosses
     * several pages and key ranges; large for PSA entries, of which other tests in this JVM seed tens of thousands.
     */
    private void walkInPagesOf(int pageSize) {
        // the calls' audit rows go to the connector tests' ledger; discrepancies and processes to this test's own
        env.registerActivitiesImplementations(
                new ReconciliationActivitiesImpl(clients, reconciliationLedger, SETTLE, pageSize));
        reconciliation = stub(ReconciliationActivities.class);
    }

    private String approvedTime(String project, String date) {
        String id = sandbox.post("/psa/v1/projects/" + project + "/time-entries", """
                {"person": "ann@o2c.dev", "role": "Engineer", "date": "%s", "hours": "8", "description": "work"}
                """.formatted(date)).path("id").asString();
        sandbox.post("/psa/v1/time-entries/" + id + "/approve", "{}");
        return id;
    }

    private String invoiceFor(String plan, String entry) {
        return sandbox.post("/invoicing/v1/invoices", """
                {"billingPlanId": "%s", "currency": "EUR", "issueDate": "2026-02-28", "dueDate": "2026-03-30",
                 "lines": [{"description": "Engineering", "quantity": "8", "unitPrice": "100.00", "sourceRefs": ["%s"]}]}
                """.formatted(plan, entry)).path("id").asString();
    }

    private void mark(String invoice, String entry) {
        sandbox.post("/psa/v1/billing-marks", "{\"invoiceRef\": \"" + invoice + "\", \"timeEntryIds\": [\"" + entry + "\"]}");
    }

    private String wonDeal() {
        String account = sandbox.post("/crm/v1/accounts", """
                {"name": "%s", "ownerEmail": "owner@o2c.dev", "legalEntity": "O2C-DE", "currency": "EUR",
                 "taxId": "DE999999999", "paymentTermsDays": 30,
                 "billingAddress": {"line1": "Hauptstraße 1", "city": "München", "postalCode": "80331", "country": "DE"}}
                """.formatted(unique("Account"))).path("id").asString();
        String deal = sandbox.post("/crm/v1/opportunities", """
                {"accountId": "%s", "name": "%s", "amount": "50000.00", "currency": "EUR",
                 "billingModel": "TIME_AND_MATERIALS", "startDate": "2026-01-01", "endDate": "2026-06-30",
                 "rateCard": {"versions": [{"effectiveFrom": "2026-01-01", "rates": [{"role": "Engineer", "hourlyRate": "120.00"}]}]}}
                """.formatted(account, unique("Deal"))).path("id").asString();
        sandbox.post("/crm/v1/opportunities/" + deal + "/won", "{}");
        return deal;
    }

    /** What a whole check saw over every page, and what closing after it closed. */
    record Run(String runId, int checked, int skipped, Map<String, Integer> found, Map<String, Integer> closed) {}

    private Run run(BiFunction<String, String, CheckPage> check, String name) {
        String runId = "rec-test-" + UUID.randomUUID();
        String after = null;
        int checked = 0;
        int skipped = 0;
        int pages = 0;
        Map<String, Integer> found = new HashMap<>();
        do {
            CheckPage page = check.apply(runId, after);
            assertThat(page.check()).isEqualTo(name);
            checked += page.checked();
            skipped += page.skipped();
            page.found().forEach((kind, n) -> found.merge(kind, n, Integer::sum));
            after = page.next();
            pages++;
        } while (after != null);
        assertThat(db.sql("select count(*) from reconciliation_page where run_id = :r").param("r", runId)
                .query(Integer.class).single()).isEqualTo(pages);
        ResolvedDiscrepancies closed = reconciliation.closeResolved(runId, List.of(name));
        return new Run(runId, checked, skipped, found, closed.closed());
    }

    private List<Map<String, Object>> open(String subject) {
        return db.sql("select *, objects::text as objects_json from discrepancy where subject_id = :s and status <> 'CLOSED'")
                .param("s", subject).query().listOfRows();
    }

    private List<Map<String, Object>> all(String subject) {
        return db.sql("select * from discrepancy where subject_id = :s").param("s", subject).query().listOfRows();
    }

    /** A SENT invoice of 1430.40 EUR. */
    private String sentInvoice() {
        String plan = sandbox.post("/invoicing/v1/billing-plans", """
                {"externalRef": "%s", "customerRef": "%s", "projectRef": "prj_x", "billingModel": "TIME_AND_MATERIALS",
                 "currency": "EUR", "billingPeriod": "MONTHLY"}""".formatted(unique("opp"), customer)).path("id").asString();
        String invoice = sandbox.post("/invoicing/v1/invoices", """
                {"billingPlanId": "%s", "currency": "EUR", "issueDate": "2026-02-28", "dueDate": "2026-03-30",
                 "lines": [{"description": "Engineering", "quantity": "10", "unitPrice": "120.00"},
                           {"description": "Travel", "quantity": "1", "unitPrice": "230.40"}]}""".formatted(plan))
                .path("id").asString();
        sandbox.post("/invoicing/v1/invoices/" + invoice + "/finalize", "{}");
        sandbox.post("/invoicing/v1/invoices/" + invoice + "/send", "{}");
        return invoice;
    }

    private String receivable(String invoice, String amount) {
        return sandbox.post("/erp/v1/receivables", """
                {"customerId": "%s", "invoiceRef": "%s", "amount": "%s", "currency": "EUR", "dueDate": "2026-03-30"}
                """.formatted(customer, invoice, amount)).path("id").asString();
    }

    private String apply(String receivable, String paymentRef, String amount) {
        return sandbox.post("/erp/v1/receivables/" + receivable + "/payments", APPLY.formatted(paymentRef, amount))
                .path("id").asString();
    }

    private String appliedId(String receivable, String paymentRef) {
        for (JsonNode applied : sandbox.get("/erp/v1/receivables/" + receivable).path("payments")) {
            if (paymentRef.equals(applied.path("paymentRef").asString())) {
                return applied.path("id").asString();
            }
        }
        throw new AssertionError(paymentRef + " not applied on " + receivable);
    }

    /** Waits out the settle window, so what the test just changed is compared rather than skipped. */
    private static void settle() {
        try {
            Thread.sleep(SETTLE.toMillis() + 100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private JdbcClient sandboxDb() {
        return JdbcClient.create(sandbox.context().getBean(DataSource.class));
    }
}
