package dev.o2c.activities.invoicing;

import static dev.o2c.activities.Fixtures.engagement;
import static dev.o2c.activities.Fixtures.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.o2c.activities.ConnectorTestSupport;
import dev.o2c.workflows.common.FailureTypes;
import dev.o2c.workflows.model.Money;
import dev.o2c.workflows.systems.Ack;
import dev.o2c.workflows.systems.Created;
import dev.o2c.workflows.systems.FinalizedInvoice;
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
}
