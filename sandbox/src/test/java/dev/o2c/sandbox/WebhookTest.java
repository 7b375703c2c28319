package dev.o2c.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Outbox events delivered signed, at least once, with retries; undelivered events stay pending. */
class WebhookTest extends SandboxTest {

    private static final String SECRET = "o2c-dev-webhook-secret";
    private final WebhookReceiver receiver = TestInfrastructure.receiver();

    private static String hmac(String timestamp, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
    }

    private static void assertSigned(WebhookReceiver.Delivery delivery) throws Exception {
        String timestamp = delivery.header("X-O2C-Timestamp");
        assertThat(Math.abs(Instant.now().getEpochSecond() - Long.parseLong(timestamp))).isLessThan(60);
        assertThat(delivery.header("X-O2C-Signature")).isEqualTo(hmac(timestamp, delivery.body()));
    }

    private JsonNode event(String id) {
        return api.get("/sandbox/v1/events/" + id).json();
    }

    private List<WebhookReceiver.Delivery> awaitDeliveries(String marker, int count) {
        await().atMost(Duration.ofSeconds(15)).until(() -> receiver.deliveriesContaining(marker).size() >= count);
        return receiver.deliveriesContaining(marker);
    }

    @Test
    void opportunityWonIsDeliveredSignedWithTheContractHeadersAndBody() throws Exception {
        Api traced = api.withCorrelation("corr-webhook-1");
        String account = fx.account();
        String opportunity = fx.opportunity(account);
        assertThat(traced.post("/crm/v1/opportunities/" + opportunity + "/won", null).status()).isEqualTo(200);

        WebhookReceiver.Delivery delivery = awaitDeliveries(opportunity, 1).getFirst();
        assertThat(delivery.path()).isEqualTo("/api/v1/webhooks/crm");
        assertThat(delivery.header("Content-Type")).startsWith("application/json");
        assertThat(delivery.header("X-O2C-Event-Type")).isEqualTo("opportunity.won");
        assertThat(delivery.header("X-Correlation-Id")).isEqualTo("corr-webhook-1");
        assertSigned(delivery);

        JsonNode body = Api.JSON.readTree(delivery.body());
        assertThat(body.path("id").asString()).startsWith("evt_").isEqualTo(delivery.header("X-O2C-Event-Id"));
        assertThat(body.path("type").asString()).isEqualTo("opportunity.won");
        assertThat(body.path("system").asString()).isEqualTo("crm");
        assertThat(Instant.parse(body.path("occurredAt").asString())).isBefore(Instant.now().plusSeconds(1));
        assertThat(body.path("data").path("opportunityId").asString()).isEqualTo(opportunity);
        assertThat(body.path("data").path("accountId").asString()).isEqualTo(account);

        await().atMost(Duration.ofSeconds(5)).until(() -> "DELIVERED".equals(event(body.path("id").asString()).path("status").asString()));
        JsonNode stored = event(body.path("id").asString());
        assertThat(stored.path("attempts").asInt()).isEqualTo(1);
        assertThat(stored.path("correlationId").asString()).isEqualTo("corr-webhook-1");
        assertThat(api.get("/sandbox/v1/events?status=delivered").json().findValuesAsString("id")).contains(body.path("id").asString());
    }

    @Test
    void contractAmendmentsAreConsecutiveStoredAppliedAndDeliveredSigned() throws Exception {
        String opportunity = fx.wonOpportunity();
        String path = "/crm/v1/opportunities/" + opportunity + "/amendments";
        String first = """
                {"number": 1, "effectiveFrom": "2026-04-01", "capAmount": "65000", "endDate": "2026-09-30",
                 "rateCard": {"versions": [{"effectiveFrom": "2026-01-01", "rates": [{"role": "Engineer", "hourlyRate": "120.00"}]},
                                           {"effectiveFrom": "2026-04-01", "rates": [{"role": "Engineer", "hourlyRate": "130.00"}]}]},
                 "reason": "scope extension"}
                """;
        String key = Api.newKey();
        Api.Response created = api.post(path, first, key);
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        assertThat(created.id()).startsWith("amd_");
        assertThat(created.headers().getLocation()).hasToString(path + "/1");
        assertThat(created.json().path("number").asInt()).isEqualTo(1);
        assertThat(api.post(path, first, key).headers().getFirst("Idempotent-Replayed")).isEqualTo("true");

        JsonNode amended = api.get("/crm/v1/opportunities/" + opportunity).json();
        assertThat(amended.path("capAmount").asString()).isEqualTo("65000.00");
        assertThat(amended.path("endDate").asString()).isEqualTo("2026-09-30");
        assertThat(amended.path("rateCard").path("versions").size()).isEqualTo(2);

        Api.Response repeated = api.post(path, first);
        assertProblem(repeated, 409, "conflict");
        assertThat(repeated.json().path("expectedNumber").asInt()).isEqualTo(2);
        assertProblem(api.post(path, first.replace("\"number\": 1", "\"number\": 3")), 409, "conflict");
        Api.Response second = api.post(path, "{\"number\": 2, \"effectiveFrom\": \"2026-06-01\", \"retainerMonthlyAmount\": \"5000\"}");
        assertThat(second.status()).as(second.raw()).isEqualTo(201);
        assertThat(api.get(path).json().findValuesAsString("id")).containsExactly(created.id(), second.id());
        assertThat(api.get(path + "/2").id()).isEqualTo(second.id());
        assertProblem(api.get(path + "/9"), 404, "not-found");

        List<WebhookReceiver.Delivery> deliveries = awaitDeliveries(second.id(), 1);
        WebhookReceiver.Delivery delivery = deliveries.getFirst();
        assertThat(delivery.path()).isEqualTo("/api/v1/webhooks/crm");
        assertThat(delivery.header("X-O2C-Event-Type")).isEqualTo("contract.amended");
        assertSigned(delivery);
        JsonNode data = Api.JSON.readTree(delivery.body()).path("data");
        assertThat(data.path("opportunityId").asString()).isEqualTo(opportunity);
        assertThat(data.path("number").asInt()).isEqualTo(2);
        assertThat(data.path("effectiveFrom").asString()).isEqualTo("2026-06-01");
        assertThat(api.get("/sandbox/v1/events?type=contract.amended").json().findValuesAsString("amendmentId"))
                .filteredOn(created.id()::equals).hasSize(1);

        Api.Response empty = api.post(path, "{\"number\": 3, \"effectiveFrom\": \"2026-06-01\"}");
        assertProblem(empty, 400, "validation");
        assertProblem(api.post(path, "{\"number\": 3, \"effectiveFrom\": \"2026-06-01\", \"capAmount\": \"-5\"}"), 400, "validation");
        assertProblem(api.post("/crm/v1/opportunities/opp_missing/amendments", "{\"number\": 1, \"effectiveFrom\": \"2026-06-01\", \"capAmount\": \"5\"}"), 404, "not-found");
        String open = fx.opportunity(fx.account());
        assertProblem(api.post("/crm/v1/opportunities/" + open + "/amendments",
                "{\"number\": 1, \"effectiveFrom\": \"2026-06-01\", \"capAmount\": \"5\"}"), 409, "conflict");

        JsonNode snapshot = api.get("/sandbox/v1/snapshot").json().path("crm").path("amendments");
        assertThat(snapshot.findValuesAsString("id")).contains(created.id(), second.id());
    }

    @Test
    void winningTwiceEmitsOneEvent() {
        String opportunity = fx.wonOpportunity();
        Api.Response again = api.post("/crm/v1/opportunities/" + opportunity + "/won", null);
        assertThat(again.get("stage")).isEqualTo("WON");
        long events = api.get("/sandbox/v1/events?type=opportunity.won").json().findValuesAsString("opportunityId").stream()
                .filter(opportunity::equals).count();
        assertThat(events).isEqualTo(1);
    }

    @Test
    void failedDeliveriesAreRetriedWithTheSameEventId() throws Exception {
        String opportunity = fx.opportunity(fx.account());
        receiver.failFor(opportunity, 2);
        api.post("/crm/v1/opportunities/" + opportunity + "/won", null);

        List<WebhookReceiver.Delivery> deliveries = awaitDeliveries(opportunity, 3);
        assertThat(deliveries).extracting(d -> d.header("X-O2C-Event-Id")).containsOnly(deliveries.getFirst().header("X-O2C-Event-Id"));
        for (WebhookReceiver.Delivery delivery : deliveries) {
            assertSigned(delivery);
        }
        String eventId = deliveries.getFirst().header("X-O2C-Event-Id");
        await().atMost(Duration.ofSeconds(5)).until(() -> "DELIVERED".equals(event(eventId).path("status").asString()));
        assertThat(event(eventId).path("attempts").asInt()).isEqualTo(3);
        assertThat(event(eventId).path("lastError").asString()).contains("HTTP 500");
    }

    @Test
    void undeliverableEventsStayPendingAndCanBeRedelivered() {
        String opportunity = fx.opportunity(fx.account());
        receiver.failFor(opportunity, Integer.MAX_VALUE);
        api.post("/crm/v1/opportunities/" + opportunity + "/won", null);

        List<WebhookReceiver.Delivery> failed = awaitDeliveries(opportunity, 3);
        String eventId = failed.getFirst().header("X-O2C-Event-Id");
        JsonNode pending = event(eventId);
        assertThat(pending.path("status").asString()).isEqualTo("PENDING");
        assertThat(pending.path("attempts").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(pending.path("lastError").asString()).contains("HTTP 500");
        assertThat(Instant.parse(pending.path("nextAttemptAt").asString())).isAfter(Instant.parse(pending.path("lastAttemptAt").asString()));
        assertThat(api.get("/sandbox/v1/events?status=pending").json().findValuesAsString("id")).contains(eventId);

        receiver.stopFailing(opportunity);
        Api.Response redeliver = api.post("/sandbox/v1/events/" + eventId + "/redeliver", null);
        assertThat(redeliver.status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(5)).until(() -> "DELIVERED".equals(event(eventId).path("status").asString()));
        assertThat(receiver.deliveriesContaining(opportunity)).extracting(d -> d.header("X-O2C-Event-Id")).containsOnly(eventId);
    }

    @Test
    void psaAndInvoicingEventsCarryTheirData() throws Exception {
        String project = fx.psaProject();
        String entry = fx.timeEntry(project);
        String expense = fx.expense(project);
        String milestone = fx.milestone(project);
        assertThat(api.post("/psa/v1/time-entries/" + entry + "/approve", null).get("status")).isEqualTo("APPROVED");
        assertThat(api.post("/psa/v1/time-entries/" + entry + "/approve", null).get("status")).isEqualTo("APPROVED");
        api.post("/psa/v1/expenses/" + expense + "/approve", null);
        api.post("/psa/v1/milestones/" + milestone + "/complete", null);
        String invoice = fx.sentInvoice();
        String payment = api.post("/invoicing/v1/invoices/" + invoice + "/payments",
                "{\"amount\": \"100.5\", \"currency\": \"EUR\", \"receivedOn\": \"2026-03-01\"}").id();

        JsonNode time = Api.JSON.readTree(awaitDeliveries(entry, 1).getFirst().body());
        assertThat(time.path("type").asString()).isEqualTo("time.approved");
        assertThat(time.path("data").path("timeEntryId").asString()).isEqualTo(entry);
        assertThat(time.path("data").path("projectId").asString()).isEqualTo(project);
        assertThat(awaitDeliveries(entry, 1).getFirst().path()).isEqualTo("/api/v1/webhooks/psa");

        JsonNode exp = Api.JSON.readTree(awaitDeliveries(expense, 1).getFirst().body());
        assertThat(exp.path("type").asString()).isEqualTo("expense.approved");
        assertThat(exp.path("data").path("expenseId").asString()).isEqualTo(expense);

        JsonNode mil = Api.JSON.readTree(awaitDeliveries(milestone, 1).getFirst().body());
        assertThat(mil.path("type").asString()).isEqualTo("milestone.completed");
        assertThat(mil.path("data").path("milestoneId").asString()).isEqualTo(milestone);

        WebhookReceiver.Delivery paid = awaitDeliveries(payment, 1).getFirst();
        assertThat(paid.path()).isEqualTo("/api/v1/webhooks/invoicing");
        JsonNode pay = Api.JSON.readTree(paid.body());
        assertThat(pay.path("type").asString()).isEqualTo("payment.received");
        assertThat(pay.path("data").path("invoiceId").asString()).isEqualTo(invoice);
        assertThat(pay.path("data").path("amount").asString()).isEqualTo("100.50");
        assertThat(pay.path("data").path("currency").asString()).isEqualTo("EUR");

        assertThat(api.get("/sandbox/v1/events?type=time.approved").json().findValuesAsString("timeEntryId"))
                .filteredOn(entry::equals).hasSize(1);
    }
}
