package dev.o2c.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Injected faults: transient n times, permanent, latency, rate limit; never replayed or recorded. */
class FaultTest extends SandboxTest {

    @AfterEach
    void clearFaults() {
        api.delete("/sandbox/v1/faults");
    }

    private String fault(String body) {
        Api.Response response = api.post("/sandbox/v1/faults", body);
        assertThat(response.status()).as(response.raw()).isEqualTo(201);
        assertThat(response.id()).startsWith("flt_");
        return response.id();
    }

    @Test
    void transientTwiceThenSuccessAndTheFailuresAreNotRecordedForTheKey() {
        String faultId = fault("{\"system\": \"erp\", \"operation\": \"customers.upsert\", \"mode\": \"TRANSIENT\", \"times\": 2}");
        String externalId = Fixtures.unique("flaky");
        String key = Api.newKey();
        for (int attempt = 1; attempt <= 2; attempt++) {
            Api.Response failed = api.post("/erp/v1/customers", fx.customerBody(externalId), key);
            assertProblem(failed, 503, "unavailable");
            assertThat(failed.headers().getFirst("Retry-After")).isEqualTo("1");
            assertThat(failed.get("operation")).isEqualTo("customers.upsert");
        }
        Api.Response ok = api.post("/erp/v1/customers", fx.customerBody(externalId), key);
        assertThat(ok.status()).as(ok.raw()).isEqualTo(201);
        assertThat(ok.json().path("created").asBoolean()).isTrue();
        Api.Response replay = api.post("/erp/v1/customers", fx.customerBody(externalId), key);
        assertThat(replay.raw()).isEqualTo(ok.raw());

        assertThat(api.get("/erp/v1/customers?externalId=" + externalId).json().size()).isEqualTo(1);
        Api.Response fault = api.get("/sandbox/v1/faults/" + faultId);
        assertThat(fault.json().path("hits").asInt()).isEqualTo(2);
        assertThat(fault.json().path("remaining").asInt()).isZero();
        assertThat(fault.json().path("active").asBoolean()).isFalse();
    }

    @Test
    void wildcardTransientWithCustomStatusHitsEveryOperationOfOneSystemOnly() {
        fault("{\"system\": \"psa\", \"operation\": \"*\", \"mode\": \"TRANSIENT\", \"status\": 500, \"times\": 2}");
        assertProblem(api.get("/psa/v1/projects"), 500, "unavailable");
        assertThat(api.get("/crm/v1/accounts").status()).isEqualTo(200);
        assertThat(api.get("/sandbox/v1/snapshot").status()).isEqualTo(200);
        assertProblem(api.post("/psa/v1/projects/prj_nope/cancel", null), 500, "unavailable");
        assertProblem(api.post("/psa/v1/projects/prj_nope/cancel", null), 404, "not-found");
    }

    @Test
    void permanentRejectionIs422AndTheKeyStaysUsable() {
        fault("{\"system\": \"crm\", \"operation\": \"accounts.create\", \"mode\": \"PERMANENT\", \"times\": 1}");
        String key = Api.newKey();
        Api.Response rejected = api.post("/crm/v1/accounts", "{\"name\": \"Rejected Corp\"}", key);
        assertProblem(rejected, 422, "rejected");
        assertThat(rejected.headers().getFirst("Retry-After")).isNull();
        Api.Response accepted = api.post("/crm/v1/accounts", "{\"name\": \"Rejected Corp\"}", key);
        assertThat(accepted.status()).isEqualTo(201);
        assertThat(accepted.headers().getFirst("Idempotent-Replayed")).isNull();
    }

    @Test
    void permanentWithCustomStatusAndFaultsActBeforeReplay() {
        String key = Api.newKey();
        Api.Response first = api.post("/invoicing/v1/billing-plans", """
                {"customerRef": "c", "projectRef": "p", "billingModel": "RETAINER", "currency": "EUR", "billingPeriod": "MONTHLY"}""", key);
        assertThat(first.status()).isEqualTo(201);
        fault("{\"system\": \"invoicing\", \"operation\": \"billing-plans.create\", \"mode\": \"PERMANENT\", \"status\": 400, \"times\": 1}");
        assertProblem(api.post("/invoicing/v1/billing-plans", """
                {"customerRef": "c", "projectRef": "p", "billingModel": "RETAINER", "currency": "EUR", "billingPeriod": "MONTHLY"}""", key),
                400, "rejected");
        Api.Response replay = api.post("/invoicing/v1/billing-plans", """
                {"customerRef": "c", "projectRef": "p", "billingModel": "RETAINER", "currency": "EUR", "billingPeriod": "MONTHLY"}""", key);
        assertThat(replay.raw()).isEqualTo(first.raw());
    }

    @Test
    void latencyDelaysThenProceeds() {
        fault("{\"system\": \"erp\", \"operation\": \"legal-entities.list\", \"mode\": \"LATENCY\", \"latencyMs\": 400, \"times\": 1}");
        long start = System.nanoTime();
        Api.Response slow = api.get("/erp/v1/legal-entities");
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(slow.status()).isEqualTo(200);
        assertThat(slow.json().size()).isEqualTo(3);
        assertThat(elapsedMs).isGreaterThanOrEqualTo(400);
    }

    @Test
    void rateLimitAnswers429WithRetryAfterUntilCleared() {
        String faultId = fault("{\"system\": \"invoicing\", \"operation\": \"invoices.get\", \"mode\": \"RATE_LIMIT\", \"retryAfterSeconds\": 7}");
        for (int i = 0; i < 2; i++) {
            Api.Response limited = api.get("/invoicing/v1/invoices/inv_any");
            assertProblem(limited, 429, "rate-limited");
            assertThat(limited.headers().getFirst("Retry-After")).isEqualTo("7");
        }
        assertThat(api.get("/sandbox/v1/faults").json()).hasSize(1);
        assertThat(api.delete("/sandbox/v1/faults/" + faultId).status()).isEqualTo(204);
        assertProblem(api.get("/invoicing/v1/invoices/inv_any"), 404, "not-found");
        assertThat(api.get("/sandbox/v1/faults").json()).isEmpty();
    }

    @Test
    void deleteAllClearsEveryFault() {
        fault("{\"system\": \"crm\", \"operation\": \"*\", \"mode\": \"TRANSIENT\"}");
        fault("{\"system\": \"erp\", \"operation\": \"*\", \"mode\": \"RATE_LIMIT\"}");
        assertProblem(api.get("/crm/v1/accounts"), 503, "unavailable");
        assertThat(api.delete("/sandbox/v1/faults").json().path("deleted").asInt()).isEqualTo(2);
        assertThat(api.get("/crm/v1/accounts").status()).isEqualTo(200);
        assertThat(api.get("/erp/v1/legal-entities").status()).isEqualTo(200);
    }

    /**
     * A fault with a probability acts on about that share of the calls (400 draws at 0.3: 120 expected, the bounds
     * are more than five standard deviations away), counts exactly the calls it failed, and a call it spares falls
     * through to the next matching fault (here a rate limit on every call that is left).
     */
    @Test
    void aProbabilityFailsAShareOfTheCallsAndASparedCallFallsThroughToTheNextFault() {
        String faultId = fault("{\"system\": \"psa\", \"operation\": \"*\", \"mode\": \"TRANSIENT\", \"probability\": 0.3}");
        assertThat(api.get("/sandbox/v1/faults/" + faultId).json().path("probability").asDouble()).isEqualTo(0.3);
        int failed = 0;
        for (int i = 0; i < 400; i++) {
            Api.Response answer = api.get("/psa/v1/projects/prj_nope");
            if (answer.status() == 503) {
                failed++;
            } else {
                assertProblem(answer, 404, "not-found");
            }
        }
        assertThat(failed).isBetween(70, 170);
        assertThat(api.get("/sandbox/v1/faults/" + faultId).json().path("hits").asInt()).isEqualTo(failed);

        fault("{\"system\": \"psa\", \"operation\": \"*\", \"mode\": \"RATE_LIMIT\"}");
        int limited = 0;
        for (int i = 0; i < 50; i++) {
            int status = api.get("/psa/v1/projects/prj_nope").status();
            assertThat(status).isIn(503, 429);
            limited += status == 429 ? 1 : 0;
        }
        assertThat(limited).isPositive();
    }

    @Test
    void aProbabilityOutsideZeroToOneIsRefused() {
        for (String probability : new String[] {"0", "1.5", "-0.1"}) {
            Api.Response refused = api.post("/sandbox/v1/faults", "{\"system\": \"crm\", \"operation\": \"*\","
                    + " \"mode\": \"TRANSIENT\", \"probability\": " + probability + "}");
            assertProblem(refused, 400, "validation");
        }
    }
}
