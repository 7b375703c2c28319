package dev.o2c.devstack;

import static dev.o2c.devstack.client.O2cClient.amount;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.o2c.devstack.client.O2cClient;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Reconciliation end to end ("four broken links", docs/processes.md, "Reconciliation"): two deals go through
 * opportunity → project → billing → invoice → payment with real processes, then one link of each check is broken at
 * the systems, behind o2c's back: deal A's PSA project is cancelled ({@code provisioning}), the ERP receivable of deal
 * B's first invoice gets another amount ({@code receivables}), the payment of its second invoice is applied a second
 * time in the ERP ({@code payments}), and approved time of a past period is left unbilled ({@code work}). A run on
 * demand finds exactly those four, once each; a second run finds the same rows again (no second row); the amount
 * repaired at the ERP, the third run closes that one.
 *
 * <p>The shared stack also holds the other classes' deals, whose differences are theirs: only the discrepancies about
 * this class's objects are looked at. The stack's settle window is {@link TestStacks#RECONCILIATION_SETTLE}: each run
 * starts once that much time passed since the last change.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
@ExtendWith(SharedStack.class)
@Order(2)
class ReconciliationE2EIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private O2cClient o2c;
    private String sandbox;
    private final LocalDate today = LocalDate.now(ZoneOffset.UTC);

    private String opportunityA;
    private String invoice1;
    private String receivable1;
    private BigDecimal amount1;
    private String invoice2;
    private String payment2;
    private String lateEntry;
    /** Every id of this class's objects: a discrepancy naming one of them is this class's. */
    private final Set<String> mine = new HashSet<>();
    /** The expected discrepancies, kind → subject. */
    private final Map<String, String> expected = new TreeMap<>();

    private String run1;
    private String run2;
    private final Map<String, String> ids = new TreeMap<>();
    private Instant lastChange;

    @BeforeAll
    void twoDealsEndToEndThenFourLinksBroken() {
        o2c = SharedStack.get().client();
        sandbox = SharedStack.get().info().sandboxUrl();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        LocalDate start = today.minusDays(60);

        // deal A: provisioned, then its PSA project cancelled in the PSA
        String accountA = o2c.createAccount("Recon A " + suffix, true);
        opportunityA = o2c.createTimeAndMaterials(accountA, "Recon A " + suffix, start, today.plusDays(120), null,
                O2cClient.versions(O2cClient.rateCardVersion(start, "Engineer", "100.00")));
        String projectA = o2c.provision(opportunityA, WAIT).get("psaProjectId");
        mine.addAll(List.of(opportunityA, projectA));

        // deal B: provisioned, billed twice (one approved entry each), the second invoice paid in part
        String accountB = o2c.createAccount("Recon B " + suffix, true);
        String opportunityB = o2c.createTimeAndMaterials(accountB, "Recon B " + suffix, start, today.plusDays(120),
                null, O2cClient.versions(O2cClient.rateCardVersion(start, "Engineer", "100.00")));
        Map<String, String> provisioned = o2c.provision(opportunityB, WAIT);
        String projectB = provisioned.get("psaProjectId");
        mine.addAll(provisioned.values());
        mine.add(opportunityB);
        o2c.awaitProjectBilling(projectB, WAIT);
        mine.add(o2c.approvedTimeEntry(projectB, "recon@o2c.dev", "Engineer", today.minusDays(1), "3.50"));
        invoice1 = o2c.billNowForInvoice(projectB, today, WAIT);
        mine.add(o2c.approvedTimeEntry(projectB, "recon@o2c.dev", "Engineer", today.minusDays(2), "2.00"));
        invoice2 = o2c.billNowForInvoice(projectB, today, WAIT);
        mine.addAll(List.of(invoice1, invoice2));
        amount1 = amount(o2c.awaitInvoiceStatus(invoice1, "SENT", WAIT).path("total"));
        BigDecimal total2 = amount(o2c.awaitInvoiceStatus(invoice2, "SENT", WAIT).path("total"));
        BigDecimal part = total2.multiply(new BigDecimal("0.4")).setScale(2, RoundingMode.HALF_UP);
        payment2 = o2c.pay(invoice2, part.toPlainString(), "EUR", "recon-" + suffix).expect(201).text("id");
        mine.add(payment2);
        JsonNode receivable2 = awaitApplied(invoice2, 1);
        receivable1 = o2c.receivable(invoice1).path("id").asText();
        mine.addAll(List.of(receivable1, receivable2.path("id").asText()));

        // 1. provisioning: the deal's PSA project is cancelled (its ERP project and billing plan stay)
        o2c.post(sandbox + "/psa/v1/projects/" + projectA + "/cancel", JSON.createObjectNode(), null).expect(200);
        expected.put("PSA_PROJECT_MISSING", opportunityA);
        // 2. receivables: a clerk changes the receivable's amount in the ERP
        setReceivableAmount(receivable1, amount1.subtract(BigDecimal.TEN));
        expected.put("RECEIVABLE_AMOUNT_MISMATCH", invoice1);
        // 3. payments: the payment is applied a second time in the ERP
        o2c.post(sandbox + "/erp/v1/receivables/" + receivable2.path("id").asText() + "/payments",
                JSON.createObjectNode().put("paymentRef", payment2).put("amount", part.toPlainString())
                        .put("currency", "EUR").put("receivedOn", today.toString()), null).expect(201);
        expected.put("PAYMENT_APPLIED_TWICE", invoice2);
        // 4. work: approved time of a period that ended weeks ago, never billed (seeded: no time.approved event)
        LocalDate lateDay = today.minusDays(45);
        o2c.bulkTimeEntries(projectB, 1, lateDay, 1);
        lateEntry = entryOn(projectB, lateDay);
        mine.add(lateEntry);
        expected.put("WORK_UNBILLED", lateEntry);
        lastChange = Instant.now();

        // the o2c payment itself must not count as late: the window is the stack's settle window
        Duration applied = applyDelay(receivable2, payment2);
        if (applied.compareTo(TestStacks.RECONCILIATION_SETTLE) > 0) {
            expected.put("PAYMENT_APPLIED_LATE", invoice2);
        }
        System.out.println("reconciliation e2e: deals " + opportunityA + ", " + opportunityB + "; payment applied "
                + applied.toMillis() + " ms after it was received; expecting " + expected);
    }

    @Test
    @Order(1)
    void aRunFindsTheFourBrokenLinksOnceEach() {
        JsonNode report = reconcile();
        run1 = report.path("runId").asText();
        assertThat(report.path("status").asText()).as(report.toString()).isEqualTo("COMPLETED");
        assertThat(report.path("trigger").asText()).isEqualTo("ON_DEMAND");
        assertThat(report.path("requestedBy").asText()).isNotBlank();
        assertThat(report.path("checks")).extracting(c -> c.path("check").asText())
                .containsExactly("provisioning", "work", "receivables", "payments");
        report.path("checks").forEach(check -> {
            assertThat(check.path("finished").asBoolean()).as(check.toString()).isTrue();
            assertThat(check.path("pages").asInt()).isPositive();
        });
        for (Map.Entry<String, String> kind : expected.entrySet()) {
            assertThat(report.path("opened").path(kind.getKey()).asInt()).as("opened %s", kind.getKey())
                    .isPositive();
        }

        List<JsonNode> found = mine(o2c.allDiscrepancies(run1, "status=open"));
        assertThat(kindsAndSubjects(found)).as("this class's discrepancies").isEqualTo(expected);
        for (JsonNode d : found) {
            ids.put(d.path("kind").asText(), d.path("id").asText());
            assertThat(d.path("firstRunId").asText()).isEqualTo(run1);
            assertThat(d.path("status").asText()).isEqualTo("OPEN");
            assertThat(d.path("cause").asText()).isNotBlank();
            assertThat(d.path("fingerprint").asText()).startsWith(d.path("kind").asText() + "|");
        }
        JsonNode missing = byKind(found, "PSA_PROJECT_MISSING");
        assertThat(missing.path("ownerTeam").asText()).isEqualTo("pmo");
        assertThat(missing.path("objects").get(0).path("links").path("process").asText())
                .endsWith("/api/v1/processes/opportunity-to-project-" + opportunityA);
        JsonNode mismatch = byKind(found, "RECEIVABLE_AMOUNT_MISMATCH");
        assertThat(mismatch.path("ownerTeam").asText()).isEqualTo("finance-ops");
        assertThat(mismatch.path("cause").asText()).contains(receivable1);
        assertThat(mismatch.path("objects").get(0).path("links").path("invoice").asText())
                .endsWith("/api/v1/invoices/" + invoice1);
        assertThat(byKind(found, "PAYMENT_APPLIED_TWICE").path("fingerprint").asText())
                .isEqualTo("PAYMENT_APPLIED_TWICE|" + payment2);
        assertThat(byKind(found, "WORK_UNBILLED").path("fingerprint").asText())
                .isEqualTo("WORK_UNBILLED|" + lateEntry);
    }

    @Test
    @Order(2)
    void theNextRunFindsTheSameRowsAgainAndOpensNoSecond() {
        JsonNode report = reconcile();
        run2 = report.path("runId").asText();
        assertThat(run2).isNotEqualTo(run1);
        assertThat(report.path("status").asText()).isEqualTo("COMPLETED");

        List<JsonNode> found = mine(o2c.allDiscrepancies(run2, "status=open"));
        assertThat(kindsAndSubjects(found)).isEqualTo(expected);
        for (JsonNode d : found) {
            assertThat(d.path("id").asText()).as("the same row").isEqualTo(ids.get(d.path("kind").asText()));
            assertThat(d.path("firstRunId").asText()).isEqualTo(run1);
            assertThat(d.path("lastRunId").asText()).isEqualTo(run2);
        }
        // over every run and status: one row each, never a second
        for (String kind : expected.keySet()) {
            List<JsonNode> rows = mine(o2c.allDiscrepancies(null, "kind=" + kind));
            assertThat(rows).as(kind).hasSize(1);
        }
    }

    @Test
    @Order(3)
    void aLinkRepairedAtItsOwnerIsClosedByTheNextRun() {
        setReceivableAmount(receivable1, amount1);
        lastChange = Instant.now();

        JsonNode report = reconcile();
        String run3 = report.path("runId").asText();
        assertThat(report.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(report.path("closed").path("RECEIVABLE_AMOUNT_MISMATCH").asInt()).as(report.toString())
                .isPositive();

        List<JsonNode> all = mine(o2c.allDiscrepancies(run3, null));
        JsonNode repaired = byKind(all, "RECEIVABLE_AMOUNT_MISMATCH");
        assertThat(repaired.path("id").asText()).isEqualTo(ids.get("RECEIVABLE_AMOUNT_MISMATCH"));
        assertThat(repaired.path("status").asText()).isEqualTo("CLOSED");
        assertThat(repaired.path("closedRunId").asText()).isEqualTo(run3);
        assertThat(repaired.path("closedAt").asText()).isNotBlank();
        Map<String, String> stillOpen = new TreeMap<>(expected);
        stillOpen.remove("RECEIVABLE_AMOUNT_MISMATCH");
        assertThat(kindsAndSubjects(mine(o2c.allDiscrepancies(run3, "status=open")))).isEqualTo(stillOpen);
        assertThat(mine(o2c.allDiscrepancies(null, "status=closed&kind=RECEIVABLE_AMOUNT_MISMATCH")))
                .extracting(d -> d.path("id").asText()).containsExactly(ids.get("RECEIVABLE_AMOUNT_MISMATCH"));
        // the runs are listed newest first
        JsonNode runs = o2c.reconciliations("limit=3").expect(200).body();
        assertThat(runs.path("items").get(0).path("runId").asText()).isEqualTo(run3);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** A run once the settle window passed since the last change, waited for. */
    private JsonNode reconcile() {
        long wait = Duration.between(Instant.now(), lastChange.plus(TestStacks.RECONCILIATION_SETTLE)).toMillis();
        if (wait > 0) {
            O2cClient.sleep(wait + 500);
        }
        long started = System.nanoTime();
        JsonNode report = o2c.reconcileAndWait(WAIT);
        System.out.println("reconciliation " + report.path("runId").asText() + ": "
                + (System.nanoTime() - started) / 1_000_000 + " ms, " + report.path("checks"));
        return report;
    }

    private List<JsonNode> mine(List<JsonNode> discrepancies) {
        List<JsonNode> mine = new ArrayList<>();
        for (JsonNode d : discrepancies) {
            boolean ours = this.mine.contains(d.path("subjectId").asText());
            for (JsonNode object : d.path("objects")) {
                ours |= this.mine.contains(object.path("id").asText());
            }
            if (ours) {
                mine.add(d);
            }
        }
        return mine;
    }

    /** kind → subject; fails on a kind found twice. */
    private static Map<String, String> kindsAndSubjects(List<JsonNode> discrepancies) {
        Map<String, String> map = new TreeMap<>();
        for (JsonNode d : discrepancies) {
            String previous = map.put(d.path("kind").asText(), d.path("subjectId").asText());
            assertThat(previous).as("%s found twice: %s", d.path("kind").asText(), discrepancies).isNull();
        }
        return map;
    }

    private static JsonNode byKind(List<JsonNode> discrepancies, String kind) {
        return discrepancies.stream().filter(d -> kind.equals(d.path("kind").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " in " + discrepancies));
    }

    private void setReceivableAmount(String receivableId, BigDecimal amount) {
        o2c.post(sandbox + "/sandbox/v1/erp/receivables/" + receivableId + "/amount",
                JSON.createObjectNode().put("amount", amount.toPlainString()), null).expect(200);
    }

    /** The invoice's ERP receivable once {@code count} payments are applied on it. */
    private JsonNode awaitApplied(String invoiceId, int count) {
        Instant deadline = Instant.now().plus(WAIT);
        JsonNode receivable = null;
        while (Instant.now().isBefore(deadline)) {
            receivable = o2c.receivable(invoiceId);
            if (receivable.path("payments").size() >= count) {
                return receivable;
            }
            O2cClient.sleep(200);
        }
        throw new AssertionError("payment not applied on " + invoiceId + ": " + receivable);
    }

    /** The PSA time entry of the project dated {@code day}. */
    private String entryOn(String projectId, LocalDate day) {
        JsonNode entries = o2c.get(sandbox + "/psa/v1/projects/" + projectId + "/time-entries").expect(200).body();
        JsonNode list = entries.isArray() ? entries : entries.path("items");
        for (JsonNode entry : list) {
            if (day.toString().equals(entry.path("date").asText())) {
                return entry.path("id").asText();
            }
        }
        throw new AssertionError("no entry on " + day + " in " + entries);
    }

    /** How long after the invoicing platform recorded the payment the ERP applied it. */
    private Duration applyDelay(JsonNode receivable, String paymentId) {
        JsonNode payments = o2c.get(sandbox + "/invoicing/v1/invoices/" + invoice2 + "/payments").body();
        Instant received = null;
        for (JsonNode p : payments.isArray() ? payments : payments.path("items")) {
            if (paymentId.equals(p.path("id").asText())) {
                received = Instant.parse(p.path("createdAt").asText());
            }
        }
        Instant applied = Instant.parse(receivable.path("payments").get(0).path("createdAt").asText());
        return received == null ? Duration.ZERO : Duration.between(received, applied);
    }
}
