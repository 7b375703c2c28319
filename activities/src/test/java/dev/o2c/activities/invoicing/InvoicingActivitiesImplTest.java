package dev.o2c.activities.invoicing;

import static dev.o2c.activities.Fixtures.engagement;
import static dev.o2c.activities.Fixtures.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.o2c.activities.ConnectorTestSupport;
import dev.o2c.workflows.common.FailureTypes;
import dev.o2c.workflows.systems.Created;
import dev.o2c.workflows.systems.InvoicingActivities;
import io.temporal.failure.ApplicationFailure;
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
}
