package dev.o2c.starter.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.o2c.starter.TestLedger;
import dev.o2c.starter.config.StartupSettingsCheck;
import dev.o2c.starter.events.InboundDatabase;
import dev.o2c.starter.security.AdminTokenByDefault;
import dev.o2c.starter.security.TestTokens;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The operations dashboard over a real PostgreSQL (the worker's ledger migrated by its owner's migrations, the
 * starter's inbound event ledger): first empty, then a scenario seeded with known moments and amounts. The test
 * computes every expected figure itself from the scenario (the median, the p95 by nearest rank, the buckets, DSO) and
 * compares the API's answer and the gauges at the management port's {@code /actuator/prometheus}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.temporal.test-server.enabled=true",
        "o2c.activities.enabled=false",
        "o2c.webhook.secret=dashboard-secret",
        "spring.flyway.enabled=true",
        "spring.flyway.locations=classpath:db/ledger",
        "spring.flyway.placeholders.readerpassword=o2c-dev-reader-password",
        "management.server.port=0",
        // the test refreshes through the API; the schedule's first refresh (at start) sees empty ledgers
        "o2c.dashboard.refresh=PT1H",
})
@AutoConfigureMockMvc
@ActiveProfiles(StartupSettingsCheck.DEV_PROFILE)
@Import({AdminTokenByDefault.class, OperationsDashboardTest.FixedClock.class})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperationsDashboardTest {

    static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");
    static EmbeddedPostgres postgres;

    @TestConfiguration(proxyBeanMethods = false)
    static class FixedClock {
        @Bean
        Clock dashboardClock() {
            return Clock.fixed(NOW, ZoneOffset.UTC);
        }
    }

    @DynamicPropertySource
    static void ledger(DynamicPropertyRegistry registry) {
        postgres = TestLedger.start(registry);
    }

    @AfterAll
    static void stopLedger() throws IOException {
        postgres.close();
    }

    @Autowired MockMvc mvc;
    @Autowired @Qualifier(InboundDatabase.QUALIFIER) JdbcClient inbound;
    @LocalManagementPort int managementPort;

    final JsonMapper json = JsonMapper.builder().build();

    /** Writes like the worker would (the starter's own pool is read-only). */
    JdbcClient ledger() {
        return JdbcClient.create(postgres.getPostgresDatabase());
    }

    @Test
    @Order(1)
    void emptyLedgersAnswerZerosAndNoMedians() throws Exception {
        JsonNode d = dashboard();
        assertThat(d.at("/provisioningFailures/unit").asString()).isEqualTo("failures");
        assertThat(d.at("/provisioningFailures/windows/0/window").asString()).isEqualTo("7d");
        assertThat(d.at("/provisioningFailures/windows/0/total").asLong()).isZero();
        assertThat(d.at("/provisioningFailures/windows/1/byCause").size()).isZero();
        assertThat(d.at("/unbilledWork/entries").asLong()).isZero();
        assertThat(labels(d.at("/unbilledWork/byAge"))).containsExactly("0-7d", "8-30d", "31-60d", ">60d");
        assertThat(d.at("/paymentSyncDelay/median").isNumber()).isFalse();
        assertThat(d.at("/paymentSyncDelay/worstOpen").isNumber()).isFalse();
        assertThat(d.at("/openExceptions/total").asLong()).isZero();
        assertThat(d.at("/wonToCash/median").isNumber()).isFalse();
        assertThat(d.at("/billingLatency/count").asLong()).isZero();
        assertThat(d.at("/dso/byCurrency").size()).isZero();
        assertThat(d.at("/generatedAt").asString()).isEqualTo(NOW.toString());

        String metrics = prometheus();
        assertThat(metrics).contains("o2c_payment_sync_open 0.0");
        assertThat(metrics).contains("o2c_unbilled_entries{age_bucket=\"0-7d\"} 0.0");
        assertThat(metrics).doesNotContain("o2c_dso_days{");
    }

    @Test
    @Order(2)
    void aSeededScenarioGivesTheFiguresTheTestComputes() throws Exception {
        Scenario s = new Scenario();
        s.seed();
        JsonNode d = dashboard();

        // provisioning failures: exceptions opened by opportunity-to-project, by failure type, per window
        for (int w = 0; w < 2; w++) {
            int days = w == 0 ? 7 : 30;
            assertThat(d.at("/provisioningFailures/windows/" + w + "/window").asString()).isEqualTo(days + "d");
            assertThat(points(d.at("/provisioningFailures/windows/" + w + "/byCause")))
                    .isEqualTo(s.provisioningCounts(days));
            assertThat(d.at("/provisioningFailures/windows/" + w + "/total").asLong())
                    .isEqualTo(s.provisioningCounts(days).values().stream().mapToLong(Long::longValue).sum());
        }
        assertThat(s.provisioningCounts(7)).containsEntry("o2c.finance-attributes-invalid", 2L)
                .containsEntry("o2c.conflict", 1L).hasSize(2);

        // unbilled approved work
        assertThat(d.at("/unbilledWork/entries").asLong()).isEqualTo(s.unbilled.size());
        assertThat(d.at("/unbilledWork/unpriced").asLong())
                .isEqualTo(s.unbilled.stream().filter(u -> u.amount == null).count());
        for (JsonNode bucket : d.at("/unbilledWork/byAge")) {
            List<Unbilled> in = s.unbilled.stream().filter(u -> u.bucket().equals(bucket.get("label").asString()))
                    .toList();
            assertThat(bucket.get("value").asLong()).as(bucket.toString()).isEqualTo(in.size());
            assertThat(money(bucket.get("amounts"))).as(bucket.toString()).isEqualTo(sums(in));
        }
        Map<String, Long> byProject = s.unbilled.stream()
                .collect(Collectors.groupingBy(u -> u.project, TreeMap::new, Collectors.counting()));
        assertThat(points(d.at("/unbilledWork/byProject"))).isEqualTo(byProject);
        assertThat(labels(d.at("/unbilledWork/byProject")).getFirst()).isEqualTo("P1"); // the most entries first

        // invoice rejections
        assertThat(points(d.at("/invoiceRejections/byWindow"))).isEqualTo(Map.of(
                "7d", s.rejections.stream().filter(r -> r.isAfter(NOW.minus(Duration.ofDays(7)))).count(),
                "30d", s.rejections.stream().filter(r -> r.isAfter(NOW.minus(Duration.ofDays(30)))).count()));

        // payment sync delay: received (webhook) to applied (ERP)
        List<Double> delays = s.payments.stream().filter(p -> p.applyAfter != null)
                .map(p -> (double) p.applyAfter.toSeconds()).toList();
        assertThat(d.at("/paymentSyncDelay/applied").asLong()).isEqualTo(delays.size());
        assertThat(d.at("/paymentSyncDelay/median").asDouble()).isEqualTo(median(delays));
        assertThat(d.at("/paymentSyncDelay/p95").asDouble()).isEqualTo(nearestRank(delays, 0.95));
        double worstOpen = s.payments.stream().filter(p -> p.applyAfter == null)
                .mapToDouble(p -> Duration.between(p.at, NOW).toSeconds()).max().orElseThrow();
        assertThat(d.at("/paymentSyncDelay/worstOpen").asDouble()).isEqualTo(worstOpen);
        assertThat(d.at("/paymentSyncDelay/open").asLong()).isEqualTo(1);

        // open exceptions by owner team and age
        Map<String, Long> byTeam = s.openExceptions.stream()
                .collect(Collectors.groupingBy(e -> e.team, TreeMap::new, Collectors.counting()));
        assertThat(points(d.at("/openExceptions/byOwnerTeam"))).isEqualTo(byTeam);
        assertThat(d.at("/openExceptions/total").asLong()).isEqualTo(s.openExceptions.size());
        Map<String, Long> byAge = s.openExceptions.stream()
                .collect(Collectors.groupingBy(OpenExc::bucket, Collectors.counting()));
        for (JsonNode point : d.at("/openExceptions/byAge")) {
            assertThat(point.get("value").asLong()).as(point.toString())
                    .isEqualTo(byAge.getOrDefault(point.get("label").asString(), 0L));
        }

        // won to cash: the deal's provisioning started to the invoice fully paid
        List<Double> cycles = new ArrayList<>();
        for (Invoice invoice : s.invoices) {
            Instant paidAt = invoice.paidAt(s.payments);
            if (paidAt != null && paidAt.isAfter(NOW.minus(Duration.ofDays(90)))) {
                cycles.add((double) Duration.between(invoice.wonAt, paidAt).toSeconds());
            }
        }
        assertThat(cycles).hasSize(2);
        assertThat(d.at("/wonToCash/count").asLong()).isEqualTo(cycles.size());
        assertThat(d.at("/wonToCash/median").asDouble()).isEqualTo(median(cycles));

        // billing latency: approved to invoiced, per billed entry
        List<Double> latencies = s.billed.stream()
                .map(b -> (double) Duration.between(b.approvedAt, b.invoice.issuedAt).toSeconds()).toList();
        assertThat(d.at("/billingLatency/count").asLong()).isEqualTo(latencies.size());
        assertThat(d.at("/billingLatency/median").asDouble()).isEqualTo(median(latencies));
        assertThat(d.at("/billingLatency/p95").asDouble()).isEqualTo(nearestRank(latencies, 0.95));

        // DSO per currency: open receivables / invoiced in the last 90 days x 90
        Map<String, BigDecimal> open = new TreeMap<>();
        Map<String, BigDecimal> billed = new TreeMap<>();
        for (Invoice invoice : s.invoices) {
            if (invoice.running) {
                open.merge(invoice.currency, invoice.balance(s.payments, s.credits), BigDecimal::add);
            }
            if (invoice.issuedAt.isAfter(NOW.minus(Duration.ofDays(90)))) {
                billed.merge(invoice.currency, invoice.total(), BigDecimal::add);
            }
        }
        assertThat(d.at("/dso/byCurrency").size()).isEqualTo(2);
        for (JsonNode c : d.at("/dso/byCurrency")) {
            String currency = c.get("label").asString();
            BigDecimal expected = open.get(currency).multiply(BigDecimal.valueOf(90))
                    .divide(billed.get(currency), 2, RoundingMode.HALF_UP);
            assertThat(c.get("value").asDouble()).as(currency).isEqualTo(expected.doubleValue());
            assertThat(new BigDecimal(c.at("/openReceivables/amount").asString())).isEqualByComparingTo(
                    open.get(currency));
            assertThat(new BigDecimal(c.at("/billed/amount").asString())).isEqualByComparingTo(billed.get(currency));
        }

        // the same figures as gauges
        String metrics = prometheus();
        assertThat(gauge(metrics, "o2c_payment_sync_delay_seconds{stat=\"median\"}")).isEqualTo(median(delays));
        assertThat(gauge(metrics, "o2c_payment_sync_delay_seconds{stat=\"p95\"}"))
                .isEqualTo(nearestRank(delays, 0.95));
        assertThat(gauge(metrics, "o2c_payment_sync_oldest_open_seconds")).isEqualTo(worstOpen);
        assertThat(gauge(metrics, "o2c_billing_latency_seconds{stat=\"median\"}")).isEqualTo(median(latencies));
        assertThat(gauge(metrics, "o2c_won_to_cash_seconds{stat=\"median\"}")).isEqualTo(median(cycles));
        assertThat(gauge(metrics, "o2c_dso_days{currency=\"USD\"}")).isCloseTo(
                open.get("USD").multiply(BigDecimal.valueOf(90)).divide(billed.get("USD"), 2, RoundingMode.HALF_UP)
                        .doubleValue(), within(1e-9));
        assertThat(gauge(metrics, "o2c_receivables_open{currency=\"EUR\"}"))
                .isEqualTo(open.get("EUR").doubleValue());
        assertThat(gauge(metrics, "o2c_unbilled_amount{age_bucket=\"8-30d\",currency=\"USD\"}")).isEqualTo(800.0);
        assertThat(gauge(metrics, "o2c_provisioning_failed{cause=\"o2c.finance-attributes-invalid\",window=\"30d\"}"))
                .isEqualTo(s.provisioningCounts(30).get("o2c.finance-attributes-invalid").doubleValue());
        for (OpenExc e : s.openExceptions) {
            long cell = s.openExceptions.stream().filter(o -> o.team.equals(e.team) && o.bucket().equals(e.bucket()))
                    .count();
            assertThat(gauge(metrics, "o2c_exceptions_open{age_bucket=\"" + e.bucket() + "\",owner_team=\""
                    + e.team + "\"}")).isEqualTo(cell);
        }
        assertThat(gauge(metrics, "o2c_invoice_rejections{window=\"30d\"}")).isEqualTo(2.0);
    }

    @Test
    @Order(3)
    void aViewerMayReadItAndNoTokenMayNot() throws Exception {
        mvc.perform(get("/api/v1/dashboards/operations").header("Authorization", TestTokens.role("viewer")))
                .andExpect(status().isOk());
        mvc.perform(get("/api/v1/dashboards/operations").header("Authorization", AdminTokenByDefault.NO_TOKEN))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentTypeCompatibleWith("application/problem+json"));
    }

    // ---- the scenario -------------------------------------------------------------------------------------------

    record Payment(String id, Invoice invoice, String amount, String currency, Instant at, Duration applyAfter) {}

    record Credit(String id, Invoice invoice, String amount) {}

    record OpenExc(String team, Instant openedAt) {
        String bucket() {
            long days = Duration.between(openedAt, NOW).toDays();
            return days <= 1 ? "0-1d" : days <= 3 ? "2-3d" : days <= 7 ? "4-7d" : ">7d";
        }
    }

    record Unbilled(String entry, String project, Instant approvedAt, String amount, String currency) {
        String bucket() {
            long days = Duration.between(approvedAt, NOW).toDays();
            return days <= 7 ? "0-7d" : days <= 30 ? "8-30d" : days <= 60 ? "31-60d" : ">60d";
        }
    }

    record Billed(String entry, Instant approvedAt, Invoice invoice) {}

    static final class Invoice {
        final String id;
        final String run;
        final String project;
        final String currency;
        final BigDecimal net;
        final BigDecimal tax;
        final Instant issuedAt;
        final Instant wonAt;
        final boolean running;

        Invoice(String id, String project, String currency, String net, String tax, Instant issuedAt, Instant wonAt,
                boolean running) {
            this.id = id;
            this.run = "billing-run-" + id;
            this.project = project;
            this.currency = currency;
            this.net = new BigDecimal(net);
            this.tax = new BigDecimal(tax);
            this.issuedAt = issuedAt;
            this.wonAt = wonAt;
            this.running = running;
        }

        BigDecimal total() {
            return net.add(tax);
        }

        Instant paidAt(List<Payment> payments) {
            BigDecimal sum = BigDecimal.ZERO;
            for (Payment p : payments.stream().filter(p -> p.invoice == this)
                    .sorted(Comparator.comparing(Payment::at)).toList()) {
                sum = sum.add(new BigDecimal(p.amount));
                if (sum.compareTo(total()) >= 0) {
                    return p.at;
                }
            }
            return null;
        }

        BigDecimal balance(List<Payment> payments, List<Credit> credits) {
            BigDecimal balance = total();
            for (Payment p : payments) {
                if (p.invoice == this) {
                    balance = balance.subtract(new BigDecimal(p.amount));
                }
            }
            for (Credit c : credits) {
                if (c.invoice == this) {
                    balance = balance.subtract(new BigDecimal(c.amount));
                }
            }
            return balance.max(BigDecimal.ZERO);
        }
    }

    final class Scenario {
        final List<Map.Entry<String, Instant>> provisioningRows = new ArrayList<>();
        final List<OpenExc> openExceptions = new ArrayList<>();
        final List<Invoice> invoices = new ArrayList<>();
        final List<Payment> payments = new ArrayList<>();
        final List<Credit> credits = new ArrayList<>();
        final List<Unbilled> unbilled = new ArrayList<>();
        final List<Billed> billed = new ArrayList<>();
        final List<Instant> rejections = new ArrayList<>();
        int ids;

        Map<String, Long> provisioningCounts(int days) {
            return provisioningRows.stream().filter(e -> !e.getValue().isBefore(NOW.minus(Duration.ofDays(days))))
                    .collect(Collectors.groupingBy(Map.Entry::getKey, TreeMap::new, Collectors.counting()));
        }

        void seed() {
            // provisioning runs that parked (two of one cause in the week and the month, others older)
            provisioningException("o2c.finance-attributes-invalid", ago(2, 0), "OPEN", "sales-ops");
            provisioningException("o2c.finance-attributes-invalid", ago(5, 3), "RESOLVED", "sales-ops");
            provisioningException("o2c.finance-attributes-invalid", ago(10, 0), "RESOLVED", "sales-ops");
            provisioningException("o2c.unavailable", ago(20, 0), "RESOLVED", "it");
            provisioningException("o2c.rejected", ago(40, 0), "RESOLVED", "finance-ops"); // outside both windows
            // runs a system refused: compensated (its last failed call a 409), failed (no failed call recorded)
            endedRun("opp-refused", "COMPENSATED", ago(1, 0), 409, "o2c.conflict");
            endedRun("opp-broken", "FAILED", ago(12, 0), null, "o2c.failed");
            endedRun("opp-old", "COMPENSATED", ago(31, 0), 422, null); // outside both windows
            // other open exceptions
            exception("invoice-to-cash", "o2c.collections", "finance-ops", ago(0, 5), "OPEN");
            exception("invoice-to-cash", "o2c.invoice-rejected", "finance-ops", ago(5, 0), "OPEN");
            exception("billing-run", "o2c.rate-missing", "pmo", ago(9, 0), "OPEN");
            exception("billing-run", "o2c.rate-missing", "pmo", ago(3, 0), "RESOLVED");

            // deals: P1 (EUR) won 60 days ago, P2 (USD) 100 days ago
            deal("opp-1", "P1", ago(60, 0));
            deal("opp-2", "P2", ago(100, 0));
            Invoice inv1 = invoice(new Invoice("INV1", "P1", "EUR", "1000.00", "190.00", ago(30, 0), ago(60, 0),
                    false));
            Invoice inv2 = invoice(new Invoice("INV2", "P1", "EUR", "500.00", "95.00", ago(10, 0), ago(60, 0),
                    true));
            Invoice inv3 = invoice(new Invoice("INV3", "P2", "USD", "2000.00", "0.00", ago(120, 0), ago(100, 0),
                    true));
            Invoice inv4 = invoice(new Invoice("INV4", "P2", "USD", "300.00", "0.00", ago(5, 0), ago(100, 0),
                    true));

            payment(inv1, "600.00", ago(25, 0), Duration.ofSeconds(120));
            payment(inv1, "590.00", ago(20, 0), Duration.ofSeconds(30));
            payment(inv2, "100.00", ago(2, 0), Duration.ofSeconds(600));
            payment(inv3, "100.00", ago(3, 0), Duration.ofSeconds(3600));
            payment(inv4, "300.00", ago(1, 0), null); // not applied yet: the oldest open
            credit(inv2, "50.00");

            // work: billed entries (approved, then on an invoice) and unbilled ones
            billedEntry("time.approved", "tim-1", "P1", ago(35, 0), inv1, "600.00", "EUR");
            billedEntry("time.approved", "tim-2", "P1", ago(32, 0), inv1, "400.00", "EUR");
            billedEntry("expense.approved", "exp-1", "P1", ago(12, 0), inv2, "500.00", "EUR");
            billedEntry("time.approved", "tim-3", "P2", ago(7, 0), inv4, "300.00", "USD");
            unbilledEntry("time.approved", "tim-4", "P1", ago(3, 0), null, null, null);
            unbilledEntry("time.approved", "tim-5", "P2", ago(20, 0), inv4.run, "800.00", "USD"); // held by the cap
            unbilledEntry("time.approved", "tim-6", "P1", ago(45, 0), "billing-run-parked", "150.00", "EUR");
            unbilledEntry("expense.approved", "exp-2", "P3", ago(70, 0), null, null, null);
            unbilledEntry("time.approved", "tim-7", "P1", ago(50, 0), null, null, null);
            ledger().sql("""
                    insert into process (workflow_id, run_id, process_type, business_key, status, started_at,
                                         updated_at)
                    values ('billing-run-parked', 'r', 'billing-run', 'P1', 'NEEDS_ATTENTION', :at, :at)
                    """).param("at", ts(ago(44, 0))).update();
            // tim-4 delivered again under another event id (a duplicate): still one entry
            event("psa", "time.approved", "ROUTED", "VALID", ago(2, 0), "{\"timeEntryId\": \"tim-4\","
                    + " \"projectId\": \"P1\"}");
            // an event whose signature did not verify counts for nothing
            event("psa", "time.approved", "REFUSED", "INVALID", ago(2, 0), null);

            rejection(ago(3, 0));
            rejection(ago(15, 0));
            rejection(ago(40, 0));
        }

        Instant ago(int days, int hours) {
            return NOW.minus(Duration.ofDays(days)).minus(Duration.ofHours(hours));
        }

        void provisioningException(String cause, Instant at, String status, String team) {
            provisioningRows.add(Map.entry(cause, at));
            exception("opportunity-to-project", cause, team, at, status);
        }

        void endedRun(String opportunity, String status, Instant at, Integer httpStatus, String cause) {
            String workflow = "opportunity-to-project-" + opportunity;
            ledger().sql("""
                    insert into process_run (workflow_id, run_id, process_type, business_key, status, started_at,
                                             updated_at)
                    values (:wf, 'run-1', 'opportunity-to-project', :opp, :status, :started, :at)
                    """)
                    .param("wf", workflow).param("opp", opportunity).param("status", status)
                    .param("started", ts(at.minusSeconds(600))).param("at", ts(at)).update();
            if (httpStatus != null) {
                // an earlier refusal of another run of the same workflow id does not count for this one
                auditCall(workflow, "run-0", "FAILED", 500, at.minusSeconds(900));
                auditCall(workflow, "run-1", "FAILED", httpStatus, at.minusSeconds(60));
                auditCall(workflow, "run-1", "SUCCEEDED", 200, at.minusSeconds(30)); // a compensation
            }
            if (cause != null) {
                provisioningRows.add(Map.entry(cause, at));
            }
        }

        void auditCall(String workflow, String run, String outcome, int httpStatus, Instant at) {
            ledger().sql("""
                    insert into audit (at, workflow_id, run_id, step, system, operation, attempt, outcome,
                                       http_status)
                    values (:at, :wf, :run, 'Erp.UpsertCustomer', 'erp', 'POST /customers', 1, :outcome, :status)
                    """)
                    .param("at", ts(at)).param("wf", workflow).param("run", run).param("outcome", outcome)
                    .param("status", httpStatus).update();
        }

        void exception(String type, String failure, String team, Instant at, String status) {
            ledger().sql("""
                    insert into exception_record (id, workflow_id, process_type, business_key, step, owner_team,
                                                  failure_type, cause, status, opened_at)
                    values (:id, :wf, :type, 'k', 's', :team, :failure, 'cause', :status, :at)
                    """)
                    .param("id", "exc-" + ++ids).param("wf", type + "-" + ids).param("type", type)
                    .param("team", team).param("failure", failure).param("status", status).param("at", ts(at))
                    .update();
            if (status.equals("OPEN")) {
                openExceptions.add(new OpenExc(team, at));
            }
        }

        void deal(String opportunity, String project, Instant wonAt) {
            ledger().sql("""
                    insert into process_run (workflow_id, run_id, process_type, business_key, status, created_ids,
                                             started_at, updated_at)
                    values (:wf, 'r1', 'opportunity-to-project', :opp, 'COMPLETED', :ids::jsonb, :at, :at)
                    """)
                    .param("wf", "opportunity-to-project-" + opportunity).param("opp", opportunity)
                    .param("ids", "{\"psaProjectId\": \"" + project + "\"}").param("at", ts(wonAt)).update();
        }

        Invoice invoice(Invoice invoice) {
            invoices.add(invoice);
            ledger().sql("""
                    insert into process (workflow_id, run_id, process_type, business_key, status, created_ids,
                                         started_at, updated_at)
                    values (:wf, 'r', 'billing-run', :project, 'COMPLETED', :ids::jsonb, :started, :ended)
                    """)
                    .param("wf", invoice.run).param("project", invoice.project)
                    .param("ids", "{\"invoiceId\": \"" + invoice.id + "\"}")
                    .param("started", ts(invoice.issuedAt.minusSeconds(60)))
                    .param("ended", ts(invoice.issuedAt.plusSeconds(30))) // the run ends after the finalize
                    .update();
            // the finalize call: a failed attempt, then the one that issued the invoice
            audit(invoice.run, "Invoicing.FinalizeInvoice", "RETRYABLE_FAILURE", null, invoice.issuedAt.minusSeconds(5));
            audit(invoice.run, "Invoicing.FinalizeInvoice", "SUCCEEDED", null, invoice.issuedAt);
            // two lines: net and tax split over them
            BigDecimal half = invoice.net.divide(BigDecimal.TWO);
            BigDecimal halfTax = invoice.tax.divide(BigDecimal.TWO);
            for (int line = 1; line <= 2; line++) {
                ledger().sql("""
                        insert into billing_run_line (run_id, line_no, kind, group_key, description, quantity,
                                                      unit_price, amount, tax_rate_percent, tax_amount, currency,
                                                      entries)
                        values (:run, :line, 'TIME', 'g', 'd', 1, :amount, :amount, 19, :tax, :currency, 1)
                        """)
                        .param("run", invoice.run).param("line", line).param("amount", half).param("tax", halfTax)
                        .param("currency", invoice.currency).update();
            }
            ledger().sql("""
                    insert into process (workflow_id, run_id, process_type, business_key, status, started_at,
                                         updated_at)
                    values (:wf, 'r', 'invoice-to-cash', :invoice, :status, :at, :at)
                    """)
                    .param("wf", "invoice-to-cash-" + invoice.id).param("invoice", invoice.id)
                    .param("status", invoice.running ? "RUNNING" : "COMPLETED").param("at", ts(invoice.issuedAt))
                    .update();
            return invoice;
        }

        void payment(Invoice invoice, String amount, Instant at, Duration applyAfter) {
            String id = "pay-" + ++ids;
            payments.add(new Payment(id, invoice, amount, invoice.currency, at, applyAfter));
            event("invoicing", "payment.received", "ROUTED", "VALID", at, "{\"paymentId\": \"" + id
                    + "\", \"invoiceId\": \"" + invoice.id + "\", \"amount\": \"" + amount + "\", \"currency\": \""
                    + invoice.currency + "\"}");
            String workflow = "invoice-to-cash-" + invoice.id;
            if (applyAfter != null) {
                // the receivable read (no key), a failed post, the post that applied it
                audit(workflow, "Erp.ApplyPayment", "SUCCEEDED", null, at.plusSeconds(1));
                audit(workflow, "Erp.ApplyPayment", "RETRYABLE_FAILURE", workflow + ":erp.applyPayment:" + id,
                        at.plusSeconds(2));
                audit(workflow, "Erp.ApplyPayment", "SUCCEEDED", workflow + ":erp.applyPayment:" + id,
                        at.plus(applyAfter));
            }
        }

        void credit(Invoice invoice, String amount) {
            String id = "crm-" + ++ids;
            credits.add(new Credit(id, invoice, amount));
            event("invoicing", "invoice.credited", "ROUTED", "VALID", ago(1, 0), "{\"creditMemoId\": \"" + id
                    + "\", \"invoiceId\": \"" + invoice.id + "\", \"amount\": \"" + amount + "\", \"currency\": \""
                    + invoice.currency + "\", \"balance\": \"0\"}");
        }

        void billedEntry(String type, String entry, String project, Instant approvedAt, Invoice invoice,
                String amount, String currency) {
            approval(type, entry, project, approvedAt);
            row(invoice.run, type, entry, amount, currency, false);
            billed.add(new Billed(entry, approvedAt, invoice));
        }

        void unbilledEntry(String type, String entry, String project, Instant approvedAt, String run, String amount,
                String currency) {
            approval(type, entry, project, approvedAt);
            if (run != null) {
                row(run, type, entry, amount, currency, run.startsWith("billing-run-INV"));
            }
            unbilled.add(new Unbilled(entry, project, approvedAt, amount, currency));
        }

        void approval(String type, String entry, String project, Instant at) {
            String key = type.equals("time.approved") ? "timeEntryId" : "expenseId";
            event("psa", type, "ROUTED", "VALID", at, "{\"" + key + "\": \"" + entry + "\", \"projectId\": \""
                    + project + "\"}");
        }

        void row(String run, String type, String entry, String amount, String currency, boolean held) {
            ledger().sql("""
                    insert into billing_run_row (run_id, kind, source_id, entry_date, quantity, amount, currency,
                                                 group_key, held)
                    values (:run, :kind, :entry, date '2026-11-01', 1, :amount, :currency, 'g', :held)
                    """)
                    .param("run", run).param("kind", type.equals("time.approved") ? "TIME" : "EXPENSE")
                    .param("entry", entry).param("amount", new BigDecimal(amount)).param("currency", currency)
                    .param("held", held).update();
        }

        void rejection(Instant at) {
            rejections.add(at);
            event("invoicing", "invoice.rejected", "ROUTED", "VALID", at,
                    "{\"invoiceId\": \"INV2\", \"reason\": \"wrong PO\"}");
        }

        void audit(String workflow, String step, String outcome, String key, Instant at) {
            ledger().sql("""
                    insert into audit (at, workflow_id, step, system, operation, idempotency_key, attempt, outcome)
                    values (:at, :wf, :step, 'x', 'POST /x', :key, 1, :outcome)
                    """)
                    .param("at", ts(at)).param("wf", workflow).param("step", step).param("key", key)
                    .param("outcome", outcome).update();
        }

        void event(String system, String type, String status, String verdict, Instant at, String data) {
            String id = "evt-" + ++ids;
            inbound.sql("""
                    insert into inbound_event (system, event_id, type, verdict, status, received_at,
                                               last_delivery_at, payload)
                    values (:system, :id, :type, :verdict, :status, :at, :at, :payload::jsonb)
                    """)
                    .param("system", system).param("id", id).param("type", type).param("verdict", verdict)
                    .param("status", status).param("at", ts(at))
                    .param("payload", data == null ? null : "{\"id\": \"" + id + "\", \"type\": \"" + type
                            + "\", \"system\": \"" + system + "\", \"data\": " + data + "}")
                    .update();
        }
    }

    // ---- the test's own arithmetic ------------------------------------------------------------------------------

    static Map<String, BigDecimal> sums(List<Unbilled> in) {
        Map<String, BigDecimal> sums = new TreeMap<>();
        in.stream().filter(u -> u.amount != null)
                .forEach(u -> sums.merge(u.currency, new BigDecimal(u.amount), BigDecimal::add));
        return sums;
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** The value at rank ⌈p·n⌉ (1-based) of the sorted values. */
    static double nearestRank(List<Double> values, double p) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get((int) Math.ceil(p * sorted.size()) - 1);
    }

    static Timestamp ts(Instant at) {
        return Timestamp.from(at);
    }

    JsonNode dashboard() throws Exception {
        String body = mvc.perform(get("/api/v1/dashboards/operations"))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        return json.readTree(body);
    }

    String prometheus() {
        return RestClient.create().get().uri("http://localhost:" + managementPort + "/actuator/prometheus")
                .retrieve().body(String.class);
    }

    /** The value of one series line ({@code name{labels} value}) of the scrape. */
    static double gauge(String scrape, String series) {
        return scrape.lines().filter(line -> line.startsWith(series + " ")).findFirst()
                .map(line -> Double.parseDouble(line.substring(series.length() + 1).trim()))
                .orElseThrow(() -> new AssertionError(series + " not in the scrape:\n" + scrape.lines()
                        .filter(l -> l.startsWith("o2c_")).collect(Collectors.joining("\n"))));
    }

    static List<String> labels(JsonNode points) {
        List<String> labels = new ArrayList<>();
        points.forEach(p -> labels.add(p.get("label").asString()));
        return labels;
    }

    static Map<String, Long> points(JsonNode points) {
        Map<String, Long> map = new TreeMap<>();
        points.forEach(p -> map.put(p.get("label").asString(), p.get("value").asLong()));
        return map;
    }

    static Map<String, BigDecimal> money(JsonNode amounts) {
        Map<String, BigDecimal> map = new TreeMap<>();
        amounts.forEach(a -> map.put(a.get("currency").asString(), new BigDecimal(a.get("amount").asString())));
        return map;
    }
}
