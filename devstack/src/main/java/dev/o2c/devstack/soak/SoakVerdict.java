package dev.o2c.devstack.soak;

import static dev.o2c.devstack.client.O2cClient.objects;

import com.fasterxml.jackson.databind.JsonNode;
import dev.o2c.devstack.client.O2cClient;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What the soak checks at the end, from the sandbox's snapshot (one repeatable-read transaction over all four
 * systems) and the processes' final states:
 * <ul>
 *   <li><b>lost</b>: a process the soak started (opportunity-to-project of each deal won, the billing run of each
 *       provisioned deal, invoice-to-cash of each invoice) without a final status, or ended LOST or FAILED;</li>
 *   <li><b>unexpected</b>: a final status other than the one planned (COMPLETED, or ABORTED where the operator
 *       aborted);</li>
 *   <li><b>duplicated</b>: more than one ERP customer, PSA project, billing plan or ERP project for a deal, more than
 *       one live invoice for its plan, more than one receivable for an invoice, more than one payment for an
 *       invoice (in the invoicing platform or applied in the ERP) — the soak pays each invoice exactly once;</li>
 *   <li><b>orphans</b>: objects of an aborted deal still in force (ACTIVE customer or PSA project, OPEN ERP project,
 *       ACTIVE billing plan);</li>
 *   <li><b>money</b>: per invoice, its total against the receivable's amount, payments in the invoicing platform
 *       against its {@code amountPaid}, payments applied in the ERP against both, balances against each other and
 *       zero once PAID; plus the discrepancies a reconciliation (receivables and payments checks) found.</li>
 * </ul>
 */
final class SoakVerdict {

    final List<String> lost = new ArrayList<>();
    final List<String> unexpected = new ArrayList<>();
    final List<String> duplicated = new ArrayList<>();
    final List<String> orphans = new ArrayList<>();
    final List<String> money = new ArrayList<>();
    final List<String> other = new ArrayList<>();
    int reconciliationDiscrepancies;
    /** The reconciliation's findings by kind, {@code PAYMENT_APPLIED_LATE} included. */
    final java.util.Map<String, Integer> reconciliationKinds = new java.util.TreeMap<>();

    static SoakVerdict of(List<SoakDeal> deals, JsonNode snapshot) {
        SoakVerdict verdict = new SoakVerdict();
        for (SoakDeal deal : deals) {
            verdict.processes(deal);
            verdict.systems(deal, snapshot);
        }
        return verdict;
    }

    private void processes(SoakDeal deal) {
        String o2p = deal.o2pStatus;
        if (o2p == null || !Set.of("COMPLETED", "ABORTED", "COMPENSATED").contains(o2p)) {
            lost.add(deal.workflowId() + " " + o2p + ": " + deal);
            return;
        }
        String planned = deal.abortPlanned() ? "ABORTED" : "COMPLETED";
        if (!planned.equals(o2p)) {
            unexpected.add(deal.workflowId() + " ended " + o2p + ", planned " + planned + ": " + deal);
            return;
        }
        if (deal.abortPlanned()) {
            return;
        }
        if (!"COMPLETED".equals(deal.runStatus)) {
            (deal.runStatus == null || Set.of("FAILED", "LOST").contains(deal.runStatus) ? lost : unexpected)
                    .add("billing run " + deal.runId + " " + deal.runStatus + ": " + deal);
            return;
        }
        if (!"COMPLETED".equals(deal.cashStatus)) {
            (deal.cashStatus == null || Set.of("FAILED", "LOST").contains(deal.cashStatus) ? lost : unexpected)
                    .add("invoice-to-cash-" + deal.invoiceId + " " + deal.cashStatus + ": " + deal);
        }
    }

    private void systems(SoakDeal deal, JsonNode snapshot) {
        String opp = deal.opportunityId;
        List<JsonNode> customers = objects(snapshot, "erp", "customers", "externalId", deal.accountId);
        List<JsonNode> psa = objects(snapshot, "psa", "projects", "externalRef", opp);
        List<JsonNode> plans = objects(snapshot, "invoicing", "billingPlans", "externalRef", opp);
        List<JsonNode> erp = objects(snapshot, "erp", "projects", "externalRef", opp);
        atMostOne("ERP customer of " + deal.accountId, customers);
        atMostOne("PSA project of " + opp, psa);
        atMostOne("billing plan of " + opp, plans);
        atMostOne("ERP project of " + opp, erp);

        if ("ABORTED".equals(deal.o2pStatus) || "COMPENSATED".equals(deal.o2pStatus)) {
            live("ERP customer", customers, "ACTIVE", deal);
            live("PSA project", psa, "ACTIVE", deal);
            live("PSA project", psa, "ON_HOLD", deal);
            live("billing plan", plans, "ACTIVE", deal);
            live("ERP project", erp, "OPEN", deal);
            return;
        }
        if (!"COMPLETED".equals(deal.o2pStatus)) {
            return;
        }
        for (var objects : List.of(customers, psa, plans, erp)) {
            if (objects.isEmpty()) {
                other.add("a completed deal misses an object: " + deal);
            }
        }
        if (plans.isEmpty() || deal.invoiceId == null) {
            return;
        }
        List<JsonNode> invoices = objects(snapshot, "invoicing", "invoices", "billingPlanId",
                plans.getFirst().path("id").asText()).stream()
                .filter(i -> !"VOID".equals(i.path("status").asText())).toList();
        atMostOne("live invoice of plan " + plans.getFirst().path("id").asText(), invoices);
        money(deal, snapshot);
    }

    private void money(SoakDeal deal, JsonNode snapshot) {
        String invoiceId = deal.invoiceId;
        List<JsonNode> invoice = objects(snapshot, "invoicing", "invoices", "id", invoiceId);
        List<JsonNode> receivables = objects(snapshot, "erp", "receivables", "invoiceRef", invoiceId);
        List<JsonNode> payments = objects(snapshot, "invoicing", "payments", "invoiceId", invoiceId);
        atMostOne("receivable of " + invoiceId, receivables);
        atMostOne("payment of " + invoiceId, payments);
        if (invoice.size() != 1 || receivables.isEmpty()) {
            money.add(invoiceId + ": " + invoice.size() + " invoice(s), " + receivables.size() + " receivable(s)");
            return;
        }
        JsonNode inv = invoice.getFirst();
        JsonNode rcv = receivables.getFirst();
        atMostOne("payment applied to receivable " + rcv.path("id").asText(), list(rcv.path("payments")));
        BigDecimal total = O2cClient.amount(inv.path("total"));
        BigDecimal paid = O2cClient.amount(inv.path("amountPaid"));
        BigDecimal balance = O2cClient.amount(inv.path("balance"));
        BigDecimal paidIn = sum(payments);
        BigDecimal applied = sum(list(rcv.path("payments")));
        BigDecimal rcvAmount = O2cClient.amount(rcv.path("amount"));
        BigDecimal rcvBalance = O2cClient.amount(rcv.path("balance"));
        compare(invoiceId, "invoice total", total, "receivable amount", rcvAmount);
        compare(invoiceId, "invoice amountPaid", paid, "payments received", paidIn);
        compare(invoiceId, "payments received", paidIn, "payments applied in the ERP", applied);
        compare(invoiceId, "invoice balance", balance, "receivable balance", rcvBalance);
        compare(invoiceId, "invoice balance", balance, "zero (paid in full)", BigDecimal.ZERO);
        if (!"PAID".equals(inv.path("status").asText())) {
            money.add(invoiceId + ": invoice " + inv.path("status").asText() + " after being paid in full");
        }
    }

    private void compare(String invoiceId, String what, BigDecimal a, String against, BigDecimal b) {
        if (a.compareTo(b) != 0) {
            money.add(invoiceId + ": " + what + " " + a.toPlainString() + " ≠ " + against + " " + b.toPlainString());
        }
    }

    private void atMostOne(String what, List<JsonNode> found) {
        if (found.size() > 1) {
            duplicated.add(found.size() + "× " + what + ": " + found.stream().map(n -> n.path("id").asText()).toList());
        }
    }

    private void live(String what, List<JsonNode> objects, String status, SoakDeal deal) {
        objects.stream().filter(o -> status.equals(o.path("status").asText())).forEach(o -> orphans.add(what + " "
                + o.path("id").asText() + " " + status + " of aborted " + deal));
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> all = new ArrayList<>();
        array.forEach(all::add);
        return all;
    }

    private static BigDecimal sum(List<JsonNode> payments) {
        return payments.stream().map(p -> O2cClient.amount(p.path("amount"))).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /**
     * Every process o2c's ledger lists must have settled too (billing runs the soak did not start itself included),
     * but each engagement's long-lived billing process ({@code project-billing-<psa>}, no {@code -run-}).
     */
    void ledger(java.util.Collection<JsonNode> processes) {
        for (JsonNode process : processes) {
            String id = process.path("workflowId").asText();
            String status = process.path("status").asText();
            boolean engagement = id.startsWith("project-billing-") && !id.contains("-run-");
            if (!engagement && !Set.of("COMPLETED", "ABORTED", "COMPENSATED").contains(status)) {
                lost.add("ledger: " + id + " " + status + " " + process.path("detail").asText());
            }
        }
    }

    /**
     * Counts the discrepancies of a reconciliation report ({@code checks[].discrepancies {KIND: n}}) but
     * {@code PAYMENT_APPLIED_LATE}: a payment applied in full, only later than the settle window (5 s here) after the
     * platform recorded it — which a soak that kills the worker and fails 30 % of the calls makes happen on purpose;
     * it is no money mismatch and is shown apart.
     */
    void reconciliation(JsonNode report) {
        int count = 0;
        for (JsonNode check : report.path("checks")) {
            for (var kind : check.path("discrepancies").properties()) {
                reconciliationKinds.merge(kind.getKey(), kind.getValue().asInt(), Integer::sum);
                if (!"PAYMENT_APPLIED_LATE".equals(kind.getKey())) {
                    count += kind.getValue().asInt();
                }
            }
        }
        reconciliationDiscrepancies = count;
        if (!"COMPLETED".equals(report.path("status").asText())) {
            other.add("reconciliation " + report.path("runId").asText() + " ended " + report.path("status").asText());
        }
    }

    int violations() {
        return lost.size() + unexpected.size() + duplicated.size() + orphans.size() + money.size() + other.size()
                + reconciliationDiscrepancies;
    }
}
