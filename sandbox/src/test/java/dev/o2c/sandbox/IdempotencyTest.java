package dev.o2c.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/** Idempotency-Key on every POST: same key and body → the first answer and nothing new; other body → 422. */
class IdempotencyTest extends SandboxTest {

    /** One POST: where, the body, and a different body for the same key. */
    record Call(String path, String body, String otherBody) {
    }

    private static Arguments row(String operation, Function<Fixtures, Call> setup) {
        return Arguments.of(operation, setup);
    }

    static Stream<Arguments> everyPost() {
        return Stream.of(
                row("crm accounts.create", fx -> new Call("/crm/v1/accounts",
                        "{\"name\": \"Idem Corp\", \"currency\": \"USD\"}", "{\"name\": \"Other Corp\", \"currency\": \"USD\"}")),
                row("crm contacts.create", fx -> new Call("/crm/v1/accounts/" + fx.account() + "/contacts",
                        "{\"name\": \"Jane\", \"email\": \"jane@x.example\"}", "{\"name\": \"John\"}")),
                row("crm opportunities.create", fx -> {
                    String account = fx.account();
                    return new Call("/crm/v1/opportunities",
                            "{\"accountId\": \"" + account + "\", \"name\": \"Deal\", \"currency\": \"EUR\", \"billingModel\": \"FIXED_FEE\"}",
                            "{\"accountId\": \"" + account + "\", \"name\": \"Deal 2\", \"currency\": \"EUR\", \"billingModel\": \"FIXED_FEE\"}");
                }),
                row("crm opportunities.win", fx -> new Call("/crm/v1/opportunities/" + fx.opportunity(fx.account()) + "/won",
                        null, "{\"note\": \"different\"}")),
                row("crm opportunities.lose", fx -> new Call("/crm/v1/opportunities/" + fx.opportunity(fx.account()) + "/lost",
                        "{\"reason\": \"budget\"}", "{\"reason\": \"timing\"}")),
                row("crm opportunities.delivery", fx -> new Call("/crm/v1/opportunities/" + fx.wonOpportunity() + "/delivery",
                        "{\"psaProjectId\": \"prj_1\", \"deliveryStatus\": \"ACTIVE\"}", "{\"deliveryStatus\": \"PARKED\"}")),
                row("crm tasks.create", fx -> {
                    String account = fx.account();
                    return new Call("/crm/v1/tasks",
                            "{\"accountId\": \"" + account + "\", \"subject\": \"Tax id missing\", \"assignee\": \"sales-ops\"}",
                            "{\"accountId\": \"" + account + "\", \"subject\": \"Other\"}");
                }),
                row("psa projects.create", fx -> new Call("/psa/v1/projects",
                        "{\"customerRef\": \"cus_1\", \"name\": \"P\", \"billingModel\": \"RETAINER\", \"currency\": \"GBP\"}",
                        "{\"customerRef\": \"cus_2\", \"name\": \"P\", \"billingModel\": \"RETAINER\", \"currency\": \"GBP\"}")),
                row("psa projects.cancel", fx -> new Call("/psa/v1/projects/" + fx.psaProject() + "/cancel", null, "{}")),
                row("psa projects.hold", fx -> new Call("/psa/v1/projects/" + fx.psaProject() + "/hold", null, "{}")),
                row("psa projects.resume", fx -> new Call("/psa/v1/projects/" + fx.heldPsaProject() + "/resume", null, "{}")),
                row("psa projects.close", fx -> new Call("/psa/v1/projects/" + fx.psaProject() + "/close", null, "{}")),
                row("psa time-entries.create", fx -> new Call("/psa/v1/projects/" + fx.psaProject() + "/time-entries",
                        "{\"person\": \"a\", \"role\": \"Engineer\", \"date\": \"2026-02-03\", \"hours\": \"8\"}",
                        "{\"person\": \"a\", \"role\": \"Engineer\", \"date\": \"2026-02-04\", \"hours\": \"8\"}")),
                row("psa time-entries.approve", fx -> new Call("/psa/v1/time-entries/" + fx.timeEntry(fx.psaProject()) + "/approve",
                        null, "{\"x\": 1}")),
                row("psa expenses.create", fx -> new Call("/psa/v1/projects/" + fx.psaProject() + "/expenses",
                        "{\"date\": \"2026-02-03\", \"category\": \"hotel\", \"amount\": \"99.00\", \"currency\": \"EUR\"}",
                        "{\"date\": \"2026-02-03\", \"category\": \"hotel\", \"amount\": \"98.00\", \"currency\": \"EUR\"}")),
                row("psa expenses.approve", fx -> new Call("/psa/v1/expenses/" + fx.expense(fx.psaProject()) + "/approve",
                        null, "{\"x\": 1}")),
                row("psa milestones.create", fx -> new Call("/psa/v1/projects/" + fx.psaProject() + "/milestones",
                        "{\"name\": \"M1\", \"amount\": \"500.00\"}", "{\"name\": \"M2\", \"amount\": \"500.00\"}")),
                row("psa milestones.complete", fx -> new Call("/psa/v1/milestones/" + fx.milestone(fx.psaProject()) + "/complete",
                        null, "{\"x\": 1}")),
                row("erp customers.upsert (new)", fx -> {
                    String externalId = Fixtures.unique("acc");
                    return new Call("/erp/v1/customers", fx.customerBody(externalId),
                            fx.customerBody(externalId).replace("DE123", "DE456"));
                }),
                row("erp customers.upsert (existing)", fx -> {
                    String externalId = Fixtures.unique("acc");
                    fx.customer(externalId);
                    return new Call("/erp/v1/customers", fx.customerBody(externalId).replace("Berlin", "Hamburg"),
                            fx.customerBody(externalId).replace("Berlin", "Köln"));
                }),
                row("erp customers.deactivate", fx -> new Call("/erp/v1/customers/" + fx.customer() + "/deactivate", null, "{}")),
                row("erp projects.create", fx -> {
                    String customer = fx.customer();
                    return new Call("/erp/v1/projects",
                            "{\"customerId\": \"" + customer + "\", \"name\": \"E\", \"currency\": \"EUR\", \"revenueMethod\": \"MILESTONE\"}",
                            "{\"customerId\": \"" + customer + "\", \"name\": \"F\", \"currency\": \"EUR\", \"revenueMethod\": \"MILESTONE\"}");
                }),
                row("erp projects.close", fx -> new Call("/erp/v1/projects/" + fx.erpProject(fx.customer()) + "/close", null, "{}")),
                row("erp receivables.create", fx -> {
                    String customer = fx.customer();
                    String body = "{\"customerId\": \"" + customer + "\", \"invoiceRef\": \"INV-1\", \"amount\": \"%s\", \"currency\": \"EUR\", \"dueDate\": \"2026-03-31\"}";
                    return new Call("/erp/v1/receivables", body.formatted("100.00"), body.formatted("200.00"));
                }),
                row("erp receivables.payments.create", fx -> new Call(
                        "/erp/v1/receivables/" + fx.receivable(fx.customer(), "100.00") + "/payments",
                        "{\"paymentRef\": \"p1\", \"amount\": \"40.00\", \"currency\": \"EUR\", \"receivedOn\": \"2026-03-01\"}",
                        "{\"paymentRef\": \"p1\", \"amount\": \"41.00\", \"currency\": \"EUR\", \"receivedOn\": \"2026-03-01\"}")),
                row("invoicing billing-plans.create", fx -> new Call("/invoicing/v1/billing-plans",
                        "{\"customerRef\": \"c\", \"projectRef\": \"p\", \"billingModel\": \"MILESTONE\", \"currency\": \"EUR\", \"billingPeriod\": \"MILESTONE\"}",
                        "{\"customerRef\": \"c\", \"projectRef\": \"q\", \"billingModel\": \"MILESTONE\", \"currency\": \"EUR\", \"billingPeriod\": \"MILESTONE\"}")),
                row("invoicing billing-plans.void", fx -> new Call("/invoicing/v1/billing-plans/" + fx.plan() + "/void", null, "{}")),
                row("invoicing invoices.create", fx -> {
                    String body = fx.invoiceBody(fx.plan());
                    return new Call("/invoicing/v1/invoices", body, body.replace("Travel", "Hotel"));
                }),
                row("invoicing invoices.finalize", fx -> new Call("/invoicing/v1/invoices/" + fx.draftInvoice() + "/finalize", null, "{}")),
                row("invoicing invoices.send", fx -> {
                    String invoice = fx.draftInvoice();
                    fx.finalizeInvoice(invoice);
                    return new Call("/invoicing/v1/invoices/" + invoice + "/send", null, "{}");
                }),
                row("invoicing invoices.void", fx -> new Call("/invoicing/v1/invoices/" + fx.draftInvoice() + "/void", null, "{}")),
                row("invoicing payments.create", fx -> new Call("/invoicing/v1/invoices/" + fx.sentInvoice() + "/payments",
                        "{\"amount\": \"100.00\", \"currency\": \"EUR\", \"reference\": \"r\", \"receivedOn\": \"2026-03-01\"}",
                        "{\"amount\": \"100.00\", \"currency\": \"EUR\", \"reference\": \"s\", \"receivedOn\": \"2026-03-01\"}")),
                row("invoicing invoices.reject", fx -> new Call("/invoicing/v1/invoices/" + fx.sentInvoice() + "/reject",
                        "{\"reason\": \"wrong PO\"}", "{\"reason\": \"other\"}")),
                row("invoicing reminders.create", fx -> new Call("/invoicing/v1/invoices/" + fx.sentInvoice() + "/reminders",
                        "{\"stage\": 1}", "{\"stage\": 2}")),
                row("invoicing credit-memos.create", fx -> new Call("/invoicing/v1/invoices/" + fx.sentInvoice() + "/credit-memos",
                        "{\"amount\": \"100.00\", \"currency\": \"EUR\", \"reason\": \"r\"}",
                        "{\"amount\": \"100.00\", \"currency\": \"EUR\", \"reason\": \"s\"}")),
                row("erp receivables.credits.create", fx -> new Call("/erp/v1/receivables/" + fx.receivable(fx.customer(), "100.00") + "/credits",
                        "{\"creditRef\": \"cm_1\", \"amount\": \"10.00\", \"currency\": \"EUR\", \"reason\": \"r\"}",
                        "{\"creditRef\": \"cm_2\", \"amount\": \"10.00\", \"currency\": \"EUR\", \"reason\": \"r\"}")),
                row("erp receivables.write-offs.create", fx -> new Call("/erp/v1/receivables/" + fx.receivable(fx.customer(), "100.00") + "/write-offs",
                        "{\"amount\": \"10.00\", \"currency\": \"EUR\", \"reason\": \"r\"}",
                        "{\"amount\": \"10.00\", \"currency\": \"EUR\", \"reason\": \"s\"}")),
                row("erp receivables.reverse", fx -> new Call("/erp/v1/receivables/" + fx.receivable(fx.customer(), "100.00") + "/reverse",
                        "{\"reason\": \"void\"}", "{\"reason\": \"other\"}")),
                row("crm opportunities.invoices.upsert", fx -> new Call("/crm/v1/opportunities/" + fx.wonOpportunity() + "/invoices/inv_1",
                        "{\"status\": \"SENT\", \"total\": \"10.00\", \"balance\": \"10.00\", \"currency\": \"EUR\"}",
                        "{\"status\": \"PAID\", \"total\": \"10.00\", \"balance\": \"0.00\", \"currency\": \"EUR\"}")),
                row("psa billing-marks.create", fx -> {
                    String entry = fx.approvedTimeEntry(fx.psaProject());
                    String body = "{\"invoiceRef\": \"%s\", \"timeEntryIds\": [\"" + entry + "\"]}";
                    return new Call("/psa/v1/billing-marks", body.formatted(Fixtures.unique("inv")), body.formatted("inv_other"));
                }),
                row("psa billing-marks.release", fx -> new Call("/psa/v1/billing-marks/release",
                        "{\"invoiceRef\": \"" + fx.billedInvoiceRef() + "\"}", "{\"invoiceRef\": \"inv_other\"}")),
                row("erp revenue-entries.create", fx -> {
                    String body = "{\"projectId\": \"" + fx.erpProject(fx.customer())
                            + "\", \"period\": \"2026-02\", \"amount\": \"100.00\", \"currency\": \"EUR\", \"method\": \"AS_INVOICED\", \"sourceRef\": \"%s\"}";
                    return new Call("/erp/v1/revenue-entries", body.formatted("s1"), body.formatted("s2"));
                }),
                row("crm opportunities.amend", fx -> new Call("/crm/v1/opportunities/" + fx.wonOpportunity() + "/amendments",
                        "{\"number\": 1, \"effectiveFrom\": \"2026-04-01\", \"capAmount\": \"1000\"}",
                        "{\"number\": 1, \"effectiveFrom\": \"2026-04-01\", \"capAmount\": \"2000\"}")),
                row("sandbox psa time-entries.bulk", fx -> new Call("/sandbox/v1/psa/projects/" + fx.psaProject() + "/time-entries/bulk",
                        "{\"count\": 3, \"from\": \"2026-01-01\"}", "{\"count\": 4, \"from\": \"2026-01-01\"}")),
                row("sandbox faults.create", fx -> new Call("/sandbox/v1/faults",
                        "{\"system\": \"crm\", \"operation\": \"never.called\", \"mode\": \"TRANSIENT\", \"times\": 1}",
                        "{\"system\": \"crm\", \"operation\": \"never.called\", \"mode\": \"TRANSIENT\", \"times\": 2}")),
                row("sandbox events.redeliver", fx -> new Call("/sandbox/v1/events/" + fx.wonEvent() + "/redeliver", null, "{}")));
    }

    /** Everything a POST can change: every system's objects, the faults, and how many events exist. */
    private JsonNode state() {
        var state = Api.JSON.createObjectNode();
        state.set("snapshot", api.get("/sandbox/v1/snapshot").json());
        state.set("faults", api.get("/sandbox/v1/faults").json());
        state.put("events", api.get("/sandbox/v1/events").json().size());
        return state;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyPost")
    void sameKeyAndBodyReplaysTheFirstAnswerAndOtherBodyIs422(String operation, Function<Fixtures, Call> setup) {
        Call call = setup.apply(fx);
        String key = Api.newKey();
        JsonNode before = state();

        Api.Response first = api.post(call.path(), call.body(), key);
        assertThat(first.status()).as(first.raw()).isBetween(200, 299);
        JsonNode afterFirst = state();
        if (!operation.contains("redeliver")) {
            assertThat(afterFirst).as("the first call changes something").isNotEqualTo(before);
        }

        Api.Response replay = api.post(call.path(), call.body(), key);
        assertThat(replay.status()).isEqualTo(first.status());
        assertThat(replay.raw()).isEqualTo(first.raw());
        assertThat(replay.headers().getFirst("Idempotent-Replayed")).isEqualTo("true");
        assertThat(replay.headers().getLocation()).isEqualTo(first.headers().getLocation());
        assertThat(state()).as("a replay creates nothing and emits no event").isEqualTo(afterFirst);

        Api.Response reused = api.post(call.path(), call.otherBody(), key);
        assertProblem(reused, 422, "idempotency-key-reused");
        assertThat(state()).as("a rejected reuse changes nothing").isEqualTo(afterFirst);
    }

    @Test
    void withoutKeyEveryPostIsProcessed() {
        String body = "{\"name\": \"No Key Corp\"}";
        String a = api.post("/crm/v1/accounts", body).id();
        String b = api.post("/crm/v1/accounts", body).id();
        assertThat(a).startsWith("acc_").isNotEqualTo(b);
    }

    @Test
    void keysAreScopedPerSystem() {
        String key = Api.newKey();
        Api.Response crm = api.post("/crm/v1/accounts", "{\"name\": \"Scoped\"}", key);
        Api.Response psa = api.post("/psa/v1/projects",
                "{\"customerRef\": \"c\", \"name\": \"Scoped\", \"billingModel\": \"FIXED_FEE\", \"currency\": \"EUR\"}", key);
        assertThat(crm.status()).isEqualTo(201);
        assertThat(psa.status()).isEqualTo(201);
        assertThat(psa.id()).startsWith("prj_");
    }

    @Test
    void a4xxAnswerIsRecordedAndReplayed() {
        String key = Api.newKey();
        Api.Response first = api.post("/psa/v1/projects", "{\"name\": \"no customer\"}", key);
        assertProblem(first, 400, "validation");
        Api.Response replay = api.post("/psa/v1/projects", "{\"name\": \"no customer\"}", key);
        assertThat(replay.raw()).isEqualTo(first.raw());
        assertThat(replay.headers().getFirst("Idempotent-Replayed")).isEqualTo("true");
    }

    @Test
    void concurrentDuplicatesCreateOnce() throws Exception {
        String key = Api.newKey();
        String externalId = Fixtures.unique("race");
        String body = fx.customerBody(externalId);
        List<Callable<Api.Response>> calls = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            calls.add(() -> api.post("/erp/v1/customers", body, key));
        }
        List<Api.Response> responses = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(6)) {
            for (Future<Api.Response> f : pool.invokeAll(calls)) {
                responses.add(f.get());
            }
        }
        assertThat(responses).extracting(Api.Response::status).containsOnly(201);
        assertThat(responses).extracting(Api.Response::raw).containsOnly(responses.getFirst().raw());
        assertThat(responses.getFirst().json().path("created").asBoolean()).isTrue();
        assertThat(api.get("/erp/v1/customers?externalId=" + externalId).json().size()).isEqualTo(1);
    }
}
