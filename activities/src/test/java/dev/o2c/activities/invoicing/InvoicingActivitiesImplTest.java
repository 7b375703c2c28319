package dev.o2c.activities.invoicing;

import static dev.o2c.activities.Fixtures.engagement;
import static dev.o2c.activities.Fixtures.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.o2c.activities.ConnectorTestSupport;
import dev.o2c.workflows.common.FailureTypes;
import dev.o2c.workflows.model.Money;
import dev.o2c.workflows.systems.Ack;
import dev.o2c.workflows.systems.Created;
import dev.o2c.workflows.systems.CreditMemoIssued;
import dev.o2c.workflows.systems.FinalizedInvoice;
import dev.o2c.workflows.systems.InvoiceRead;
import dev.o2c.workflows.systems.InvoicingActivities;
import io.temporal.failure.ApplicationFailure;
import java.time.LocalDate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class InvoicingActivitiesImplTest extends ConnectorTestSupport {

    private InvoicingActivities invoicing;

    @BeforeEach
    void register() {
        env.registerActivitiesImplementations(new InvoicingActivitiesImpl(clients));
        invoicing = stub(InvoicingActivities.class);
    }

    @Test
    void createsTheBillingPlanOnceAndVoidsItIdempotently() {
        String opportunity = unique("opp");
        String key = unique("wf") + "/invoicing.createBillingPlan";

        Created plan = invoicing.createBillingPlan(key, engagement(opportunity, unique("acc")), "cus_1", "prj_1");
        Created again = invoicing.createBillingPlan(key, engagement(opportunity, unique("acc")), "cus_1", "prj_1");

        assertThat(again.id()).isEqualTo(plan.id());
        assertThat(sandbox.snapshot("invoicing", "billingPlans", "externalRef", opportunity)).singleElement()
                .satisfies(p -> {
                    assertThat(p.path("customerRef").asString()).isEqualTo("cus_1");
                    assertThat(p.path("projectRef").asString()).isEqualTo("prj_1");
                    assertThat(p.path("billingPeriod").asString()).isEqualTo("MONTHLY");
                });

        String voidKey = key + "/compensate";
        invoicing.voidBillingPlan(voidKey, opportunity);
        invoicing.voidBillingPlan(voidKey, opportunity);
        invoicing.voidBillingPlan(unique("wf"), unique("opp-never-created"));

        assertThat(sandbox.snapshot("invoicing", "billingPlans", "externalRef", opportunity)).singleElement()
                .satisfies(p -> assertThat(p.path("status").asString()).isEqualTo("VOID"));
        assertThat(audit(voidKey)).hasSize(1);
    }

    @Test
    void aRetryRoundFindsThePlanTheLostRoundCreatedButNotAVoidOne() {
        String opportunity = unique("opp");
        String key = unique("wf") + ":invoicing.createBillingPlan";
        Created lost = invoicing.createBillingPlan(key, engagement(opportunity, unique("acc")), "cus_1", "prj_1");

        Created retried = invoicing.createBillingPlan(key + ":r1", engagement(opportunity, unique("acc")), "cus_1",
                "prj_1");

        assertThat(retried.id()).isEqualTo(lost.id());
        assertThat(sandbox.snapshot("invoicing", "billingPlans", "externalRef", opportunity)).hasSize(1);

        invoicing.voidBillingPlan(key + ":compensate", opportunity);
        Created next = invoicing.createBillingPlan(key + ":r2", engagement(opportunity, unique("acc")), "cus_1",
                "prj_1");

        assertThat(next.id()).isNotEqualTo(lost.id());
        assertThat(sandbox.snapshot("invoicing", "billingPlans", "externalRef", opportunity))
                .extracting(p -> p.path("status").asString()).containsExactly("VOID", "ACTIVE");
    }

    @Test
    void missingProjectRefIsAValidationFailure() {
        ApplicationFailure failure = failureOf(
                () -> invoicing.createBillingPlan(unique("wf"), engagement(unique("opp"), unique("acc")), "cus_1", null));

        assertThat(failure.getType()).isEqualTo(FailureTypes.VALIDATION);
        assertThat(failure.isNonRetryable()).isTrue();
        assertThat(failure.getOriginalMessage()).contains("projectRef");
    }

    @Test
    void permanentRejectionWithAnotherStatusIsRejected() {
        sandbox.fault("""
                {"system":"invoicing","operation":"billing-plans.create","mode":"PERMANENT","status":410,"times":1}""");

        ApplicationFailure failure = failureOf(
                () -> invoicing.createBillingPlan(unique("wf"), engagement(unique("opp"), unique("acc")), "cus_1", "prj_1"));

        assertThat(failure.getType()).isEqualTo(FailureTypes.REJECTED);
        assertThat(failure.isNonRetryable()).isTrue();
    }

    // ---- project-to-billing

    private String plan() {
        return invoicing.createBillingPlan(unique("wf"), engagement(unique("opp"), unique("acc")), "cus_1", "prj_1")
                .id();
    }

    /** A DRAFT invoice: 10 h × 120.00 at 19 % and 230.40 untaxed, so 1430.40 net, 228.00 tax, 1658.40 total. */
    private String draftInvoice() {
        return sandbox.post("/invoicing/v1/invoices", """
                {"billingPlanId":"%s","currency":"EUR","issueDate":"2026-02-28","dueDate":"2026-03-30",
                 "lines":[{"description":"Engineering, February","quantity":"10","unitPrice":"120.00",
                           "taxRatePercent":"19"},
                          {"description":"Travel","quantity":"1","unitPrice":"230.40"}]}""".formatted(plan()))
                .path("id").asString();
    }

    @Test
    void finalizesOnceAndAnswersTheSameInvoiceAgain() {
        String invoice = draftInvoice();
        String key = unique("wf") + ":invoicing.finalizeInvoice";

        FinalizedInvoice first = invoicing.finalizeInvoice(key, invoice);
        FinalizedInvoice replayed = invoicing.finalizeInvoice(key, invoice);
        FinalizedInvoice otherKey = invoicing.finalizeInvoice(unique("wf"), invoice);

        assertThat(first.id()).isEqualTo(invoice);
        assertThat(first.number()).startsWith("INV-");
        assertThat(first.status()).isEqualTo("FINALIZED");
        assertThat(first.subtotal()).isEqualTo(Money.of("1430.40", "EUR"));
        assertThat(first.taxTotal()).isEqualTo(Money.of("228.00", "EUR"));
        assertThat(first.total()).isEqualTo(Money.of("1658.40", "EUR"));
        assertThat(first.attempt()).isEqualTo(1);
        assertThat(replayed).isEqualTo(first);
        assertThat(otherKey).isEqualTo(first);
    }

    @Test
    void finalizeOfAnInvoiceSentSinceAnswersItAsItIs() {
        String invoice = draftInvoice();
        FinalizedInvoice finalized = invoicing.finalizeInvoice(unique("wf"), invoice);
        sandbox.post("/invoicing/v1/invoices/" + invoice + "/send", "{}");

        FinalizedInvoice again = invoicing.finalizeInvoice(unique("wf"), invoice);

        assertThat(again.status()).isEqualTo("SENT");
        assertThat(again.number()).isEqualTo(finalized.number());
        assertThat(again.total()).isEqualTo(finalized.total());
    }

    @Test
    void finalizeOfAVoidOrUnknownInvoiceFails() {
        String invoice = draftInvoice();
        invoicing.voidInvoice(unique("wf"), invoice);

        ApplicationFailure voided = failureOf(() -> invoicing.finalizeInvoice(unique("wf"), invoice));
        ApplicationFailure unknown = failureOf(() -> invoicing.finalizeInvoice(unique("wf"), "inv_missing"));

        assertThat(voided.getType()).isEqualTo(FailureTypes.CONFLICT);
        assertThat(voided.isNonRetryable()).isTrue();
        assertThat(unknown.getType()).isEqualTo(FailureTypes.NOT_FOUND);
        assertThat(unknown.isNonRetryable()).isTrue();
    }

    @Test
    void voidsIdempotentlyAndAnUnknownInvoiceIsNothingToUndo() {
        String invoice = draftInvoice();
        invoicing.finalizeInvoice(unique("wf"), invoice);
        String key = unique("wf") + ":invoicing.voidInvoice";

        Ack first = invoicing.voidInvoice(key, invoice);
        Ack again = invoicing.voidInvoice(key, invoice);
        Ack otherKey = invoicing.voidInvoice(unique("wf"), invoice);
        Ack unknown = invoicing.voidInvoice(unique("wf"), "inv_missing");

        assertThat(first.attempt()).isEqualTo(1);
        assertThat(again).isEqualTo(first);
        assertThat(otherKey.attempt()).isEqualTo(1);
        assertThat(unknown.attempt()).isEqualTo(1);
        assertThat(sandbox.snapshot("invoicing", "invoices", "id", invoice)).singleElement()
                .satisfies(i -> assertThat(i.path("status").asString()).isEqualTo("VOID"));
    }

    @Test
    void aPaidInvoiceCannotBeVoided() {
        String invoice = draftInvoice();
        invoicing.finalizeInvoice(unique("wf"), invoice);
        sandbox.post("/invoicing/v1/invoices/" + invoice + "/payments", """
                {"amount":"100.00","currency":"EUR","reference":"r1","receivedOn":"2026-03-05"}""");

        ApplicationFailure failure = failureOf(() -> invoicing.voidInvoice(unique("wf"), invoice));

        assertThat(failure.getType()).isEqualTo(FailureTypes.CONFLICT);
        assertThat(failure.isNonRetryable()).isTrue();
    }

    @Test
    void updatesOnlyThePlanTermsGiven() {
        String plan = plan();

        invoicing.updateBillingPlanTerms(unique("wf"), plan, Money.of("80000", "EUR"), null, null);
        invoicing.updateBillingPlanTerms(unique("wf"), plan, null, LocalDate.of(2026, 12, 31),
                Money.of("5000.50", "EUR"));
        Ack nothing = invoicing.updateBillingPlanTerms(unique("wf"), plan, null, null, null);

        assertThat(nothing.attempt()).isEqualTo(1);
        assertThat(sandbox.snapshot("invoicing", "billingPlans", "id", plan)).singleElement().satisfies(p -> {
            assertThat(p.path("capAmount").asString()).isEqualTo("80000.00");
            assertThat(p.path("endDate").asString()).isEqualTo("2026-12-31");
            assertThat(p.path("retainerMonthlyAmount").asString()).isEqualTo("5000.50");
        });
        assertThat(audit(plan)).extracting(row -> row.get("operation")).containsExactly(
                "GET /billing-plans/{id}", "PATCH /billing-plans/{id}", "GET /billing-plans/{id}",
                "PATCH /billing-plans/{id}");
    }

    @Test
    void planTermsInAnotherCurrencyOrOnAVoidPlanAreRefused() {
        String opportunity = unique("opp");
        String plan = invoicing.createBillingPlan(unique("wf"), engagement(opportunity, unique("acc")), "cus_1",
                "prj_1").id();

        ApplicationFailure currency = failureOf(() -> invoicing.updateBillingPlanTerms(unique("wf"), plan,
                Money.of("1", "USD"), null, null));
        invoicing.voidBillingPlan(unique("wf"), opportunity);
        ApplicationFailure voided = failureOf(() -> invoicing.updateBillingPlanTerms(unique("wf"), plan, null,
                LocalDate.of(2026, 12, 31), null));

        assertThat(currency.getType()).isEqualTo(FailureTypes.VALIDATION);
        assertThat(voided.getType()).isEqualTo(FailureTypes.CONFLICT);
    }

    // ---- invoice-to-cash

    /** The {@link #draftInvoice} (1658.40 EUR, due 2026-03-30), finalized. */
    private String finalizedInvoice() {
        String invoice = draftInvoice();
        invoicing.finalizeInvoice(unique("wf"), invoice);
        return invoice;
    }

    private String sentInvoice() {
        String invoice = finalizedInvoice();
        sandbox.post("/invoicing/v1/invoices/" + invoice + "/send", "{}");
        return invoice;
    }

    private void pay(String invoice, String amount) {
        sandbox.post("/invoicing/v1/invoices/" + invoice + "/payments", """
                {"amount":"%s","currency":"EUR","reference":"%s","receivedOn":"2026-03-05"}"""
                .formatted(amount, unique("pay")));
    }

    @Test
    void sendsAFinalizedInvoiceOnceAndAnswersItWithItsAmounts() {
        String invoice = finalizedInvoice();
        String key = unique("wf") + ":invoicing.sendInvoice";

        InvoiceRead sent = invoicing.sendInvoice(key, invoice);
        InvoiceRead replayed = invoicing.sendInvoice(key, invoice);
        InvoiceRead otherKey = invoicing.sendInvoice(unique("wf"), invoice);

        assertThat(sent.id()).isEqualTo(invoice);
        assertThat(sent.number()).startsWith("INV-");
        assertThat(sent.status()).isEqualTo("SENT");
        assertThat(sent.total()).isEqualTo(Money.of("1658.40", "EUR"));
        assertThat(sent.amountPaid()).isEqualTo(Money.zero("EUR"));
        assertThat(sent.credited()).isEqualTo(Money.zero("EUR"));
        assertThat(sent.balance()).isEqualTo(Money.of("1658.40", "EUR"));
        assertThat(sent.dueDate()).isEqualTo(LocalDate.of(2026, 3, 30));
        assertThat(sent.attempt()).isEqualTo(1);
        assertThat(replayed).isEqualTo(sent);
        assertThat(otherKey).isEqualTo(sent);
        assertThat(sandbox.snapshot("invoicing", "invoices", "id", invoice)).singleElement()
                .satisfies(i -> assertThat(i.path("status").asString()).isEqualTo("SENT"));
    }

    @Test
    void sendOfAnInvoicePaidOrCreditedSinceReadsAndAnswersItAsItIs() {
        String partlyPaid = sentInvoice();
        pay(partlyPaid, "100.00");
        String credited = sentInvoice();
        sandbox.post("/invoicing/v1/invoices/" + credited + "/credit-memos", """
                {"amount":"1658.40","currency":"EUR","reason":"goodwill"}""");

        InvoiceRead paid = invoicing.sendInvoice(unique("wf"), partlyPaid);
        InvoiceRead creditedRead = invoicing.sendInvoice(unique("wf"), credited);

        assertThat(paid.status()).isEqualTo("PARTIALLY_PAID");
        assertThat(paid.amountPaid()).isEqualTo(Money.of("100.00", "EUR"));
        assertThat(paid.balance()).isEqualTo(Money.of("1558.40", "EUR"));
        assertThat(creditedRead.status()).isEqualTo("CREDITED");
        assertThat(creditedRead.credited()).isEqualTo(Money.of("1658.40", "EUR"));
        assertThat(creditedRead.balance()).isEqualTo(Money.zero("EUR"));
        assertThat(audit(partlyPaid)).extracting(row -> row.get("operation") + " " + row.get("http_status"))
                .endsWith("POST /invoices/{id}/send 409", "GET /invoices/{id} 200");
    }

    @Test
    void sendOfARejectedVoidOrUnknownInvoiceFails() {
        String rejected = finalizedInvoice();
        sandbox.post("/invoicing/v1/invoices/" + rejected + "/reject", """
                {"reason":"wrong purchase order"}""");
        String voided = finalizedInvoice();
        invoicing.voidInvoice(unique("wf"), voided);

        ApplicationFailure rejectedFailure = failureOf(() -> invoicing.sendInvoice(unique("wf"), rejected));
        ApplicationFailure voidFailure = failureOf(() -> invoicing.sendInvoice(unique("wf"), voided));
        ApplicationFailure unknown = failureOf(() -> invoicing.sendInvoice(unique("wf"), "inv_missing"));

        assertThat(rejectedFailure.getType()).isEqualTo(FailureTypes.CONFLICT);
        assertThat(rejectedFailure.isNonRetryable()).isTrue();
        assertThat(rejectedFailure.getOriginalMessage()).contains("REJECTED");
        assertThat(voidFailure.getType()).isEqualTo(FailureTypes.CONFLICT);
        assertThat(voidFailure.isNonRetryable()).isTrue();
        assertThat(unknown.getType()).isEqualTo(FailureTypes.NOT_FOUND);
        assertThat(unknown.isNonRetryable()).isTrue();
        assertThat(sandbox.snapshot("invoicing", "invoices", "id", rejected)).singleElement()
                .satisfies(i -> assertThat(i.path("status").asString()).isEqualTo("REJECTED"));
    }

    @Test
    void readsTheInvoiceAsThePlatformHasItNow() {
        String invoice = sentInvoice();
        pay(invoice, "58.40");

        InvoiceRead read = invoicing.readInvoice(invoice);

        assertThat(read.status()).isEqualTo("PARTIALLY_PAID");
        assertThat(read.total()).isEqualTo(Money.of("1658.40", "EUR"));
        assertThat(read.amountPaid()).isEqualTo(Money.of("58.40", "EUR"));
        assertThat(read.balance()).isEqualTo(Money.of("1600.00", "EUR"));
        assertThat(read.dueDate()).isEqualTo(LocalDate.of(2026, 3, 30));
        assertThat(read.attempt()).isEqualTo(1);
        assertThat(failureOf(() -> invoicing.readInvoice("inv_missing")).getType())
                .isEqualTo(FailureTypes.NOT_FOUND);
    }

    @Test
    void sendsOneReminderPerStage() {
        String invoice = sentInvoice();

        Created first = invoicing.sendReminder(unique("wf"), invoice, 1, "Friendly reminder");
        Created sameStage = invoicing.sendReminder(unique("wf"), invoice, 1, "Friendly reminder");
        Created second = invoicing.sendReminder(unique("wf"), invoice, 2, null);

        assertThat(first.id()).startsWith("rem_");
        assertThat(first.attempt()).isEqualTo(1);
        assertThat(sameStage.id()).isEqualTo(first.id());
        assertThat(second.id()).isNotEqualTo(first.id());
        assertThat(sandbox.snapshot("invoicing", "reminders", "invoiceId", invoice))
                .extracting(r -> r.path("id").asString() + " " + r.path("stage").asInt() + " "
                        + r.path("note").asString(""))
                .containsExactly(first.id() + " 1 Friendly reminder", second.id() + " 2 ");
    }

    @Test
    void aReminderForAnInvoiceNotSentIsAConflict() {
        String invoice = finalizedInvoice();

        ApplicationFailure failure = failureOf(() -> invoicing.sendReminder(unique("wf"), invoice, 1, null));

        assertThat(failure.getType()).isEqualTo(FailureTypes.CONFLICT);
        assertThat(failure.isNonRetryable()).isTrue();
        assertThat(sandbox.snapshot("invoicing", "reminders", "invoiceId", invoice)).isEmpty();
    }

    @Test
    void issuesACreditMemoOncePerKey() {
        String invoice = sentInvoice();
        String key = unique("wf") + ":invoicing.issueCreditMemo";

        CreditMemoIssued memo = invoicing.issueCreditMemo(key, invoice, Money.of("158.40", "EUR"), "dispute upheld");
        CreditMemoIssued replayed = invoicing.issueCreditMemo(key, invoice, Money.of("158.40", "EUR"),
                "dispute upheld");

        assertThat(memo.id()).startsWith("cm_");
        assertThat(memo.number()).startsWith("CM-");
        assertThat(memo.invoiceBalance()).isEqualTo(Money.of("1500.00", "EUR"));
        assertThat(memo.invoiceStatus()).isEqualTo("SENT");
        assertThat(memo.attempt()).isEqualTo(1);
        assertThat(replayed).isEqualTo(memo);
        assertThat(sandbox.snapshot("invoicing", "creditMemos", "invoiceId", invoice)).singleElement()
                .satisfies(m -> {
                    assertThat(m.path("amount").asString()).isEqualTo("158.40");
                    assertThat(m.path("reason").asString()).isEqualTo("dispute upheld");
                });
        assertThat(invoicing.readInvoice(invoice).credited()).isEqualTo(Money.of("158.40", "EUR"));

        CreditMemoIssued rest = invoicing.issueCreditMemo(unique("wf"), invoice, Money.of("1500.00", "EUR"), "rest");
        assertThat(rest.invoiceStatus()).isEqualTo("CREDITED");
        assertThat(rest.invoiceBalance()).isEqualTo(Money.zero("EUR"));
    }

    @Test
    void aCreditMemoOverTheBalanceIsAConflictAndInAnotherCurrencyInvalid() {
        String invoice = sentInvoice();

        ApplicationFailure over = failureOf(
                () -> invoicing.issueCreditMemo(unique("wf"), invoice, Money.of("1658.41", "EUR"), "too much"));
        ApplicationFailure currency = failureOf(
                () -> invoicing.issueCreditMemo(unique("wf"), invoice, Money.of("10.00", "USD"), "wrong currency"));

        assertThat(over.getType()).isEqualTo(FailureTypes.CONFLICT);
        assertThat(over.isNonRetryable()).isTrue();
        assertThat(currency.getType()).isEqualTo(FailureTypes.VALIDATION);
        assertThat(currency.isNonRetryable()).isTrue();
        assertThat(sandbox.snapshot("invoicing", "creditMemos", "invoiceId", invoice)).isEmpty();
    }
}
