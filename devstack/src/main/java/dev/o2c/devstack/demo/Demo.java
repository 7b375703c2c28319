package dev.o2c.devstack.demo;

import static dev.o2c.devstack.client.O2cClient.objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.o2c.devstack.client.O2cClient;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * {@code ./o2c demo}: three opportunity-to-project scenarios driven through the REST APIs alone, against a running
 * local stack ({@code ./o2c up}): a happy path, a parked-then-fixed path and a compensated path; then project-to-billing
 * (a won time-and-materials deal billed across a rate change with an expense in USD, an amendment, a cap hit and its
 * fix), and invoice-to-cash (a partial payment, a dispute upheld with a credit memo, the final payment). Prints what
 * happened in the process and in each system. {@code ./o2c demo billing} runs the billing scenario alone,
 * {@code ./o2c demo cash} the invoice-to-cash one; {@code ./o2c demo dunning} walks an unpaid invoice through its
 * reminders to collections, on a stack started with a short schedule
 * ({@code O2C_DUNNING_SCHEDULE=20s,40s,60s ./o2c up}).
 *
 * <p>Every call to the starter carries a token of the stack's identity provider for the role it needs
 * ({@link O2cClient}): the decisions are recorded as {@code o2c-operator}'s and {@code o2c-finance}'s.
 */
public final class Demo {

    private static final Set<String> SETTLED = Set.of("COMPLETED", "COMPENSATED", "ABORTED", "NEEDS_ATTENTION", "FAILED");
    private static final Duration WAIT = Duration.ofSeconds(90);

    private final O2cClient o2c;

    private Demo(O2cClient o2c) {
        this.o2c = o2c;
    }

    public static void main(String[] args) {
        O2cClient client = O2cClient.fromEnvironment();
        Demo demo = new Demo(client);
        String only = args.length > 0 ? args[0] : "";
        try {
            switch (only) {
                case "billing" -> demo.billing();
                case "cash" -> demo.cash();
                case "dunning" -> demo.dunning();
                case "" -> {
                    demo.happyPath();
                    demo.parkedThenFixed();
                    demo.compensated();
                    demo.billing();
                    demo.cash();
                }
                default -> {
                    System.err.println("demo: unknown scenario '" + only + "' (billing, cash or dunning; none: all"
                            + " but dunning)");
                    System.exit(2);
                }
            }
        } catch (RuntimeException e) {
            System.err.println("demo failed: " + e.getMessage());
            System.err.println("Is the local stack running? Start it with ./o2c up");
            System.exit(1);
        }
    }

    private void happyPath() {
        title("1. Happy path: a won deal becomes an ERP customer, a PSA project, a billing plan and an ERP project");
        Deal deal = newDeal("Acme " + suffix(), true);
        say("CRM: marked opportunity %s won; CRM sends opportunity.won to o2c's webhook", deal.opportunity());
        o2c.markWon(deal.opportunity()).expect(200);
        JsonNode state = o2c.awaitStatus(deal.workflowId(), SETTLED, WAIT);
        printProcess(state);
        printSystems(deal);
    }

    private void parkedThenFixed() {
        title("2. Parked, then fixed: the account has no tax id, so the process waits for sales-ops");
        Deal deal = newDeal("Globex " + suffix(), false);
        o2c.markWon(deal.opportunity()).expect(200);
        JsonNode parked = o2c.awaitStatus(deal.workflowId(), SETTLED, WAIT);
        printProcess(parked);
        JsonNode exception = parked.path("openException");
        say("exception %s for %s: %s", exception.path("exceptionId").asText(), exception.path("owner").asText(),
                exception.path("cause").asText());
        say("CRM: sales-ops adds the tax id to account %s", deal.account());
        o2c.patchAccount(deal.account(), JsonNodeFactory.instance.objectNode().put("taxId", "DE123456789"))
                .expect(200);
        say("o2c: POST /api/v1/exceptions/%s/retry", exception.path("exceptionId").asText());
        o2c.resolve(exception.path("exceptionId").asText(), "retry").expect(202);
        JsonNode done = o2c.awaitStatus(deal.workflowId(), Set.of("COMPLETED", "COMPENSATED", "ABORTED"), WAIT);
        printProcess(done);
        printSystems(deal);
    }

    private void compensated() {
        title("3. Compensated: PSA refuses the project for good, so the saga undoes the ERP customer");
        String fault = o2c.addFault("psa", "projects.create", "PERMANENT", null, null);
        say("sandbox: fault %s makes PSA reject every new project (422)", fault);
        try {
            Deal deal = newDeal("Initech " + suffix(), true);
            o2c.markWon(deal.opportunity()).expect(200);
            JsonNode state = o2c.awaitStatus(deal.workflowId(), SETTLED, WAIT);
            printProcess(state);
            printSystems(deal);
        } finally {
            o2c.clearFaults();
            say("sandbox: faults cleared");
        }
    }

    private void billing() {
        title("4. Project to billing: time at two rates, an expense in USD, bill-now, an amendment, a cap hit");
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate yesterday = today.minusDays(1);
        LocalDate start = today.minusDays(90);
        LocalDate rateChange = yesterday.minusDays(20).withDayOfMonth(15);
        String name = "Stark " + suffix();
        String account = o2c.createAccount(name, true);
        String opportunity = o2c.createTimeAndMaterials(account, name + " analytics", start, today.plusDays(180), null,
                O2cClient.versions(
                        O2cClient.rateCardVersion(start, "Engineer", "100.00", "Architect", "150.00"),
                        O2cClient.rateCardVersion(rateChange, "Engineer", "120.00", "Architect", "150.00")));
        say("CRM: account %s (O2C-DE, EUR, billed to DE), opportunity %s: time and materials from %s,", account,
                opportunity, start);
        say("     rate card Engineer 100.00 -> 120.00 from %s, Architect 150.00; no cap", rateChange);
        say("CRM: marked won; o2c provisions it (opportunity-to-project) and starts its billing process");
        Map<String, String> ids = o2c.provision(opportunity, WAIT);
        String project = ids.get("psaProjectId");
        JsonNode view = o2c.awaitProjectBilling(project, WAIT);
        say("o2c: %s %s, billed %s, next period ends %s", view.path("processId").asText(),
                view.path("status").asText(), view.path("billingPeriod").asText("?"),
                view.path("nextPeriodEnd").asText("-"));

        say("PSA: project %s, approved time and expenses:", project);
        approve(project, "ada@o2c.dev", "Engineer", rateChange.minusDays(3), "8.00");
        approve(project, "ada@o2c.dev", "Engineer", rateChange.minusDays(1), "6.50");
        approve(project, "ada@o2c.dev", "Engineer", rateChange.plusDays(2), "7.25");
        approve(project, "linus@o2c.dev", "Engineer", yesterday, "4.00");
        approve(project, "grace@o2c.dev", "Architect", rateChange.plusDays(5), "3.00");
        LocalDate usdDate = yesterday.minusDays(4);
        o2c.approvedExpense(project, usdDate, "Software", "250.00", "USD");
        BigDecimal usdEur = o2c.exchangeRate("USD", "EUR", usdDate);
        System.out.printf("      expense  %s  Software  250.00 USD (ERP rate %s -> %s EUR)%n", usdDate,
                usdEur.stripTrailingZeros().toPlainString(),
                new BigDecimal("250.00").multiply(usdEur).setScale(2, RoundingMode.HALF_UP));
        o2c.approvedExpense(project, yesterday.minusDays(2), "Travel", "180.40", "EUR");
        System.out.printf("      expense  %s  Travel    180.40 EUR%n", yesterday.minusDays(2));

        String run1 = billNow(project, yesterday);
        printRun(o2c.awaitStatus(run1, SETTLED, WAIT));
        printBillingSystems(ids, opportunity);

        say("o2c: POST /api/v1/projects/%s/amendments: amendment 1, Engineer 140.00 from %s", project, today);
        ObjectNode raise = O2cClient.amendment(1, today, "Engineer rate raised");
        raise.putObject("rateCard").set("versions", O2cClient.versions(
                O2cClient.rateCardVersion(start, "Engineer", "100.00", "Architect", "150.00"),
                O2cClient.rateCardVersion(rateChange, "Engineer", "120.00", "Architect", "150.00"),
                O2cClient.rateCardVersion(today, "Engineer", "140.00", "Architect", "150.00")));
        printAmendment(o2c.amend(project, raise));
        say("PSA: approved time after the amendment:");
        approve(project, "ada@o2c.dev", "Engineer", today, "5.00");
        String run2 = billNow(project, today);
        printRun(o2c.awaitStatus(run2, SETTLED, WAIT));

        JsonNode cap = o2c.awaitProjectBilling(project, WAIT);
        BigDecimal consumed = amount(cap.path("cap").path("consumed"));
        if (consumed == null) {
            consumed = sum(cap.path("runs"), "subtotal");
        }
        BigDecimal lowCap = consumed.add(new BigDecimal("300.00"));
        LocalDate tomorrow = today.plusDays(1);
        say("o2c: amendment 2 sets a cap (not-to-exceed) of %s EUR from %s: %s EUR invoiced, 300.00 left", lowCap,
                tomorrow, consumed);
        printAmendment(o2c.amend(project, O2cClient.amendment(2, tomorrow, "client budget capped")
                .put("capAmount", lowCap.toPlainString())));
        say("PSA: more approved time:");
        approve(project, "ada@o2c.dev", "Engineer", today, "6.00");
        String run3 = billNow(project, today);
        JsonNode parked = o2c.awaitStatus(run3, SETTLED, WAIT);
        printRun(parked);
        JsonNode exception = parked.path("openException");
        if (exception.isObject()) {
            say("exception %s for %s: %s", exception.path("exceptionId").asText(), exception.path("owner").asText(),
                    exception.path("failureType").asText());
            say("  %s", exception.path("cause").asText());
            JsonNode record = o2c.get(starterUrl() + "/api/v1/exceptions/" + exception.path("exceptionId").asText())
                    .body();
            JsonNode overCap = record.path("payload").path("overCap");
            if (!overCap.isMissingNode()) {
                say("  over the cap: %s %s", overCap.asText(), record.path("payload").path("currency").asText("EUR"));
            }
            printBillingSystems(ids, opportunity);
            BigDecimal raised = lowCap.add(new BigDecimal("5000.00"));
            say("o2c: amendment 3 raises the cap to %s EUR", raised);
            printAmendment(o2c.amend(project, O2cClient.amendment(3, tomorrow, "budget extended")
                    .put("capAmount", raised.toPlainString())));
            say("o2c: POST /api/v1/processes/%s/retry", run3);
            o2c.decide(run3, "retry").expect(202);
            printRun(o2c.awaitStatus(run3, Set.of("COMPLETED", "COMPENSATED", "ABORTED", "FAILED"), WAIT));
        }
        printBillingSystems(ids, opportunity);
        printBillingView(o2c.awaitProjectBilling(project, WAIT));
    }

    // ---- invoice to cash ------------------------------------------------------------------------------------------

    private void cash() {
        title("5. Invoice to cash: a partial payment, a dispute upheld with a credit memo, the final payment");
        String invoiceId = issueInvoice("Wayne " + suffix(), 30);
        JsonNode invoice = o2c.awaitInvoiceStatus(invoiceId, "SENT", WAIT);
        printInvoice(invoice);
        String currency = invoice.path("total").path("currency").asText("EUR");
        BigDecimal total = O2cClient.amount(invoice.path("total"));

        BigDecimal first = total.multiply(new BigDecimal("0.4")).setScale(2, RoundingMode.HALF_UP);
        say("invoicing: the customer pays %s %s (the platform sends payment.received to o2c)", first, currency);
        o2c.pay(invoiceId, first.toPlainString(), currency, "first instalment").expect(201, 200);
        printInvoice(o2c.awaitInvoice(invoiceId, i -> appliedPayments(i) == 1, WAIT, "the payment applied"));

        BigDecimal disputed = total.subtract(first).min(new BigDecimal("100.00"));
        say("o2c: POST /api/v1/invoices/%s/disputes: %s %s, \"hours billed twice\"", invoiceId, disputed, currency);
        JsonNode dispute = o2c.openDispute(invoiceId, "hours billed twice", disputed.toPlainString(), currency, null)
                .expect(201).body();
        say("  -> dispute %s %s", dispute.path("disputeId").asText(), dispute.path("status").asText());
        printInvoice(o2c.invoice(invoiceId).expect(200).body());

        say("o2c: POST /api/v1/invoices/%s/disputes/%s/resolve UPHELD", invoiceId, dispute.path("disputeId").asText());
        o2c.resolveDispute(invoiceId, dispute.path("disputeId").asText(), "UPHELD", "customer is right").expect(200);
        JsonNode credited = o2c.awaitInvoice(invoiceId, i -> i.path("credits").size() == 1
                && i.path("credits").get(0).path("erpCreditId").isTextual(), WAIT, "the credit posted");
        printInvoice(credited);

        BigDecimal rest = O2cClient.amount(credited.path("balance"));
        say("invoicing: the customer pays the rest, %s %s", rest, currency);
        o2c.pay(invoiceId, rest.toPlainString(), currency, "final payment").expect(201, 200);
        printInvoice(o2c.awaitInvoice(invoiceId, i -> "COMPLETED".equals(i.path("processStatus").asText()), WAIT,
                "the process completed"));
        printCashSystems(invoiceId, credited.path("opportunityId").asText());
    }

    private void dunning() {
        title("6. Dunning: an invoice due today is not paid; reminders 1..n, then collections (finance-ops)");
        String invoiceId = issueInvoice("Tyrell " + suffix(), 0);
        JsonNode invoice = o2c.awaitInvoice(invoiceId, i -> "SENT".equals(i.path("status").asText())
                && i.path("dunning").path("nextAt").isTextual(), WAIT, "SENT with a reminder due");
        printInvoice(invoice);
        JsonNode dunning = invoice.path("dunning");
        int stages = dunning.path("stages").asInt();
        Instant next = Instant.parse(dunning.path("nextAt").asText());
        if (Duration.between(Instant.now(), next).compareTo(Duration.ofMinutes(10)) > 0) {
            say("the first reminder is due %s: the worker runs the default schedule (days).", next);
            say("Restart the stack with a short one: O2C_DUNNING_SCHEDULE=20s,40s,60s ./o2c up"
                    + " (or ./o2c up --dunning-schedule 20s,40s,60s)");
            throw new IllegalStateException("dunning schedule too long for a demo");
        }
        for (int stage = 1; stage <= stages; stage++) {
            int wanted = stage;
            JsonNode now = o2c.invoice(invoiceId).expect(200).body();
            String due = now.path("dunning").path("nextAt").asText("-");
            say("o2c: waiting for reminder %d of %d, due %s", stage, stages, due);
            JsonNode reminded = o2c.awaitInvoice(invoiceId, i -> i.path("dunning").path("stage").asInt() >= wanted,
                    untilDue(due), "reminder " + stage);
            JsonNode reminder = reminded.path("dunning").path("reminders").path(stage - 1);
            say("  -> reminder %d sent %s (%d days overdue): invoicing reminder %s, CRM task for the account owner %s",
                    reminder.path("stage").asInt(), reminder.path("sentAt").asText(),
                    reminder.path("daysOverdue").asInt(), reminder.path("reminderId").asText("-"),
                    reminder.path("crmTaskCreated").asBoolean() ? "opened" : "not opened");
        }
        for (JsonNode r : o2c.reminders(invoiceId)) {
            System.out.printf("      invoicing reminder %s #%s stage %s sent %s%n", r.path("id").asText(),
                    r.path("number").asText(), r.path("stage").asText(), r.path("sentAt").asText());
        }
        String workflowId = "invoice-to-cash-" + invoiceId;
        say("o2c: the schedule ran out; the invoice goes to collections");
        JsonNode parked = o2c.awaitStatus(workflowId, SETTLED, untilDue(o2c.invoice(invoiceId).expect(200).body()
                .path("dunning").path("nextAt").asText("-")));
        printProcess(parked);
        JsonNode exception = parked.path("openException");
        say("exception %s for %s: %s", exception.path("exceptionId").asText("-"), exception.path("owner").asText("-"),
                exception.path("failureType").asText("-"));
        say("  %s", exception.path("cause").asText("-"));
        printInvoice(o2c.invoice(invoiceId).expect(200).body());
        say("finance-ops decides: POST /api/v1/processes/%s/retry (chase again), skip (stop the chase) or abort", workflowId);
    }

    /** How long to wait for something due at {@code dueAt} (an instant, or "-"): until then plus a minute. */
    private static Duration untilDue(String dueAt) {
        if (dueAt == null || "-".equals(dueAt)) {
            return WAIT;
        }
        Duration left = Duration.between(Instant.now(), Instant.parse(dueAt));
        return (left.isNegative() ? Duration.ZERO : left).plus(Duration.ofMinutes(1));
    }

    /**
     * A won time-and-materials deal for a new account with {@code paymentTermsDays}, provisioned, with approved time
     * billed now: answers the invoice the billing run issued (its invoice-to-cash process starts with it).
     */
    private String issueInvoice(String name, int paymentTermsDays) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        String account = o2c.createAccount(name, true, paymentTermsDays);
        String opportunity = o2c.createTimeAndMaterials(account, name + " support", today.minusDays(30),
                today.plusDays(90), null, O2cClient.versions(
                        O2cClient.rateCardVersion(today.minusDays(30), "Engineer", "110.00")));
        say("CRM: account %s (payment terms %d days), opportunity %s marked won; o2c provisions it", account,
                paymentTermsDays, opportunity);
        String project = o2c.provision(opportunity, WAIT).get("psaProjectId");
        o2c.awaitProjectBilling(project, WAIT);
        approve(project, "ada@o2c.dev", "Engineer", today.minusDays(2), "7.50");
        approve(project, "ada@o2c.dev", "Engineer", today.minusDays(1), "6.00");
        String invoiceId = o2c.billNowForInvoice(project, today, WAIT);
        say("o2c: bill-now issued invoice %s; invoice-to-cash-%s sends it and follows it", invoiceId, invoiceId);
        return invoiceId;
    }

    private static int appliedPayments(JsonNode invoice) {
        int applied = 0;
        for (JsonNode p : invoice.path("payments")) {
            applied += "APPLIED".equals(p.path("status").asText()) ? 1 : 0;
        }
        return applied;
    }

    private static void printInvoice(JsonNode i) {
        JsonNode dunning = i.path("dunning");
        say("o2c: GET /api/v1/invoices/%s -> %s %s (process %s)", i.path("invoiceId").asText(),
                i.path("number").asText(), i.path("status").asText(), i.path("processStatus").asText());
        System.out.printf("      total %s, paid %s, credited %s, written off %s, balance %s %s; due %s%n",
                money(i.path("total")), money(i.path("paid")), money(i.path("credited")), money(i.path("writtenOff")),
                money(i.path("balance")), i.path("total").path("currency").asText(), i.path("dueDate").asText());
        System.out.printf("      dunning stage %d of %d, next %s%s%s%n", dunning.path("stage").asInt(),
                dunning.path("stages").asInt(), dunning.path("nextAt").asText("-"),
                dunning.path("held").asBoolean() ? ", HELD (dispute open)" : "",
                dunning.path("escalated").asBoolean() ? ", ESCALATED to collections" : "");
        for (JsonNode p : i.path("payments")) {
            System.out.printf("      payment %s %s %s: ERP %s, applied %s ms after receipt%n", p.path("paymentId").asText(),
                    money(p.path("amount")), p.path("status").asText(), p.path("erpPaymentId").asText("-"),
                    p.path("applyDelayMillis").asText("-"));
        }
        for (JsonNode d : i.path("disputes")) {
            System.out.printf("      dispute %s %s %s: %s%s%n", d.path("disputeId").asText(), money(d.path("amount")),
                    d.path("status").asText(), d.path("reason").asText(),
                    d.path("creditMemoNumber").isTextual() ? ", credit memo " + d.path("creditMemoNumber").asText() : "");
        }
        for (JsonNode c : i.path("credits")) {
            System.out.printf("      credit %s %s %s: ERP credit %s%n", c.path("number").asText(),
                    c.path("creditMemoId").asText(), money(c.path("amount")), c.path("erpCreditId").asText("-"));
        }
    }

    private void printCashSystems(String invoiceId, String opportunity) {
        say("what each system holds now:");
        JsonNode invoice = o2c.sandboxInvoice(invoiceId);
        System.out.printf("      invoicing %s %s: total %s, paid %s, credited %s, balance %s%n",
                invoice.path("number").asText(), invoice.path("status").asText(), invoice.path("total").asText(),
                invoice.path("amountPaid").asText(), invoice.path("creditedAmount").asText("-"),
                invoice.path("balance").asText());
        for (JsonNode m : o2c.creditMemos(invoiceId)) {
            System.out.printf("      invoicing credit memo %s %s: %s (%s)%n", m.path("number").asText(),
                    m.path("id").asText(), m.path("amount").asText(), m.path("reason").asText());
        }
        JsonNode r = o2c.receivable(invoiceId);
        System.out.printf("      ERP receivable %s %s: amount %s, balance %s; %d payment(s), %d credit(s)%n",
                r.path("id").asText(), r.path("status").asText(), r.path("amount").asText(), r.path("balance").asText(),
                r.path("payments").size(), r.path("credits").size());
        for (JsonNode c : o2c.opportunityInvoices(opportunity)) {
            System.out.printf("      CRM opportunity %s: invoice %s %s, balance %s%n", opportunity,
                    c.path("invoiceRef").asText(), c.path("status").asText(), c.path("balance").asText());
        }
    }

    private static String money(JsonNode value) {
        BigDecimal amount = O2cClient.amount(value);
        return amount == null ? "-" : amount.toPlainString();
    }

    private void approve(String project, String person, String role, LocalDate date, String hours) {
        o2c.approvedTimeEntry(project, person, role, date, hours);
        System.out.printf("      time     %s  %-9s %5s h  %s%n", date, role, hours, person);
    }

    private String billNow(String project, LocalDate through) {
        JsonNode accepted = o2c.billNow(project, through).expect(202).body();
        say("o2c: POST /api/v1/projects/%s/billing-runs through %s -> run %s", project, through,
                accepted.path("processId").asText());
        return accepted.path("processId").asText();
    }

    private static void printRun(JsonNode state) {
        printProcess(state);
        if (state.path("detail").isTextual()) {
            say("  %s", state.path("detail").asText());
        }
    }

    private static void printAmendment(O2cClient.Answer answer) {
        if (answer.status() == 200) {
            say("  -> amendment %s %s, contract version %s (propagated by %s)", answer.text("number"),
                    answer.text("status"), answer.text("contractVersion"), answer.text("propagationProcessId"));
        } else {
            say("  -> HTTP %d %s: %s", answer.status(), answer.text("title"), answer.text("detail"));
        }
    }

    private void printBillingSystems(Map<String, String> ids, String opportunity) {
        JsonNode snapshot = o2c.snapshot();
        String project = ids.get("psaProjectId");
        say("what each system holds now:");
        System.out.printf("      CRM      opportunity %s, %d amendment(s)%n", opportunity,
                objects(snapshot, "crm", "amendments", "opportunityId", opportunity).size());
        Map<String, Integer> billed = new TreeMap<>();
        int unbilled = 0;
        for (String collection : List.of("timeEntries", "expenses")) {
            for (JsonNode e : objects(snapshot, "psa", collection, "projectId", project)) {
                String ref = e.path("billedInvoiceRef").asText("");
                if (ref.isEmpty()) {
                    unbilled++;
                } else {
                    billed.merge(ref, 1, Integer::sum);
                }
            }
        }
        System.out.printf("      PSA      project %s: %s; %d approved entries not billed%n", project,
                billed.isEmpty() ? "nothing billed" : "billed " + billed, unbilled);
        for (JsonNode invoice : objects(snapshot, "invoicing", "invoices", "billingPlanId", ids.get("billingPlanId"))) {
            System.out.printf("      invoicing %s %s %s: subtotal %s + tax %s = %s %s%n", invoice.path("number").asText("-"),
                    invoice.path("id").asText(), invoice.path("status").asText(), invoice.path("subtotal").asText(),
                    invoice.path("taxTotal").asText(), invoice.path("total").asText(),
                    invoice.path("currency").asText());
            for (JsonNode line : invoice.path("lines")) {
                System.out.printf("                 %-44s %8s x %8s = %9s  tax %s%% %s%n",
                        line.path("description").asText(), line.path("quantity").asText(),
                        line.path("unitPrice").asText(), line.path("netAmount").asText(),
                        line.path("taxRatePercent").asText(), line.path("taxAmount").asText());
            }
            for (JsonNode r : objects(snapshot, "erp", "receivables", "invoiceRef", invoice.path("id").asText())) {
                System.out.printf("      ERP      receivable %s for %s: %s %s, due %s%n", r.path("id").asText(),
                        invoice.path("id").asText(), r.path("amount").asText(), r.path("currency").asText(),
                        r.path("dueDate").asText());
            }
        }
        for (JsonNode r : objects(snapshot, "erp", "revenueEntries", "projectId", ids.get("erpProjectId"))) {
            System.out.printf("      ERP      revenue %s period %s: %s %s (%s, %s)%n", r.path("id").asText(),
                    r.path("period").asText(), r.path("amount").asText(), r.path("currency").asText(),
                    r.path("method").asText(), r.path("sourceRef").asText());
        }
    }

    private static void printBillingView(JsonNode view) {
        say("o2c: GET /api/v1/projects/%s/billing", view.path("psaProjectId").asText());
        JsonNode cap = view.path("cap");
        System.out.printf("      contract version %s, last amendment %s, billed through %s; cap %s, consumed %s,"
                + " remaining %s%n", view.path("contractVersion").asText(), view.path("lastAmendmentNumber").asText(),
                view.path("lastBilledThrough").asText("-"), cap.path("amount").path("amount").asText("none"),
                cap.path("consumed").path("amount").asText("-"), cap.path("remaining").path("amount").asText("-"));
        for (JsonNode run : view.path("runs")) {
            System.out.printf("      run %-2s %-9s through %s  %-16s %-10s total %s%n", run.path("runNumber").asText(),
                    run.path("trigger").asText(), run.path("through").asText(), run.path("status").asText(),
                    run.path("invoiceNumber").asText("-"), run.path("total").path("amount").asText("-"));
        }
        for (JsonNode a : view.path("amendments")) {
            System.out.printf("      amendment %s %s from %s: %s (%s)%n", a.path("number").asText(),
                    a.path("status").asText(), a.path("effectiveFrom").asText(), a.path("changed"),
                    a.path("reason").asText());
        }
    }

    private static BigDecimal amount(JsonNode money) {
        return O2cClient.amount(money);
    }

    private static BigDecimal sum(JsonNode runs, String field) {
        BigDecimal total = BigDecimal.ZERO;
        for (JsonNode run : runs) {
            BigDecimal value = amount(run.path(field));
            if (value != null && run.path("invoiceId").isTextual()) {
                total = total.add(value);
            }
        }
        return total;
    }

    private static String starterUrl() {
        return O2cClient.env("STARTER_URL", "http://127.0.0.1:8081");
    }

    // ---- output ------------------------------------------------------------------------------------------------

    private record Deal(String account, String opportunity) {
        String workflowId() {
            return "opportunity-to-project-" + opportunity;
        }
    }

    private Deal newDeal(String name, boolean withTaxId) {
        String account = o2c.createAccount(name, withTaxId);
        String opportunity = o2c.createOpportunity(account, name + " data platform");
        say("CRM: account %s%s, opportunity %s (time and materials, EUR)", account,
                withTaxId ? "" : " WITHOUT tax id", opportunity);
        return new Deal(account, opportunity);
    }

    private static void printProcess(JsonNode state) {
        say("process %s: %s (correlation id %s)", state.path("workflowId").asText(),
                state.path("status").asText(), state.path("correlationId").asText());
        for (JsonNode step : state.path("steps")) {
            String error = step.path("lastError").isTextual() ? "  ← " + step.path("lastError").asText() : "";
            System.out.printf("      %-28s %-9s %-20s attempts %d%s%n", step.path("name").asText(),
                    step.path("system").asText(), step.path("status").asText(), step.path("attempts").asInt(), error);
        }
    }

    private void printSystems(Deal deal) {
        JsonNode snapshot = o2c.snapshot();
        say("what each system holds now:");
        for (JsonNode c : objects(snapshot, "erp", "customers", "externalId", deal.account())) {
            System.out.printf("      ERP customer        %s  %s%n", c.path("id").asText(), c.path("status").asText());
        }
        for (JsonNode p : objects(snapshot, "psa", "projects", "externalRef", deal.opportunity())) {
            System.out.printf("      PSA project         %s  %s%n", p.path("id").asText(), p.path("status").asText());
        }
        for (JsonNode b : objects(snapshot, "invoicing", "billingPlans", "externalRef", deal.opportunity())) {
            System.out.printf("      billing plan        %s  %s%n", b.path("id").asText(), b.path("status").asText());
        }
        for (JsonNode e : objects(snapshot, "erp", "projects", "externalRef", deal.opportunity())) {
            System.out.printf("      ERP project         %s  %s%n", e.path("id").asText(), e.path("status").asText());
        }
        JsonNode delivery = o2c.opportunity(deal.opportunity()).path("delivery");
        System.out.printf("      CRM opportunity     delivery status %s%n",
                delivery.path("deliveryStatus").asText("(none)"));
    }

    private static void title(String text) {
        System.out.println();
        System.out.println("== " + text);
    }

    private static void say(String format, Object... args) {
        System.out.println("   " + String.format(format, args));
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 6);
    }
}
