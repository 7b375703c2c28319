package dev.o2c.activities.billing;

import static dev.o2c.activities.Fixtures.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.o2c.activities.ConnectorTestSupport;
import dev.o2c.activities.TestDatabases;
import dev.o2c.activities.http.SystemClients;
import dev.o2c.activities.http.SystemsProperties;
import dev.o2c.activities.http.SystemsProperties.Endpoint;
import dev.o2c.activities.ledger.AuditTrail;
import dev.o2c.workflows.common.FailureTypes;
import dev.o2c.workflows.model.BillingModel;
import dev.o2c.workflows.model.Contract;
import dev.o2c.workflows.model.Milestone;
import dev.o2c.workflows.model.Money;
import dev.o2c.workflows.model.Rate;
import dev.o2c.workflows.model.RateCard;
import dev.o2c.workflows.model.RateCardVersion;
import dev.o2c.workflows.systems.BillingActivities;
import dev.o2c.workflows.systems.CollectRequest;
import dev.o2c.workflows.systems.Collected;
import dev.o2c.workflows.systems.Converted;
import dev.o2c.workflows.systems.Created;
import dev.o2c.workflows.systems.InvoiceHeader;
import dev.o2c.workflows.systems.PriceRequest;
import dev.o2c.workflows.systems.RunTotals;
import dev.o2c.workflows.systems.UnbilledPreview;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

/**
 * The billing run's activities against the real sandbox over HTTP and a real ledger database: a T&amp;M project with
 * time over two rate-card versions and two roles, an expense in CHF, a completed milestone, an unrated entry and an
 * expense without an exchange rate, collected, converted, priced, invoiced and marked billed; the cap; repeats; and
 * 20,000 entries.
 */
class BillingActivitiesImplTest extends ConnectorTestSupport {

    private static final BigDecimal TAX = new BigDecimal("19");
    private static final LocalDate THROUGH = LocalDate.of(2026, 3, 31);
    private static DataSource billingLedger;

    private BillingActivities billing;
    private JdbcClient billingDb;

    @BeforeEach
    void register() {
        synchronized (BillingActivitiesImplTest.class) {
            if (billingLedger == null) {
                billingLedger = TestDatabases.ledger("ledger_billing");
                // CHF to EUR from 2026-03-01 only: an expense of February has no rate
                sandbox.post("/sandbox/v1/erp/exchange-rates",
                        "{\"from\":\"CHF\",\"to\":\"EUR\",\"effectiveFrom\":\"2026-03-01\",\"rate\":\"1.0512\"}");
            }
        }
        billingDb = JdbcClient.create(billingLedger);
        // the connector tests' clients wait 3 s; an invoice with 100,000 source refs takes longer on a busy machine
        Duration wait = Duration.ofSeconds(60);
        SystemsProperties properties = new SystemsProperties(
                Endpoint.of(sandbox.baseUrl("crm"), wait, wait), Endpoint.of(sandbox.baseUrl("psa"), wait, wait),
                Endpoint.of(sandbox.baseUrl("erp"), wait, wait),
                Endpoint.of(sandbox.baseUrl("invoicing"), wait, wait));
        clients = new SystemClients(properties, RestClient.builder(),
                new AuditTrail(JdbcClient.create(billingLedger), new JdbcTransactionManager(billingLedger)));
        env.registerActivitiesImplementations(new BillingActivitiesImpl(clients, billingLedger));
        billing = env.newActivityStub(BillingActivities.class, ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofMinutes(5))
                .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                .build());
    }

    // ---------------------------------------------------------------------------------------------- fixtures

    static Contract contract() {
        RateCard rates = RateCard.of(
                RateCardVersion.of(LocalDate.of(2026, 1, 1), Rate.of("Engineer", "100.00", "EUR"),
                        Rate.of("Architect", "150.00", "EUR")),
                RateCardVersion.of(LocalDate.of(2026, 3, 1), Rate.of("Engineer", "110.00", "EUR"),
                        Rate.of("Architect", "165.50", "EUR")));
        return new Contract(BillingModel.TIME_AND_MATERIALS, null, LocalDate.of(2026, 1, 1),
                LocalDate.of(2026, 12, 31), Money.of("100000.00", "EUR"), rates,
                List.of(new Milestone(null, "Design sign-off", Money.of("2000.00", "EUR"), LocalDate.of(2026, 3, 15))),
                null);
    }

    /** What the test seeded in the PSA. */
    record Seeded(String projectId, String planId, List<String> billable, List<String> unbillable,
            String kickOffMilestone, String designMilestone, Map<String, String> byName) {}

    private String project() {
        return sandbox.post("/psa/v1/projects", """
                {"customerRef":"cus_billing","name":"Billing test","billingModel":"TIME_AND_MATERIALS",
                 "currency":"EUR","startDate":"2026-01-01","endDate":"2026-12-31"}""").path("id").asString();
    }

    private String time(String projectId, String role, String date, String hours, boolean approve) {
        String id = sandbox.post("/psa/v1/projects/" + projectId + "/time-entries",
                "{\"person\":\"ann@o2c.dev\",\"role\":\"" + role + "\",\"date\":\"" + date + "\",\"hours\":\"" + hours
                        + "\",\"description\":\"work\"}").path("id").asString();
        if (approve) {
            sandbox.post("/psa/v1/time-entries/" + id + "/approve", "{}");
        }
        return id;
    }

    private String expense(String projectId, String category, String date, String amount, String currency) {
        String id = sandbox.post("/psa/v1/projects/" + projectId + "/expenses",
                "{\"date\":\"" + date + "\",\"category\":\"" + category + "\",\"amount\":\"" + amount
                        + "\",\"currency\":\"" + currency + "\",\"description\":\"trip\"}").path("id").asString();
        sandbox.post("/psa/v1/expenses/" + id + "/approve", "{}");
        return id;
    }

    private String milestone(String projectId, String name, String amount, boolean complete) {
        String id = sandbox.post("/psa/v1/projects/" + projectId + "/milestones",
                "{\"name\":\"" + name + "\",\"amount\":\"" + amount + "\",\"dueDate\":\"2026-03-15\"}")
                .path("id").asString();
        if (complete) {
            sandbox.post("/psa/v1/milestones/" + id + "/complete", "{}");
        }
        return id;
    }

    private String plan(String projectId) {
        return sandbox.post("/invoicing/v1/billing-plans", "{\"externalRef\":\"" + unique("opp") + "\","
                + "\"customerRef\":\"cus_billing\",\"projectRef\":\"" + projectId + "\",\"billingModel\":"
                + "\"TIME_AND_MATERIALS\",\"currency\":\"EUR\",\"billingPeriod\":\"MONTHLY\"}").path("id").asString();
    }

    private Seeded seed() {
        String p = project();
        Map<String, String> ids = new java.util.LinkedHashMap<>();
        ids.put("eng-feb-10", time(p, "Engineer", "2026-02-10", "7.5", true));
        ids.put("eng-feb-11", time(p, "Engineer", "2026-02-11", "8", true));
        ids.put("arc-feb-20", time(p, "Architect", "2026-02-20", "3.25", true));
        ids.put("eng-mar-02", time(p, "Engineer", "2026-03-02", "6", true));
        ids.put("eng-mar-03", time(p, "Engineer", "2026-03-03", "2.33", true));
        ids.put("arc-mar-05", time(p, "Architect", "2026-03-05", "1.5", true));
        ids.put("travel-eur", expense(p, "travel", "2026-03-04", "120.40", "EUR"));
        ids.put("travel-chf", expense(p, "travel", "2026-03-12", "200.00", "CHF"));
        // not on the invoice: no rate for the role, no exchange rate yet, after the period, not approved
        ids.put("tester", time(p, "Tester", "2026-03-06", "4", true));
        ids.put("hotel-chf", expense(p, "hotel", "2026-02-15", "99.99", "CHF"));
        ids.put("eng-apr", time(p, "Engineer", "2026-04-02", "8", true));
        ids.put("submitted", time(p, "Engineer", "2026-03-10", "5", false));
        String kickOff = milestone(p, "Kick-off", "500.00", true);
        String design = milestone(p, "Design sign-off", "1500.00", true);
        milestone(p, "Go-live", "3000.00", false);
        List<String> billable = List.of(ids.get("eng-feb-10"), ids.get("eng-feb-11"), ids.get("arc-feb-20"),
                ids.get("eng-mar-02"), ids.get("eng-mar-03"), ids.get("arc-mar-05"), ids.get("travel-eur"),
                ids.get("travel-chf"));
        List<String> unbillable = List.of(ids.get("tester"), ids.get("hotel-chf"), ids.get("eng-apr"),
                ids.get("submitted"));
        return new Seeded(p, plan(p), billable, unbillable, kickOff, design, ids);
    }

    private CollectRequest collectRequest(String runId, Seeded seeded) {
        return new CollectRequest(runId, seeded.projectId(), LocalDate.of(2026, 3, 1), THROUGH, contract(),
                List.of(seeded.kickOffMilestone()), false);
    }

    private static BigDecimal money(String hours, String rate) {
        return new BigDecimal(hours).multiply(new BigDecimal(rate)).setScale(2, RoundingMode.HALF_UP);
    }

    private static BigDecimal tax(BigDecimal amount) {
        return amount.multiply(TAX).divide(BigDecimal.valueOf(100), 2, RoundingMode.HALF_UP);
    }

    // ------------------------------------------------------------------------------------------------- tests

    @Test
    void billsARunFromCollectToBillingMarksOnceEvenWhenEveryStepRunsTwice() {
        Seeded s = seed();
        String runId = unique("billing-run");

        Collected collected = billing.collect(collectRequest(runId, s));
        Collected again = billing.collect(collectRequest(runId, s));

        // 7 time entries up to the 31st (6 rated, the Tester unrated), 2 expenses + 1 hotel, 1 milestone
        assertThat(collected).isEqualTo(again);
        assertThat(collected.timeEntries()).isEqualTo(7);
        assertThat(collected.expenses()).isEqualTo(3);
        assertThat(collected.milestones()).isEqualTo(1);
        assertThat(collected.feeLines()).isZero();
        assertThat(collected.unrated()).isEqualTo(1);
        assertThat(collected.unratedExample())
                .isEqualTo("role Tester on 2026-03-06 (" + s.byName().get("tester") + ")");
        assertThat(collected.foreignExpenses()).isEqualTo(2);

        Converted converted = billing.convertCurrencies(runId, "EUR");
        assertThat(converted).isEqualTo(new Converted(1, 1, "CHF to EUR on 2026-02-15"));
        assertThat(billing.convertCurrencies(runId, "EUR")).isEqualTo(converted);
        assertThat(billingDb.sql("select amount, original_amount, original_currency, fx_rate from billing_run_row"
                + " where run_id = :r and source_id = :s").param("r", runId).param("s", s.byName().get("travel-chf"))
                .query().singleRow()).satisfies(row -> {
                    assertThat((BigDecimal) row.get("amount")).isEqualByComparingTo("210.24");
                    assertThat((BigDecimal) row.get("original_amount")).isEqualByComparingTo("200.00");
                    assertThat(row.get("original_currency")).isEqualTo("CHF");
                    assertThat((BigDecimal) row.get("fx_rate")).isEqualByComparingTo("1.0512");
                });

        // independently: groups per role, month and rate; rounding of the group; tax per line
        BigDecimal arcFeb = money("3.25", "150.00");
        BigDecimal engFeb = money("15.5", "100.00");
        BigDecimal arcMar = money("1.5", "165.50");
        BigDecimal engMar = money("8.33", "110.00");
        BigDecimal travel = new BigDecimal("120.40").add(money("200.00", "1.0512"));
        BigDecimal design = new BigDecimal("2000.00");
        List<BigDecimal> amounts = List.of(arcFeb, engFeb, arcMar, engMar, travel, design);
        BigDecimal subtotal = amounts.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal taxTotal = amounts.stream().map(BillingActivitiesImplTest::tax).reduce(BigDecimal.ZERO,
                BigDecimal::add);
        assertThat(subtotal).isEqualByComparingTo("5532.69");
        assertThat(taxTotal).isEqualByComparingTo("1051.22");

        PriceRequest priceRequest = new PriceRequest(runId, "EUR", TAX, null, false);
        RunTotals totals = billing.price(priceRequest);
        assertThat(billing.price(priceRequest)).isEqualTo(totals);
        assertThat(totals.lines()).isEqualTo(6);
        assertThat(totals.entries()).isEqualTo(9);
        assertThat(totals.subtotal()).isEqualTo(Money.of(subtotal, "EUR"));
        assertThat(totals.taxTotal()).isEqualTo(Money.of(taxTotal, "EUR"));
        assertThat(totals.total()).isEqualTo(Money.of(subtotal.add(taxTotal), "EUR"));
        assertThat(totals.overCap()).isEqualTo(Money.zero("EUR"));
        assertThat(totals.heldEntries()).isZero();
        assertThat(totals.milestoneIds()).containsExactly(s.designMilestone());
        assertThat(totals.milestoneAmount()).isEqualTo(Money.of("2000.00", "EUR"));
        assertThat(totals.instalmentAmount()).isEqualTo(Money.zero("EUR"));

        InvoiceHeader header = new InvoiceHeader(s.planId(), "EUR", LocalDate.of(2026, 4, 1),
                LocalDate.of(2026, 5, 1), runId);
        Created invoice = billing.createInvoice(runId + ":createInvoice", runId, header);
        Created second = billing.createInvoice(runId + ":createInvoice", runId, header);
        assertThat(second.id()).isEqualTo(invoice.id());
        List<JsonNode> invoices = sandbox.snapshot("invoicing", "invoices", "externalRef", runId);
        assertThat(invoices).hasSize(1);
        JsonNode stored = sandbox.get("/invoicing/v1/invoices/" + invoice.id());
        assertThat(new BigDecimal(stored.path("subtotal").asString())).isEqualByComparingTo(subtotal);
        assertThat(new BigDecimal(stored.path("taxTotal").asString())).isEqualByComparingTo(taxTotal);
        assertThat(new BigDecimal(stored.path("total").asString())).isEqualByComparingTo(subtotal.add(taxTotal));
        List<String> descriptions = new ArrayList<>();
        stored.path("lines").forEach(line -> descriptions.add(line.path("description").asString()));
        assertThat(descriptions).containsExactly(
                "Architect, 2026-02: 3.25 h at 150.00 EUR",
                "Engineer, 2026-02: 15.5 h at 100.00 EUR",
                "Architect, 2026-03: 1.5 h at 165.50 EUR",
                "Engineer, 2026-03: 8.33 h at 110.00 EUR",
                "Expenses travel, 2026-03",
                "Milestone Design sign-off");
        JsonNode lines = stored.path("lines");
        for (int i = 0; i < amounts.size(); i++) {
            assertThat(new BigDecimal(lines.get(i).path("amount").asString())).isEqualByComparingTo(amounts.get(i));
            assertThat(new BigDecimal(lines.get(i).path("taxAmount").asString()))
                    .isEqualByComparingTo(tax(amounts.get(i)));
        }
        assertThat(refs(lines.get(1))).containsExactlyInAnyOrder(s.byName().get("eng-feb-10"),
                s.byName().get("eng-feb-11"));
        assertThat(refs(lines.get(3))).containsExactlyInAnyOrder(s.byName().get("eng-mar-02"),
                s.byName().get("eng-mar-03"));
        assertThat(refs(lines.get(4))).containsExactlyInAnyOrder(s.byName().get("travel-eur"),
                s.byName().get("travel-chf"));
        assertThat(refs(lines.get(5))).containsExactly(s.designMilestone());
        assertThat(new BigDecimal(lines.get(1).path("quantity").asString())).isEqualByComparingTo("15.5");

        billing.markBilled(runId + ":markBilled", runId, invoice.id());
        billing.markBilled(runId + ":markBilled", runId, invoice.id());
        JsonNode marks = sandbox.get("/psa/v1/billing-marks?invoiceRef=" + invoice.id());
        List<String> marked = new ArrayList<>();
        marks.path("timeEntryIds").forEach(id -> marked.add(id.asString()));
        marks.path("expenseIds").forEach(id -> marked.add(id.asString()));
        assertThat(marked).containsExactlyInAnyOrderElementsOf(s.billable());
        for (String id : s.unbillable()) {
            String kind = id.startsWith("exp_") ? "expenses" : "time-entries";
            JsonNode ref = sandbox.get("/psa/v1/" + kind + "/" + id).path("billedInvoiceRef");
            assertThat(ref.isNull() || ref.isMissingNode()).as(id).isTrue();
        }
        // the next run finds only what was not billed
        String next = unique("billing-run");
        Collected rest = billing.collect(collectRequest(next, s));
        assertThat(rest.timeEntries()).isEqualTo(1); // the Tester
        assertThat(rest.expenses()).isEqualTo(1); // the hotel
    }

    @Test
    void aCapReportsTheExcessOrHoldsBackTheLatestEntriesUntilTheRegroupedSubtotalFits() {
        Seeded s = seed();
        String runId = unique("billing-run");
        billing.collect(collectRequest(runId, s));
        billing.convertCurrencies(runId, "EUR");
        Money cap = Money.of("3000.00", "EUR");

        RunTotals reported = billing.price(new PriceRequest(runId, "EUR", TAX, cap, false));
        assertThat(reported.subtotal()).isEqualTo(Money.of("5532.69", "EUR"));
        assertThat(reported.overCap()).isEqualTo(Money.of("2532.69", "EUR"));
        assertThat(reported.heldEntries()).isZero();
        assertThat(reported.heldBack()).isEqualTo(Money.zero("EUR"));

        // latest first: the milestone (completed today) 2000.00 → 3532.69; CHF travel of 03-12 210.24 → 3322.45;
        // Architect of 03-05 248.25 → 3074.20; EUR travel of 03-04 120.40 → 2953.80, fits
        RunTotals held = billing.price(new PriceRequest(runId, "EUR", TAX, cap, true));
        BigDecimal kept = money("3.25", "150.00").add(money("15.5", "100.00")).add(money("8.33", "110.00"));
        assertThat(held.subtotal()).isEqualTo(Money.of(kept, "EUR"));
        assertThat(held.subtotal().amount()).isEqualByComparingTo("2953.80");
        assertThat(held.lines()).isEqualTo(3);
        assertThat(held.entries()).isEqualTo(5);
        assertThat(held.heldEntries()).isEqualTo(4);
        assertThat(held.heldBack()).isEqualTo(Money.of("2578.89", "EUR"));
        assertThat(held.overCap()).isEqualTo(Money.zero("EUR"));
        assertThat(held.milestoneIds()).isEmpty();
        assertThat(held.taxTotal()).isEqualTo(Money.of(tax(money("3.25", "150.00")).add(tax(money("15.5", "100.00")))
                .add(tax(money("8.33", "110.00"))), "EUR"));
        assertThat(billingDb.sql("select source_id from billing_run_row where run_id = :r and held")
                .param("r", runId).query(String.class).list()).containsExactlyInAnyOrder(s.designMilestone(),
                        s.byName().get("travel-chf"), s.byName().get("arc-mar-05"), s.byName().get("travel-eur"));

        // held rows are neither on the invoice nor marked
        Created invoice = billing.createInvoice(runId + ":createInvoice", runId,
                new InvoiceHeader(s.planId(), "EUR", LocalDate.of(2026, 4, 1), LocalDate.of(2026, 5, 1), runId));
        billing.markBilled(runId + ":markBilled", runId, invoice.id());
        JsonNode marks = sandbox.get("/psa/v1/billing-marks?invoiceRef=" + invoice.id());
        assertThat(marks.path("timeEntryIds").size() + marks.path("expenseIds").size()).isEqualTo(5);

        // a price without the cap clears the holds
        RunTotals uncapped = billing.price(new PriceRequest(runId, "EUR", TAX, null, true));
        assertThat(uncapped.subtotal()).isEqualTo(Money.of("5532.69", "EUR"));
        assertThat(uncapped.heldEntries()).isZero();
    }

    @Test
    void aGroupWithMoreSourceRefsThanALineTakesIsSplitIntoLinesThatAddUp() {
        String p = project();
        String a = time(p, "Engineer", "2026-03-02", "1.25", true);
        String b = time(p, "Engineer", "2026-03-03", "1.25", true);
        String c = time(p, "Engineer", "2026-03-04", "1.33", true);
        String runId = unique("billing-run");
        // an implementation whose lines take 2 source refs at most
        TestActivityEnvironment small = TestActivityEnvironment.newInstance();
        small.registerActivitiesImplementations(new BillingActivitiesImpl(clients, billingLedger, 2));
        BillingActivities billing = small.newActivityStub(BillingActivities.class, ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofMinutes(1))
                .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                .build());
        billing.collect(new CollectRequest(runId, p, LocalDate.of(2026, 3, 1), THROUGH, contract(), List.of(), false));

        RunTotals totals = billing.price(new PriceRequest(runId, "EUR", TAX, null, false));

        assertThat(totals.lines()).isEqualTo(2);
        assertThat(totals.subtotal()).isEqualTo(Money.of(money("2.5", "110.00").add(money("1.33", "110.00")), "EUR"));
        Created invoice = billing.createInvoice(runId, runId,
                new InvoiceHeader(plan(p), "EUR", LocalDate.of(2026, 4, 1), LocalDate.of(2026, 5, 1), runId));
        JsonNode lines = sandbox.get("/invoicing/v1/invoices/" + invoice.id()).path("lines");
        assertThat(refs(lines.get(0))).containsExactlyInAnyOrder(a, b);
        assertThat(refs(lines.get(1))).containsExactly(c);
        assertThat(lines.get(1).path("description").asString())
                .isEqualTo("Engineer, 2026-03: 1.33 h at 110.00 EUR (part 2)");
        small.close();
    }

    @Test
    void fixedFeeInstalmentsAndRetainerMonthsFallInThePeriodOfTheirLastDay() {
        Contract fee = new Contract(BillingModel.FIXED_FEE, Money.of("10000.00", "EUR"), LocalDate.of(2026, 1, 15),
                LocalDate.of(2026, 3, 20), null, null, List.of(), null);
        assertThat(BillingActivitiesImpl.instalmentRows(fee, LocalDate.of(2026, 1, 1), LocalDate.of(2026, 12, 31)))
                .extracting(r -> r.sourceId() + " " + r.date() + " " + r.amount().toPlainString())
                .containsExactly("FEE-2026-01 2026-01-31 3333.33", "FEE-2026-02 2026-02-28 3333.33",
                        "FEE-2026-03 2026-03-20 3333.34");
        assertThat(BillingActivitiesImpl.instalmentRows(fee, LocalDate.of(2026, 2, 1), LocalDate.of(2026, 3, 19)))
                .extracting(BillingActivitiesImpl.RunRow::sourceId).containsExactly("FEE-2026-02");
        Contract retainer = new Contract(BillingModel.RETAINER, null, LocalDate.of(2026, 1, 1),
                LocalDate.of(2026, 6, 30), null, null, List.of(), Money.of("2500.00", "EUR"));
        assertThat(BillingActivitiesImpl.instalmentRows(retainer, LocalDate.of(2026, 3, 1), LocalDate.of(2026, 4, 30)))
                .extracting(r -> r.sourceId() + " " + r.amount().toPlainString())
                .containsExactly("RETAINER-2026-03 2500.00", "RETAINER-2026-04 2500.00");
    }

    @Test
    void aFixedFeeRunBillsTheInstalmentOfItsPeriodAndTheExpensesButNoTime() {
        String p = project();
        time(p, "Engineer", "2026-03-02", "8", true);
        expense(p, "travel", "2026-03-04", "80.00", "EUR");
        Contract fee = new Contract(BillingModel.FIXED_FEE, Money.of("10000.00", "EUR"), LocalDate.of(2026, 1, 15),
                LocalDate.of(2026, 3, 20), null, null, List.of(), null);
        String runId = unique("billing-run");

        Collected collected = billing.collect(new CollectRequest(runId, p, LocalDate.of(2026, 3, 1), THROUGH, fee,
                List.of(), false));
        RunTotals totals = billing.price(new PriceRequest(runId, "EUR", TAX, null, false));

        assertThat(collected).isEqualTo(new Collected(0, 1, 0, 1, 0, null, 0));
        assertThat(totals.lines()).isEqualTo(2);
        assertThat(totals.subtotal()).isEqualTo(Money.of("3413.34", "EUR"));
        assertThat(totals.instalmentAmount()).isEqualTo(Money.of("3333.34", "EUR"));
        assertThat(billingDb.sql("select description from billing_run_line where run_id = :r order by line_no")
                .param("r", runId).query(String.class).list())
                .containsExactly("Expenses travel, 2026-03", "Fixed fee 2026-03");

        String milestoneRun = unique("billing-run");
        assertThat(billing.collect(new CollectRequest(milestoneRun, p, LocalDate.of(2026, 3, 1), THROUGH, fee,
                List.of(), true))).isEqualTo(new Collected(0, 0, 0, 0, 0, null, 0));
    }

    @Test
    void previewsWhatWouldBillWithoutStoringAnything() {
        Seeded s = seed();
        UnbilledPreview preview = billing.previewUnbilled(s.projectId(), contract(), THROUGH);
        // rated time and the converted CHF travel; neither the Tester nor the unconvertible hotel
        assertThat(preview.entries()).isEqualTo(8);
        assertThat(preview.amount()).isEqualTo(Money.of("3532.69", "EUR"));
    }

    @Test
    void aRetriedCollectResumesAfterTheCursorOfItsLastHeartbeat() {
        String p = project();
        sandbox.post("/sandbox/v1/psa/projects/" + p + "/time-entries/bulk",
                "{\"count\":1500,\"from\":\"2026-03-01\",\"perDay\":100,\"role\":\"Engineer\"}");
        String runId = unique("billing-run");
        CollectRequest request = new CollectRequest(runId, p, LocalDate.of(2026, 3, 1), THROUGH, contract(), List.of(),
                false);
        assertThat(billing.collect(request).timeEntries()).isEqualTo(1500);
        // an attempt that stored the first page, heartbeat its cursor and died; its rows of page 1 stay in the ledger
        String cursor = sandbox.get("/psa/v1/projects/" + p
                + "/time-entries?status=APPROVED&billed=false&to=2026-03-31&limit=1000").path("nextCursor").asString();
        billingDb.sql("delete from billing_run_row where run_id = :r and source_id not in (select source_id from"
                + " billing_run_row where run_id = :r order by entry_date, source_id limit 1000)")
                .param("r", runId).update();
        billingDb.sql("update billing_run_row set amount = 0 where run_id = :r").param("r", runId).update();

        env.setHeartbeatDetails(new BillingActivitiesImpl.Progress("TIME", cursor));
        Collected resumed = billing.collect(request);

        // page 1 was not read again (its rows keep the marker), the rest was
        assertThat(resumed.timeEntries()).isEqualTo(1500);
        assertThat(billingDb.sql("select count(*) from billing_run_row where run_id = :r and amount = 0")
                .param("r", runId).query(Integer.class).single()).isEqualTo(1000);
    }

    @Test
    void anUnknownProjectIsNotFound() {
        var failure = failureOf(() -> billing.collect(new CollectRequest(unique("run"), "prj_unknown",
                LocalDate.of(2026, 3, 1), THROUGH, contract(), List.of(), false)));
        assertThat(failure.getType()).isEqualTo(FailureTypes.NOT_FOUND);
        assertThat(failure.isNonRetryable()).isTrue();
    }

    /**
     * 20,000 entries (or {@code -Dbilling.volume=<n>}, a multiple of 1,000 up to 100,000), 1,000 a day from
     * 2026-01-01: collected, priced (with and without a hold-back), invoiced and marked. Prints the timings.
     */
    @Test
    void collectsPricesInvoicesAndMarksTwentyThousandEntries() {
        int count = Integer.getInteger("billing.volume", 20_000);
        int perDay = 1000;
        int days = count / perDay;
        LocalDate from = LocalDate.of(2026, 1, 1);
        LocalDate last = from.plusDays(days - 1L);
        String p = project();
        long t0 = System.nanoTime();
        sandbox.post("/sandbox/v1/psa/projects/" + p + "/time-entries/bulk",
                "{\"count\":" + count + ",\"from\":\"" + from + "\",\"perDay\":" + perDay
                        + ",\"hours\":\"1\",\"role\":\"Engineer\"}");
        long seeded = System.nanoTime();
        String runId = unique("billing-run");

        Collected collected = billing.collect(new CollectRequest(runId, p, from, last, contract(), List.of(), false));
        long collectedAt = System.nanoTime();
        RunTotals totals = billing.price(new PriceRequest(runId, "EUR", TAX, null, false));
        long pricedAt = System.nanoTime();

        // independently: 1 h at 100.00 until February, 110.00 from March; one line per month
        Map<java.time.YearMonth, Integer> hours = new java.util.TreeMap<>();
        for (LocalDate d = from; !d.isAfter(last); d = d.plusDays(1)) {
            hours.merge(java.time.YearMonth.from(d), perDay, Integer::sum);
        }
        BigDecimal expected = BigDecimal.ZERO;
        BigDecimal expectedTax = BigDecimal.ZERO;
        for (var month : hours.entrySet()) {
            String rate = month.getKey().isBefore(java.time.YearMonth.of(2026, 3)) ? "100.00" : "110.00";
            BigDecimal amount = money(month.getValue().toString(), rate);
            expected = expected.add(amount);
            expectedTax = expectedTax.add(tax(amount));
        }
        assertThat(collected.timeEntries()).isEqualTo(count);
        assertThat(collected.unrated()).isZero();
        assertThat(totals.lines()).isEqualTo(hours.size());
        assertThat(totals.entries()).isEqualTo(count);
        assertThat(totals.subtotal()).isEqualTo(Money.of(expected, "EUR"));
        assertThat(totals.taxTotal()).isEqualTo(Money.of(expectedTax, "EUR"));

        // a cap 1,234.56 below: the last 12 entries (1 h at the last rate each) held back; 11 would not fit
        BigDecimal lastRate = new BigDecimal(last.isBefore(LocalDate.of(2026, 3, 1)) ? "100.00" : "110.00");
        BigDecimal cap = expected.subtract(new BigDecimal("1234.56"));
        RunTotals capped = billing.price(new PriceRequest(runId, "EUR", TAX, Money.of(cap, "EUR"), true));
        long cappedAt = System.nanoTime();
        int mustHold = new BigDecimal("1234.56").divide(lastRate, 0, RoundingMode.CEILING).intValueExact();
        assertThat(capped.heldEntries()).isEqualTo(mustHold);
        assertThat(capped.subtotal()).isEqualTo(Money.of(expected.subtract(lastRate.multiply(
                BigDecimal.valueOf(mustHold))), "EUR"));
        assertThat(capped.overCap()).isEqualTo(Money.zero("EUR"));

        totals = billing.price(new PriceRequest(runId, "EUR", TAX, null, false));
        long repricedAt = System.nanoTime();
        Created invoice = billing.createInvoice(runId, runId,
                new InvoiceHeader(plan(p), "EUR", LocalDate.of(2026, 6, 1), LocalDate.of(2026, 7, 1), runId));
        long invoicedAt = System.nanoTime();
        billing.markBilled(runId, runId, invoice.id());
        long markedAt = System.nanoTime();

        JsonNode marks = sandbox.get("/psa/v1/billing-marks?invoiceRef=" + invoice.id());
        assertThat(marks.path("timeEntryIds").size()).isEqualTo(count);
        JsonNode stored = sandbox.get("/invoicing/v1/invoices/" + invoice.id());
        assertThat(new BigDecimal(stored.path("subtotal").asString())).isEqualByComparingTo(expected);
        int refs = 0;
        for (JsonNode line : stored.path("lines")) {
            refs += line.path("sourceRefs").size();
        }
        assertThat(refs).isEqualTo(count);

        System.out.printf("billing volume (%,d time entries): bulk seed %d ms, collect %d ms, price %d ms, "
                + "price with hold-back %d ms, re-price %d ms, createInvoice %d ms, markBilled %d ms%n", count,
                ms(t0, seeded), ms(seeded, collectedAt), ms(collectedAt, pricedAt), ms(pricedAt, cappedAt),
                ms(cappedAt, repricedAt), ms(repricedAt, invoicedAt), ms(invoicedAt, markedAt));
    }

    private static long ms(long from, long to) {
        return (to - from) / 1_000_000;
    }

    private static List<String> refs(JsonNode line) {
        List<String> refs = new ArrayList<>();
        line.path("sourceRefs").forEach(ref -> refs.add(ref.asString()));
        return refs;
    }
}
