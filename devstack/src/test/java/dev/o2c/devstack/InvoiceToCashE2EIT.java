package dev.o2c.devstack;

import static dev.o2c.devstack.client.O2cClient.amount;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.o2c.devstack.client.O2cClient;
import dev.o2c.devstack.client.Role;
import dev.o2c.devstack.client.WorkflowHistories;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Invoice-to-cash end to end, with real processes only: a won time-and-materials deal is billed four times (one
 * approved time entry each), and each run starts {@code invoice-to-cash-{invoiceId}}, which sends the invoice and
 * follows it until it is settled. The invoices then take four paths, checked through the invoice API and in each
 * system: paid in two parts (the ERP refusing twice and every {@code payment.received} delivered three times), paid
 * after an upheld dispute credited part of it, voided, and rejected by the customer then voided.
 *
 * <p>The methods run in order; each invoice is its own scenario.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
@ExtendWith(SharedStack.class)
@Order(2)
class InvoiceToCashE2EIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Set<String> SETTLED = Set.of("COMPLETED", "COMPENSATED", "ABORTED", "NEEDS_ATTENTION", "FAILED");
    private static final String EUR = "EUR";

    private O2cClient o2c;
    private final LocalDate today = LocalDate.now(ZoneOffset.UTC);
    private String opportunityId;
    private String psaProjectId;
    /** The invoices in the order the runs issued them, each with the time entry it bills and its run. */
    private final List<Issued> issued = new ArrayList<>();
    /** applyDelayMillis of every payment applied, for the team's note. */
    private final List<Long> delays = new ArrayList<>();
    private boolean paidInTwoParts;

    private record Issued(String invoiceId, String timeEntryId, String runId) {
        String workflowId() {
            return "invoice-to-cash-" + invoiceId;
        }
    }

    @BeforeAll
    void billAWonDealFourTimes() {
        o2c = SharedStack.get().client();
        String name = "Cash E2E " + UUID.randomUUID().toString().substring(0, 8);
        String account = o2c.createAccount(name, true);
        LocalDate start = today.minusDays(60);
        opportunityId = o2c.createTimeAndMaterials(account, name + " support", start, today.plusDays(120), null,
                O2cClient.versions(O2cClient.rateCardVersion(start, "Engineer", "100.00")));
        psaProjectId = o2c.provision(opportunityId, WAIT).get("psaProjectId");
        o2c.awaitProjectBilling(psaProjectId, WAIT);
        for (int i = 1; i <= 4; i++) {
            String entry = o2c.approvedTimeEntry(psaProjectId, "cash@o2c.dev", "Engineer", today.minusDays(i),
                    (i + 2) + ".50");
            String invoiceId = o2c.billNowForInvoice(psaProjectId, today, WAIT);
            issued.add(new Issued(invoiceId, entry, "project-billing-" + psaProjectId + "-run-" + i));
        }
    }

    @AfterAll
    void clearFaults() {
        if (o2c != null) {
            o2c.clearFaults();
        }
    }

    @Test
    @Order(1)
    void eachIssuedInvoiceIsSentAndShownOnTheOpportunity() {
        for (Issued invoice : issued) {
            JsonNode view = o2c.awaitInvoiceStatus(invoice.invoiceId(), "SENT", WAIT);
            assertThat(view.path("processId").asText()).isEqualTo(invoice.workflowId());
            assertThat(view.path("processStatus").asText()).isEqualTo("RUNNING");
            assertThat(view.path("psaProjectId").asText()).isEqualTo(psaProjectId);
            assertThat(view.path("opportunityId").asText()).isEqualTo(opportunityId);
            assertThat(amount(view.path("balance"))).isEqualByComparingTo(amount(view.path("total")));
            assertThat(view.path("receivableId").asText()).isEqualTo(o2c.receivable(invoice.invoiceId())
                    .path("id").asText());
            assertThat(o2c.sandboxInvoice(invoice.invoiceId()).path("status").asText()).isEqualTo("SENT");
            assertThat(view.path("dunning").path("stage").asInt()).isZero();
            assertThat(view.path("dunning").path("stages").asInt()).as("the stack's O2C_DUNNING_SCHEDULE %s",
                    TestStacks.DUNNING_SCHEDULE).isEqualTo(4);
        }
        for (Issued invoice : issued) {
            awaitCrmStatus(invoice.invoiceId(), "SENT");
        }
        // each is a process of its own in the process list (the ledger's projection)
        String listed = o2c.processes("type=invoice-to-cash&limit=200").expect(200).body().toString();
        for (Issued invoice : issued) {
            assertThat(listed).contains(invoice.workflowId());
        }
    }

    @Test
    @Order(2)
    void twoPartialPaymentsAreAppliedOnceDespiteErpFaultsAndRedeliveries() {
        Issued invoice = issued.get(0);
        BigDecimal total = amount(o2c.awaitInvoiceStatus(invoice.invoiceId(), "SENT", WAIT).path("total"));
        BigDecimal first = total.multiply(new BigDecimal("0.4")).setScale(2, RoundingMode.HALF_UP);
        o2c.addFault("erp", "receivables.payments.create", "TRANSIENT", 2, null);

        String payment1 = payAndRedeliverTwice(invoice.invoiceId(), first);
        JsonNode partly = o2c.awaitInvoice(invoice.invoiceId(), i -> "PARTIALLY_PAID".equals(i.path("status").asText())
                && applied(i) == 1, WAIT, "PARTIALLY_PAID with the first payment applied");
        assertThat(amount(partly.path("balance"))).isEqualByComparingTo(total.subtract(first));
        assertThat(o2c.faults()).as("the ERP refused the first payment twice").allSatisfy(f ->
                assertThat(f.path("remaining").asInt()).isZero());

        String payment2 = payAndRedeliverTwice(invoice.invoiceId(), total.subtract(first));
        JsonNode paid = o2c.awaitInvoice(invoice.invoiceId(), i -> "PAID".equals(i.path("status").asText())
                && "COMPLETED".equals(i.path("processStatus").asText()), WAIT, "PAID, process COMPLETED");
        assertThat(amount(paid.path("balance"))).isZero();
        assertThat(amount(paid.path("paid"))).isEqualByComparingTo(total);
        assertThat(paid.path("payments")).extracting(p -> p.path("paymentId").asText())
                .containsExactly(payment1, payment2);
        assertAppliedWithDelays(paid);

        JsonNode receivable = o2c.receivable(invoice.invoiceId());
        assertThat(amount(receivable.path("balance"))).isZero();
        assertThat(receivable.path("status").asText()).isEqualTo("PAID");
        assertThat(receivable.path("payments")).as("ERP payments, one per payment despite the duplicates")
                .hasSize(2);
        awaitCrmStatus(invoice.invoiceId(), "PAID");
        assertThat(amount(crmInvoice(invoice.invoiceId()).path("balance"))).isZero();

        O2cClient.Answer voidPaid = o2c.voidInvoice(invoice.invoiceId(), "too late");
        assertThat(voidPaid.status()).as(voidPaid.body().toString()).isEqualTo(409);
        assertThat(voidPaid.text("reason")).as("the process has ended").isEqualTo("SETTLED");
        paidInTwoParts = true;
        Histories.record(invoice.runId(), "billing-run-e2e-starts-invoice-to-cash");
        recordClosed(invoice, "invoice-to-cash-e2e-paid-in-two-parts-duplicates-erp-faults");
    }

    @Test
    @Order(3)
    void anUpheldDisputeIsCreditedInBothSystemsAndTheRestPaid() {
        Issued invoice = issued.get(1);
        BigDecimal total = amount(o2c.awaitInvoiceStatus(invoice.invoiceId(), "SENT", WAIT).path("total"));
        BigDecimal first = total.multiply(new BigDecimal("0.5")).setScale(2, RoundingMode.HALF_UP);
        BigDecimal disputed = new BigDecimal("50.00");
        String payment1 = o2c.pay(invoice.invoiceId(), first.toPlainString(), EUR, "partial " + invoice.invoiceId())
                .expect(201, 200).text("id");
        o2c.awaitInvoice(invoice.invoiceId(), i -> applied(i) == 1, WAIT, "the first payment applied");

        O2cClient.Answer withPayments = o2c.voidInvoice(invoice.invoiceId(), "wrong customer");
        assertThat(withPayments.status()).as(withPayments.body().toString()).isEqualTo(409);
        assertThat(withPayments.text("reason")).isEqualTo("HAS_PAYMENTS");

        O2cClient.Answer opened = o2c.openDispute(invoice.invoiceId(), "hours billed twice", disputed.toPlainString(),
                EUR, "dispute-" + invoice.invoiceId());
        assertThat(opened.status()).as(opened.body().toString()).isEqualTo(201);
        String disputeId = opened.text("disputeId");
        assertThat(disputeId).isEqualTo("D-1");
        JsonNode held = o2c.invoice(invoice.invoiceId()).expect(200).body();
        assertThat(held.path("dunning").path("held").asBoolean()).as(held.toString()).isTrue();
        assertThat(held.path("disputes")).singleElement().satisfies(d -> {
            assertThat(d.path("status").asText()).isEqualTo("OPEN");
            assertThat(d.path("openedBy").asText()).as("the token's actor").isEqualTo(Role.FINANCE.clientId());
        });

        JsonNode resolved = o2c.resolveDispute(invoice.invoiceId(), disputeId, "UPHELD", "customer is right")
                .expect(200).body();
        assertThat(resolved.path("status").asText()).isEqualTo("UPHELD");
        assertThat(resolved.path("resolvedBy").asText()).as("the token's actor").isEqualTo(Role.FINANCE.clientId());
        JsonNode credited = o2c.awaitInvoice(invoice.invoiceId(), i -> i.path("credits").size() == 1
                && i.path("credits").get(0).path("erpCreditId").isTextual(), WAIT, "the credit posted to the ERP");
        assertThat(credited.path("dunning").path("held").asBoolean()).isFalse();
        assertThat(amount(credited.path("credited"))).isEqualByComparingTo(disputed);
        assertThat(amount(credited.path("balance"))).isEqualByComparingTo(total.subtract(first).subtract(disputed));
        assertThat(o2c.creditMemos(invoice.invoiceId())).as("credit memos in the invoicing platform")
                .singleElement().satisfies(m -> assertThat(amount(m.path("amount"))).isEqualByComparingTo(disputed));
        assertThat(o2c.receivable(invoice.invoiceId()).path("credits")).as("credits on the ERP receivable")
                .singleElement().satisfies(c -> assertThat(amount(c.path("amount"))).isEqualByComparingTo(disputed));

        String payment2 = o2c.pay(invoice.invoiceId(), total.subtract(first).subtract(disputed).toPlainString(), EUR,
                "rest " + invoice.invoiceId()).expect(201, 200).text("id");
        JsonNode settled = o2c.awaitInvoice(invoice.invoiceId(), i -> Set.of("PAID", "CREDITED")
                .contains(i.path("status").asText()) && "COMPLETED".equals(i.path("processStatus").asText()), WAIT,
                "settled, process COMPLETED");
        assertThat(settled.path("payments")).extracting(p -> p.path("paymentId").asText())
                .containsExactly(payment1, payment2);
        assertAppliedWithDelays(settled);
        assertThat(amount(settled.path("balance"))).isZero();
        assertThat(amount(o2c.sandboxInvoice(invoice.invoiceId()).path("balance"))).isZero();
        JsonNode receivable = o2c.receivable(invoice.invoiceId());
        assertThat(amount(receivable.path("balance"))).isZero();
        assertThat(receivable.path("payments")).hasSize(2);
        awaitCrmStatus(invoice.invoiceId(), settled.path("status").asText());

        O2cClient.Answer late = o2c.openDispute(invoice.invoiceId(), "one more thing", null, null, null);
        assertThat(late.status()).as(late.body().toString()).isEqualTo(409);
        assertThat(late.text("reason")).isEqualTo("SETTLED");
        recordClosed(invoice, "invoice-to-cash-e2e-dispute-upheld-credited-paid");
    }

    @Test
    @Order(4)
    void aVoidedInvoiceIsReversedAndItsEntriesReleased() {
        Issued invoice = issued.get(2);
        o2c.awaitInvoiceStatus(invoice.invoiceId(), "SENT", WAIT);
        assertThat(billedTo(invoice.timeEntryId())).isEqualTo(invoice.invoiceId());
        JsonNode accepted = o2c.voidInvoice(invoice.invoiceId(), "wrong customer entity").expect(202).body();
        // the answer is the invoice right after the decision: the workflow turns it VOID once the void is carried out
        assertThat(accepted.path("invoiceId").asText()).isEqualTo(invoice.invoiceId());
        assertThat(accepted.path("status").asText()).isIn("SENT", "VOID");

        JsonNode done = o2c.awaitInvoice(invoice.invoiceId(), i -> "COMPLETED".equals(i.path("processStatus")
                .asText()), WAIT, "process COMPLETED");
        assertThat(done.path("status").asText()).isEqualTo("VOID");
        assertThat(done.path("voidReason").asText()).isEqualTo("wrong customer entity");
        assertVoidedEverywhere(invoice);

        O2cClient.Answer again = o2c.voidInvoice(invoice.invoiceId(), "again");
        assertThat(again.status()).as(again.body().toString()).isEqualTo(409);
        recordClosed(invoice, "invoice-to-cash-e2e-voided");
    }

    @Test
    @Order(5)
    void aRejectedInvoiceParksForFinanceOpsUntilItIsVoided() {
        Issued invoice = issued.get(3);
        o2c.awaitInvoiceStatus(invoice.invoiceId(), "SENT", WAIT);
        o2c.reject(invoice.invoiceId(), "wrong purchase order number").expect(200);

        JsonNode parked = o2c.awaitStatus(invoice.workflowId(), SETTLED, WAIT);
        assertThat(parked.path("status").asText()).as(parked.toString()).isEqualTo("NEEDS_ATTENTION");
        JsonNode exception = parked.path("openException");
        assertThat(exception.path("owner").asText()).isIn("finance-ops", "FINANCE_OPS");
        assertThat(exception.path("failureType").asText()).isEqualTo("o2c.invoice-rejected");
        assertThat(exception.path("cause").asText()).contains("wrong purchase order number");
        JsonNode rejected = o2c.invoice(invoice.invoiceId()).expect(200).body();
        assertThat(rejected.path("status").asText()).isEqualTo("REJECTED");
        assertThat(rejected.path("rejectionReason").asText()).isEqualTo("wrong purchase order number");

        o2c.voidInvoice(invoice.invoiceId(), "re-issued with the right PO").expect(202);
        JsonNode done = o2c.awaitStatus(invoice.workflowId(), Set.of("COMPLETED", "COMPENSATED", "ABORTED",
                "FAILED"), WAIT);
        assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("COMPLETED");
        assertThat(done.path("openException").isObject()).as("no open exception: %s", done).isFalse();
        String exceptionId = exception.path("exceptionId").asText();
        JsonNode record = awaitExceptionClosed(exceptionId);
        assertThat(record.path("status").asText()).as(record.toString()).isEqualTo("RESOLVED");
        assertThat(o2c.invoice(invoice.invoiceId()).expect(200).body().path("status").asText()).isEqualTo("VOID");
        assertVoidedEverywhere(invoice);
        recordClosed(invoice, "invoice-to-cash-e2e-rejected-parked-voided");
    }

    @Test
    @Order(6)
    void paymentAppliedDelays() {
        assumeTrue(paidInTwoParts, "needs the payments");
        List<Long> sorted = delays.stream().sorted().toList();
        long median = sorted.size() % 2 == 1 ? sorted.get(sorted.size() / 2)
                : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
        System.out.printf("invoice-to-cash payment applied delay: median %d ms, worst %d ms (%d payments: %s)%n",
                median, sorted.getLast(), sorted.size(), delays);
        assertThat(sorted).allSatisfy(d -> assertThat(d).isNotNegative());
    }

    /**
     * The operations dashboard (docs/operations.md) counts what these invoices went through, read from the ledger and
     * the inbound event ledger only; the stack is shared with other ITs, so at least these.
     */
    @Test
    @Order(7)
    void theOperationsDashboardReflectsTheRun() throws Exception {
        assumeTrue(paidInTwoParts, "needs the payments");
        JsonNode dashboard = o2c.operationsDashboard().expect(200).body();
        JsonNode sync = dashboard.path("paymentSyncDelay");
        assertThat(sync.path("applied").asInt()).as(sync.toString()).isGreaterThanOrEqualTo(delays.size());
        assertThat(sync.path("median").asDouble()).as(sync.toString()).isPositive();
        JsonNode latency = dashboard.path("billingLatency");
        assertThat(latency.path("count").asInt()).as("each billed entry: %s", latency)
                .isGreaterThanOrEqualTo(issued.size());
        JsonNode wonToCash = dashboard.path("wonToCash");
        assertThat(wonToCash.path("count").asInt()).as("the invoice paid in two parts: %s", wonToCash).isPositive();
        assertThat(wonToCash.path("median").asDouble()).isPositive();
        assertThat(StreamSupport.stream(dashboard.path("dso").path("byCurrency").spliterator(), false)
                .filter(c -> EUR.equals(c.path("label").asText())).findFirst())
                .as("DSO in EUR: %s", dashboard.path("dso")).hasValueSatisfying(c ->
                        assertThat(c.path("value").isNumber()).isTrue());

        // the same figures at the starter's management port, for Prometheus
        int management = SharedStack.get().ports().get(5);
        String scrape = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + management + "/actuator/prometheus")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        assertThat(scrape).contains("o2c_payment_sync_delay_seconds{stat=\"median\"}",
                "o2c_billing_latency_seconds{stat=\"median\"}", "o2c_dso_days{currency=\"EUR\"}");
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    /**
     * Pays {@code amount} in the invoicing platform, then has its {@code payment.received} delivered twice more
     * (each redelivery after the previous delivery went through); answers the payment id.
     */
    private String payAndRedeliverTwice(String invoiceId, BigDecimal amount) {
        String paymentId = o2c.pay(invoiceId, amount.toPlainString(), EUR, "transfer " + paymentIdSuffix())
                .expect(201, 200).text("id");
        List<String> events = o2c.eventIds("payment.received", "paymentId", paymentId);
        assertThat(events).as("payment.received of %s", paymentId).hasSize(1);
        String eventId = events.getFirst();
        Instant delivered = awaitDelivered(eventId, null);
        for (int i = 0; i < 2; i++) {
            o2c.redeliver(eventId);
            delivered = awaitDelivered(eventId, delivered);
        }
        // the starter recorded each delivery before answering it: one event, three deliveries, routed to the invoice
        List<JsonNode> recorded = StreamSupport.stream(o2c.inboundEvents("system=invoicing&type=payment.received"
                        + "&limit=200").expect(200).body().path("items").spliterator(), false)
                .filter(event -> eventId.equals(event.path("eventId").asText()))
                .toList();
        assertThat(recorded).as("inbound events %s", eventId).hasSize(1);
        assertThat(recorded.getFirst().path("status").asText()).isEqualTo("ROUTED");
        assertThat(recorded.getFirst().path("routedTo").asText()).isEqualTo("invoice-to-cash-" + invoiceId);
        assertThat(recorded.getFirst().path("attempts").asInt()).isEqualTo(3);
        assertThat(recorded.getFirst().path("verdict").asText()).isEqualTo("VALID");
        return paymentId;
    }

    private static String paymentIdSuffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    /** Waits until the event was delivered (after {@code after}, when given); answers when. */
    private Instant awaitDelivered(String eventId, Instant after) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = o2c.get(SharedStack.get().info().sandboxUrl() + "/sandbox/v1/events/" + eventId).expect(200).body();
            if ("DELIVERED".equals(last.path("status").asText()) && last.path("deliveredAt").isTextual()) {
                Instant at = Instant.parse(last.path("deliveredAt").asText());
                if (after == null || at.isAfter(after)) {
                    return at;
                }
            }
            O2cClient.sleep(100);
        }
        throw new AssertionError("event " + eventId + " not delivered (again) within " + WAIT + ": " + last);
    }

    private static int applied(JsonNode invoice) {
        return (int) StreamSupport.stream(invoice.path("payments").spliterator(), false)
                .filter(p -> "APPLIED".equals(p.path("status").asText())).count();
    }

    private void assertAppliedWithDelays(JsonNode invoice) {
        assertThat(invoice.path("payments")).allSatisfy(p -> {
            assertThat(p.path("status").asText()).as(p.toString()).isEqualTo("APPLIED");
            assertThat(p.path("erpPaymentId").asText()).as(p.toString()).startsWith("rpy_");
            assertThat(p.path("applyDelayMillis").isNumber()).as(p.toString()).isTrue();
        });
        invoice.path("payments").forEach(p -> delays.add(p.path("applyDelayMillis").asLong()));
    }

    private JsonNode crmInvoice(String invoiceId) {
        return StreamSupport.stream(o2c.opportunityInvoices(opportunityId).spliterator(), false)
                .filter(i -> invoiceId.equals(i.path("invoiceRef").asText())).findFirst().orElse(null);
    }

    private void awaitCrmStatus(String invoiceId, String status) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = crmInvoice(invoiceId);
            if (last != null && status.equals(last.path("status").asText())) {
                return;
            }
            O2cClient.sleep(200);
        }
        throw new AssertionError("CRM opportunity " + opportunityId + " does not show invoice " + invoiceId + " "
                + status + " within " + WAIT + ": " + last);
    }

    private String billedTo(String timeEntryId) {
        return O2cClient.objects(o2c.snapshot(), "psa", "timeEntries", "id", timeEntryId).getFirst()
                .path("billedInvoiceRef").asText(null);
    }

    private void assertVoidedEverywhere(Issued invoice) {
        assertThat(o2c.sandboxInvoice(invoice.invoiceId()).path("status").asText()).as("invoicing platform")
                .isEqualTo("VOID");
        JsonNode receivable = o2c.receivable(invoice.invoiceId());
        assertThat(receivable.path("status").asText()).as("ERP receivable").isEqualTo("REVERSED");
        assertThat(amount(receivable.path("balance"))).isZero();
        assertThat(billedTo(invoice.timeEntryId())).as("PSA entry %s released", invoice.timeEntryId()).isNull();
        awaitCrmStatus(invoice.invoiceId(), "VOID");
    }

    private JsonNode awaitExceptionClosed(String exceptionId) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            O2cClient.Answer answer = o2c.get(SharedStack.get().info().starterUrl() + "/api/v1/exceptions/"
                    + exceptionId);
            last = answer.body();
            if (answer.status() == 200 && !"OPEN".equals(last.path("status").asText())) {
                return last;
            }
            O2cClient.sleep(200);
        }
        throw new AssertionError("exception " + exceptionId + " still open after " + WAIT + ": " + last);
    }

    /** Records the history of the invoice's process once it has closed (its state says COMPLETED a bit earlier). */
    private void recordClosed(Issued invoice, String scenario) {
        if (Histories.recording()) {
            WorkflowHistories.closed(SharedStack.get().info().temporalAddress(), "default",
                    invoice.workflowId());
            Histories.record(invoice.workflowId(), scenario);
        }
    }
}
