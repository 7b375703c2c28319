package dev.o2c.devstack;

import static dev.o2c.devstack.client.O2cClient.objects;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.o2c.devstack.client.O2cClient;
import dev.o2c.devstack.client.Role;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Project-to-billing end to end, with real processes only: a time-and-materials deal won in the sandbox CRM is
 * provisioned, its approved time (two rate card versions, two roles) and expenses (one in USD) are billed on demand,
 * and the outcome is checked in the systems against totals this test computes on its own from the entries it created
 * (the rules: time per role, month and rate, amount = hours × rate half-up to cents; expenses per category and month,
 * each converted at the ERP's rate of its date half-up to cents; tax per line half-up to cents). Then a second bill-now
 * bills nothing, and an amendment raises the Engineer rate from today: only the entries from then on get the new rate.
 *
 * <p>The methods run in order and build on each other (one deal); a later one is skipped when an earlier one failed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
@ExtendWith(SharedStack.class)
@Order(2)
class BillingE2EIT {

    private static final Duration SAGA = Duration.ofSeconds(90);
    private static final Duration RUN = Duration.ofSeconds(60);
    private static final Set<String> SETTLED = Set.of("COMPLETED", "COMPENSATED", "ABORTED", "NEEDS_ATTENTION", "FAILED");

    private O2cClient o2c;

    // the deal, all dates relative to today (UTC, as the workflows count days)
    private final LocalDate today = LocalDate.now(ZoneOffset.UTC);
    private final LocalDate yesterday = today.minusDays(1);
    private final LocalDate contractStart = today.minusDays(120);
    /** Engineer 100.00 → 120.00 from a mid-month date between the first and the last entry. */
    private final LocalDate rateChange = yesterday.minusDays(40).withDayOfMonth(15);
    private final List<Rates> card = new ArrayList<>(List.of(
            new Rates(contractStart, Map.of("Engineer", new BigDecimal("100.00"), "Architect", new BigDecimal("150.00"))),
            new Rates(rateChange, Map.of("Engineer", new BigDecimal("120.00"), "Architect", new BigDecimal("150.00")))));

    private String opportunityId;
    private String psaProjectId;
    private String billingPlanId;
    private String erpProjectId;
    private BigDecimal taxPercent;
    private String firstInvoiceId;
    private boolean secondRunDone;

    @BeforeAll
    void provisionATimeAndMaterialsDeal() {
        o2c = SharedStack.get().client();
        String name = "Billing E2E " + UUID.randomUUID().toString().substring(0, 8);
        String account = o2c.createAccount(name, true); // O2C-DE, EUR, billing country DE
        opportunityId = o2c.createTimeAndMaterials(account, name + " platform", contractStart, today.plusDays(180),
                null, versionsJson());
        Map<String, String> ids = o2c.provision(opportunityId, SAGA);
        psaProjectId = ids.get("psaProjectId");
        billingPlanId = ids.get("billingPlanId");
        erpProjectId = ids.get("erpProjectId");
        assertThat(psaProjectId).as("opportunity-to-project created ids %s", ids).isNotBlank();
        assertThat(billingPlanId).as("opportunity-to-project created ids %s", ids).isNotBlank();
        taxPercent = new BigDecimal(o2c.get(SharedStack.get().info().sandboxUrl()
                + "/erp/v1/tax-rates?legalEntity=O2C-DE&country=DE&date=" + today).expect(200).text("ratePercent"));
    }

    @Test
    @Order(1)
    void aBillNowInvoicesApprovedTimeAtTheRateOfItsDateAndExpensesConverted() {
        JsonNode billing = o2c.awaitProjectBilling(psaProjectId, RUN);
        assertThat(billing.path("processId").asText()).isEqualTo("project-billing-" + psaProjectId);
        assertThat(billing.path("status").asText()).isEqualTo("RUNNING");

        List<Time> time = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String role = i % 4 == 3 ? "Architect" : "Engineer";
            LocalDate date = yesterday.minusDays(2L * i);
            BigDecimal hours = new BigDecimal(List.of("7.25", "3.50", "8.00", "1.75", "6.33").get(i % 5));
            time.add(new Time(o2c.approvedTimeEntry(psaProjectId, "p" + (i % 3) + "@o2c.dev", role, date,
                    hours.toPlainString()), role, date, hours));
        }
        List<Expense> expenses = new ArrayList<>();
        expenses.add(expense(yesterday.minusDays(3), "Travel", "412.30", "EUR"));
        expenses.add(expense(yesterday.minusDays(33), "Travel", "89.99", "EUR"));
        expenses.add(expense(yesterday.minusDays(5), "Hotel", "259.00", "EUR"));
        expenses.add(expense(yesterday.minusDays(60), "Meals", "47.15", "EUR"));
        expenses.add(expense(yesterday.minusDays(10), "Software", "199.99", "USD"));
        assertThat(time).extracting(Time::date).allSatisfy(d -> assertThat(d).isAfterOrEqualTo(contractStart));

        // the PSA's time.approved and expense.approved webhooks reach the project's process, which previews them
        JsonNode unbilled = awaitBilling(b -> b.path("unbilledApproved").path("entries").asInt() == 45,
                "unbilledApproved.entries = 45 (the approval webhooks reached project-billing)");
        assertThat(money(unbilled.path("unbilledApproved").path("amount"))).isPositive();

        String runId = billNow(yesterday, 1);
        JsonNode run = awaitRun(runId);
        Expected expected = expected(time, expenses);

        JsonNode snapshot = o2c.snapshot();
        List<JsonNode> invoices = objects(snapshot, "invoicing", "invoices", "billingPlanId", billingPlanId);
        assertThat(invoices).as("invoices of plan %s", billingPlanId).hasSize(1);
        JsonNode invoice = invoices.getFirst();
        firstInvoiceId = invoice.path("id").asText();
        assertThat(O2cClient.ids(run).get("invoiceId")).isEqualTo(firstInvoiceId);
        assertInvoice(invoice, runId, expected);
        assertBilledOnceTo(snapshot, firstInvoiceId, time, expenses);
        assertErp(snapshot, firstInvoiceId, expected);

        JsonNode after = awaitBilling(b -> b.path("unbilledApproved").path("entries").asInt() == 0,
                "unbilledApproved.entries = 0 after the run");
        assertThat(after.path("lastBilledThrough").asText()).isEqualTo(yesterday.toString());
        assertThat(after.path("runs")).anySatisfy(r -> {
            assertThat(r.path("processId").asText()).isEqualTo(runId);
            assertThat(r.path("invoiceId").asText()).isEqualTo(firstInvoiceId);
            assertThat(money(r.path("total"))).isEqualByComparingTo(expected.total());
            assertThat(r.path("entriesBilled").asInt()).isEqualTo(45);
        });
    }

    @Test
    @Order(2)
    void aSecondBillNowBillsNothing() {
        assumeTrue(firstInvoiceId != null, "needs the first run's invoice");
        O2cClient.Answer future = o2c.billNow(psaProjectId, today.plusDays(1));
        assertThat(future.status()).as("bill-now in the future: %s", future.body()).isEqualTo(422);
        assertThat(future.text("type")).as(future.body().toString()).endsWith("/invalid-billing-date");
        String runId = billNow(yesterday, 2);
        JsonNode run = awaitRun(runId);
        assertThat(O2cClient.ids(run)).as(run.toString()).doesNotContainKey("invoiceId");
        assertThat(objects(o2c.snapshot(), "invoicing", "invoices", "billingPlanId", billingPlanId))
                .as("still one invoice").hasSize(1);
        secondRunDone = true;
    }

    @Test
    @Order(3)
    void anAmendmentRatesOnlyTheEntriesFromItsEffectiveDateAtTheNewRate() {
        assumeTrue(secondRunDone, "needs the first two runs");
        // the billed period ends yesterday: the earliest an amendment may take effect is today
        Rates raised = new Rates(today, Map.of("Engineer", new BigDecimal("140.00"),
                "Architect", new BigDecimal("150.00")));
        ObjectNode inside = O2cClient.amendment(1, yesterday, "a re-rate of a billed day");
        inside.putObject("rateCard").set("versions", O2cClient.versions(version(card.get(0)),
                version(card.get(1)), version(new Rates(yesterday, raised.byRole()))));
        O2cClient.Answer refused = o2c.amend(psaProjectId, inside);
        assertThat(refused.status()).as("inside the billed period: %s", refused.body()).isEqualTo(422);
        assertThat(refused.text("type")).as(refused.body().toString()).endsWith("/inside-billed-period");

        ObjectNode amendment = O2cClient.amendment(1, today, "Engineer rate raised from " + today);
        amendment.putObject("rateCard").set("versions", O2cClient.versions(version(card.get(0)),
                version(card.get(1)), version(raised)));
        JsonNode applied = o2c.amend(psaProjectId, amendment).expect(200).body();
        assertThat(applied.path("status").asText()).as(applied.toString()).isEqualTo("APPLIED");
        assertThat(applied.path("contractVersion").asInt()).isEqualTo(2);
        JsonNode recorded = o2c.projectBilling(psaProjectId).expect(200).body().path("amendments").get(0);
        assertThat(recorded.path("number").asInt()).isEqualTo(1);
        assertThat(recorded.path("actor").asText()).as("the token's actor").isEqualTo(Role.FINANCE.clientId());
        card.add(raised);

        // the same number again is refused
        O2cClient.Answer again = o2c.amend(psaProjectId, amendment);
        assertThat(again.status()).as(again.body().toString()).isEqualTo(409);
        assertThat(again.text("type")).as(again.body().toString()).endsWith("/duplicate-amendment");

        // approved late, dated before the change (old rate), and from the change on (new rate)
        List<Time> time = List.of(
                time("Engineer", yesterday, "2.50"),
                time("Engineer", yesterday, "4.00"),
                time("Engineer", today, "3.25"),
                time("Engineer", today, "5.00"),
                time("Architect", today, "1.50"));
        String runId = billNow(today, 3);
        JsonNode run = awaitRun(runId);
        Expected expected = expected(time, List.of());
        assertThat(expected.lines().keySet()).as("the test's own grouping").anyMatch(k -> k.contains("|140.00"));

        JsonNode snapshot = o2c.snapshot();
        List<JsonNode> invoices = objects(snapshot, "invoicing", "invoices", "billingPlanId", billingPlanId);
        assertThat(invoices).as("invoices of plan %s", billingPlanId).hasSize(2);
        JsonNode invoice = invoices.stream().filter(i -> !i.path("id").asText().equals(firstInvoiceId)).findFirst()
                .orElseThrow();
        assertThat(O2cClient.ids(run).get("invoiceId")).isEqualTo(invoice.path("id").asText());
        assertInvoice(invoice, runId, expected);
        assertThat(invoice.path("lines")).as("Engineer at 140.00: only today's 8.25 hours")
                .anySatisfy(line -> {
                    assertThat(money(line.path("unitPrice"))).isEqualByComparingTo("140.00");
                    assertThat(money(line.path("quantity"))).isEqualByComparingTo("8.25");
                });
        assertBilledOnceTo(snapshot, invoice.path("id").asText(), time, List.of());
        assertErp(snapshot, invoice.path("id").asText(), expected);

        JsonNode billing = awaitBilling(b -> true, "an answer");
        assertThat(billing.path("contractVersion").asInt()).isEqualTo(2);
        assertThat(billing.path("lastAmendmentNumber").asInt()).isEqualTo(1);
        assertThat(billing.path("lastBilledThrough").asText()).isEqualTo(today.toString());

        // the amendment was written to the systems, the CRM included
        String propagation = applied.path("propagationProcessId").asText();
        JsonNode propagated = o2c.awaitStatus(propagation, SETTLED, RUN);
        assertThat(propagated.path("status").asText()).as("%s: %s", propagation, propagated).isEqualTo("COMPLETED");
        assertThat(objects(o2c.snapshot(), "crm", "amendments", "opportunityId", opportunityId))
                .as("CRM amendments of %s", opportunityId)
                .singleElement().satisfies(a -> assertThat(a.path("number").asInt()).isEqualTo(1));

        String project = "project-billing-" + psaProjectId;
        recordHistory(project + "-run-1", "billing-run-e2e-bill-now-completed");
        recordHistory(project + "-run-2", "billing-run-e2e-nothing-to-bill");
        recordHistory(project + "-run-3", "billing-run-e2e-after-amendment-completed");
        recordHistory(propagation, "contract-amendment-e2e-completed");
        recordHistory(project, "project-billing-e2e-three-runs-one-amendment");
    }

    /**
     * With {@code -Do2c.recordHistories=true}, writes a workflow's history (as far as it got: the project's billing
     * runs on) so that it can be committed under {@code workflows/src/test/resources/histories/project-to-billing/}
     * for {@code BillingReplayTest} (see {@link Histories}).
     */
    private static void recordHistory(String workflowId, String scenario) {
        Histories.record(workflowId, scenario);
    }

    // ---- what the test expects, computed from the entries it created ---------------------------------------------

    private record Rates(LocalDate effectiveFrom, Map<String, BigDecimal> byRole) {}

    private record Time(String id, String role, LocalDate date, BigDecimal hours) {}

    private record Expense(String id, String category, LocalDate date, BigDecimal amount, String currency) {}

    /** Net amount per invoice line (key: kind, role or category, month, rate), and the totals. */
    private record Expected(Map<String, BigDecimal> lines, BigDecimal subtotal, BigDecimal taxTotal) {
        BigDecimal total() {
            return subtotal.add(taxTotal);
        }
    }

    private Expected expected(List<Time> time, List<Expense> expenses) {
        Map<String, BigDecimal> hours = new TreeMap<>();
        for (Time t : time) {
            BigDecimal rate = rateOn(t.role(), t.date());
            hours.merge("time|" + t.role() + "|" + month(t.date()) + "|" + rate.toPlainString(), t.hours(),
                    BigDecimal::add);
        }
        Map<String, BigDecimal> lines = new TreeMap<>();
        hours.forEach((key, sum) -> lines.put(key, sum.multiply(new BigDecimal(key.substring(key.lastIndexOf('|') + 1)))
                .setScale(2, RoundingMode.HALF_UP)));
        for (Expense e : expenses) {
            BigDecimal converted = "EUR".equals(e.currency()) ? e.amount()
                    : e.amount().multiply(o2c.exchangeRate(e.currency(), "EUR", e.date())).setScale(2,
                            RoundingMode.HALF_UP);
            lines.merge("expense|" + e.category() + "|" + month(e.date()), converted, BigDecimal::add);
        }
        BigDecimal subtotal = BigDecimal.ZERO;
        BigDecimal tax = BigDecimal.ZERO;
        for (BigDecimal net : lines.values()) {
            subtotal = subtotal.add(net);
            tax = tax.add(net.multiply(taxPercent).divide(BigDecimal.valueOf(100), 2, RoundingMode.HALF_UP));
        }
        return new Expected(lines, subtotal.setScale(2), tax.setScale(2));
    }

    private BigDecimal rateOn(String role, LocalDate date) {
        Rates inForce = null;
        for (Rates version : card) {
            if (!version.effectiveFrom().isAfter(date)) {
                inForce = version;
            }
        }
        assertThat(inForce).as("a rate card version in force on %s", date).isNotNull();
        return inForce.byRole().get(role);
    }

    private static String month(LocalDate date) {
        return date.toString().substring(0, 7);
    }

    // ---- assertions ----------------------------------------------------------------------------------------------

    private void assertInvoice(JsonNode invoice, String runId, Expected expected) {
        assertThat(invoice.path("externalRef").asText()).isEqualTo(runId);
        assertThat(invoice.path("currency").asText()).isEqualTo("EUR");
        // finalized by the run; invoice-to-cash, which the run starts at its last step, sends it right after
        assertThat(invoice.path("status").asText()).isIn("FINALIZED", "SENT");
        assertThat(invoice.path("number").asText()).startsWith("INV-");
        assertThat(invoice.path("lines").size()).as("lines %s, expected %s", invoice.path("lines"), expected.lines())
                .isEqualTo(expected.lines().size());
        List<BigDecimal> nets = new ArrayList<>();
        invoice.path("lines").forEach(line -> nets.add(money(line.path("netAmount")).setScale(2)));
        assertThat(nets).as("line net amounts, expected %s", expected.lines())
                .containsExactlyInAnyOrderElementsOf(expected.lines().values().stream().map(v -> v.setScale(2))
                        .toList());
        assertThat(money(invoice.path("subtotal"))).as("subtotal").isEqualByComparingTo(expected.subtotal());
        assertThat(money(invoice.path("taxTotal"))).as("tax total").isEqualByComparingTo(expected.taxTotal());
        assertThat(money(invoice.path("total"))).as("total").isEqualByComparingTo(expected.total());
    }

    private void assertBilledOnceTo(JsonNode snapshot, String invoiceId, List<Time> time, List<Expense> expenses) {
        Map<String, String> billedTo = new TreeMap<>();
        for (String collection : List.of("timeEntries", "expenses")) {
            objects(snapshot, "psa", collection, "projectId", psaProjectId)
                    .forEach(e -> billedTo.put(e.path("id").asText(), e.path("billedInvoiceRef").asText(null)));
        }
        time.forEach(t -> assertThat(billedTo.get(t.id())).as("time entry %s billed to", t.id()).isEqualTo(invoiceId));
        expenses.forEach(e -> assertThat(billedTo.get(e.id())).as("expense %s billed to", e.id()).isEqualTo(invoiceId));
        assertThat(billedTo.values().stream().filter(invoiceId::equals).count()).as("entries billed to %s", invoiceId)
                .isEqualTo(time.size() + expenses.size());
    }

    private void assertErp(JsonNode snapshot, String invoiceId, Expected expected) {
        assertThat(objects(snapshot, "erp", "receivables", "invoiceRef", invoiceId)).as("receivables of %s", invoiceId)
                .singleElement().satisfies(r -> {
                    assertThat(money(r.path("amount"))).isEqualByComparingTo(expected.total());
                    assertThat(r.path("currency").asText()).isEqualTo("EUR");
                });
        assertThat(objects(snapshot, "erp", "revenueEntries", "sourceRef", invoiceId)).as("revenue of %s", invoiceId)
                .singleElement().satisfies(r -> {
                    assertThat(r.path("projectId").asText()).isEqualTo(erpProjectId);
                    assertThat(money(r.path("amount"))).as("revenue as invoiced (net)")
                            .isEqualByComparingTo(expected.subtotal());
                });
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private String billNow(LocalDate through, int runNumber) {
        JsonNode accepted = o2c.billNow(psaProjectId, through).expect(202).body();
        assertThat(accepted.path("runNumber").asInt()).as(accepted.toString()).isEqualTo(runNumber);
        assertThat(accepted.path("processId").asText()).isEqualTo("project-billing-" + psaProjectId + "-run-"
                + runNumber);
        return accepted.path("processId").asText();
    }

    /** Polls the project's billing view until {@code condition} holds (bounded by {@link #RUN}). */
    private JsonNode awaitBilling(Predicate<JsonNode> condition, String what) {
        long deadline = System.nanoTime() + RUN.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            O2cClient.Answer answer = o2c.projectBilling(psaProjectId);
            if (answer.status() == 200) {
                last = answer.body();
                if (condition.test(last)) {
                    return last;
                }
            }
            O2cClient.sleep(250);
        }
        throw new AssertionError("project-billing-" + psaProjectId + " did not reach " + what + " within " + RUN
                + "; last billing view: " + last);
    }

    private JsonNode awaitRun(String runId) {
        JsonNode run = o2c.awaitStatus(runId, SETTLED, RUN);
        assertThat(run.path("status").asText()).as("billing run %s: %s", runId, run).isEqualTo("COMPLETED");
        return run;
    }

    private Time time(String role, LocalDate date, String hours) {
        return new Time(o2c.approvedTimeEntry(psaProjectId, "late@o2c.dev", role, date, hours), role, date,
                new BigDecimal(hours));
    }

    private Expense expense(LocalDate date, String category, String amount, String currency) {
        return new Expense(o2c.approvedExpense(psaProjectId, date, category, amount, currency), category, date,
                new BigDecimal(amount), currency);
    }

    private JsonNode versionsJson() {
        return O2cClient.versions(version(card.get(0)), version(card.get(1)));
    }

    private static ObjectNode version(Rates rates) {
        List<String> roleRates = new ArrayList<>();
        new TreeMap<>(rates.byRole()).forEach((role, rate) -> {
            roleRates.add(role);
            roleRates.add(rate.toPlainString());
        });
        return O2cClient.rateCardVersion(rates.effectiveFrom(), roleRates.toArray(String[]::new));
    }

    /** A money value of the APIs: a decimal string, a number, or {@code {"amount", "currency"}}. */
    private static BigDecimal money(JsonNode node) {
        JsonNode amount = node.isObject() ? node.path("amount") : node;
        assertThat(amount.isMissingNode() || amount.isNull()).as("money in %s", node).isFalse();
        return new BigDecimal(amount.asText());
    }
}
