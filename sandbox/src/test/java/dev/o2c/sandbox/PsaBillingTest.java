package dev.o2c.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** PSA entry lists (filters, paging) and billing marks, as a billing run uses them. */
class PsaBillingTest extends SandboxTest {

    private String entry(String project, String date) {
        Api.Response r = api.post("/psa/v1/projects/" + project + "/time-entries", """
                {"person": "ann@o2c.dev", "role": "Engineer", "date": "%s", "hours": "2", "taskName": "Coding"}
                """.formatted(date));
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        return r.id();
    }

    private String approvedEntry(String project, String date) {
        String id = entry(project, date);
        assertThat(api.post("/psa/v1/time-entries/" + id + "/approve", null).status()).isEqualTo(200);
        return id;
    }

    private String approvedExpense(String project) {
        String id = fx.expense(project);
        assertThat(api.post("/psa/v1/expenses/" + id + "/approve", null).status()).isEqualTo(200);
        return id;
    }

    private String mark(String invoiceRef, List<String> time, List<String> expenses) {
        return "{\"invoiceRef\": \"%s\", \"timeEntryIds\": %s, \"expenseIds\": %s}".formatted(invoiceRef,
                Api.JSON.writeValueAsString(time), Api.JSON.writeValueAsString(expenses));
    }

    @Test
    void listsFilterByStatusBilledAndDateAndStayPlainArraysWithoutPaging() {
        String project = fx.psaProject();
        String jan = approvedEntry(project, "2026-01-31");
        String feb = approvedEntry(project, "2026-02-28");
        String mar = approvedEntry(project, "2026-03-01");
        String submitted = entry(project, "2026-02-01");
        String base = "/psa/v1/projects/" + project + "/time-entries";

        JsonNode all = api.get(base).json();
        assertThat(all.isArray()).isTrue();
        assertThat(all.findValuesAsString("id")).containsExactly(jan, submitted, feb, mar);
        assertThat(api.get(base + "?status=APPROVED&billed=false&to=2026-02-28").json().findValuesAsString("id"))
                .containsExactly(jan, feb);

        assertThat(api.post("/psa/v1/billing-marks", mark("inv_a", List.of(jan), List.of())).status()).isEqualTo(200);
        assertThat(api.get(base + "?status=APPROVED&billed=false&to=2026-02-28").json().findValuesAsString("id"))
                .containsExactly(feb);
        JsonNode billed = api.get(base + "?billed=true").json();
        assertThat(billed.findValuesAsString("id")).containsExactly(jan);
        assertThat(billed.get(0).path("billedInvoiceRef").asString()).isEqualTo("inv_a");
        assertThat(billed.get(0).path("billedAt").isMissingNode()).isFalse();

        String expense = approvedExpense(project);
        assertThat(api.get("/psa/v1/projects/" + project + "/expenses?status=APPROVED&billed=false&to=2026-02-03")
                .json().findValuesAsString("id")).containsExactly(expense);
        assertThat(api.get("/psa/v1/projects/" + project + "/expenses?to=2026-02-02").json().isEmpty()).isTrue();

        assertProblem(api.get(base + "?to=28.02.2026"), 400, "validation");
        assertProblem(api.get("/psa/v1/projects/prj_missing/time-entries?limit=10"), 404, "not-found");
    }

    @Test
    void pagesWithAnOpaqueCursorUntilNextCursorIsNull() {
        String project = fx.psaProject();
        List<String> ids = new ArrayList<>();
        for (int day = 1; day <= 5; day++) {
            ids.add(approvedEntry(project, "2026-02-0" + day));
        }
        String expense = approvedExpense(project);
        String base = "/psa/v1/projects/" + project + "/time-entries?status=APPROVED&limit=2";

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = api.get(base + (cursor == null ? "" : "&cursor=" + cursor)).json();
            assertThat(page.path("items").isArray()).as(page.toString()).isTrue();
            page.path("items").forEach(item -> seen.add(item.path("id").asString()));
            cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asString();
            pages++;
        } while (cursor != null);
        assertThat(seen).containsExactlyElementsOf(ids);
        assertThat(pages).isEqualTo(3);

        JsonNode expenses = api.get("/psa/v1/projects/" + project + "/expenses?limit=5").json();
        assertThat(expenses.path("items").findValuesAsString("id")).containsExactly(expense);
        assertThat(expenses.path("nextCursor").isNull()).isTrue();

        assertProblem(api.get(base + "&cursor=not-a-cursor"), 400, "validation");
        assertProblem(api.get("/psa/v1/projects/" + project + "/time-entries?limit=0"), 400, "validation");
        assertProblem(api.get("/psa/v1/projects/" + project + "/time-entries?limit=1001"), 400, "validation");
    }

    @Test
    void marksAreAllOrNothingIdempotentAndReleasedByInvoice() {
        String project = fx.psaProject();
        String a = approvedEntry(project, "2026-02-02");
        String b = approvedEntry(project, "2026-02-03");
        String expense = approvedExpense(project);
        String invoice = Fixtures.unique("inv");
        String key = Api.newKey();

        Api.Response marked = api.post("/psa/v1/billing-marks", mark(invoice, List.of(a), List.of(expense)), key);
        assertThat(marked.status()).as(marked.raw()).isEqualTo(200);
        assertThat(marked.json().path("timeEntryIds").get(0).asString()).isEqualTo(a);
        assertThat(marked.json().path("expenseIds").get(0).asString()).isEqualTo(expense);
        Api.Response replay = api.post("/psa/v1/billing-marks", mark(invoice, List.of(a), List.of(expense)), key);
        assertThat(replay.headers().getFirst("Idempotent-Replayed")).isEqualTo("true");
        assertThat(replay.raw()).isEqualTo(marked.raw());
        // the same invoice again (a retry with a new key) is fine
        assertThat(api.post("/psa/v1/billing-marks", mark(invoice, List.of(a), List.of()), Api.newKey()).status())
                .isEqualTo(200);

        // another invoice: 409 naming the entry, and b is not marked either
        Api.Response conflict = api.post("/psa/v1/billing-marks", mark("inv_other", List.of(b, a), List.of()));
        assertProblem(conflict, 409, "conflict");
        assertThat(conflict.json().path("ids").get(0).asString()).isEqualTo(a);
        assertThat(conflict.json().path("ids").size()).isEqualTo(1);
        assertThat(conflict.json().path("billedTo").path(a).asString()).isEqualTo(invoice);
        assertThat(api.get("/psa/v1/time-entries/" + b).json().path("billedInvoiceRef").isNull()).isTrue();

        String submitted = entry(project, "2026-02-04");
        Api.Response notApproved = api.post("/psa/v1/billing-marks", mark("inv_other", List.of(b, submitted), List.of()));
        assertProblem(notApproved, 409, "conflict");
        assertThat(notApproved.json().path("ids").get(0).asString()).isEqualTo(submitted);
        assertProblem(api.post("/psa/v1/billing-marks", mark("inv_other", List.of("tim_missing"), List.of())), 400, "validation");
        assertProblem(api.post("/psa/v1/billing-marks", mark("inv_other", List.of(), List.of())), 400, "validation");
        assertProblem(api.post("/psa/v1/billing-marks", "{\"timeEntryIds\": [\"" + b + "\"]}"), 400, "validation");

        JsonNode lookup = api.get("/psa/v1/billing-marks?invoiceRef=" + invoice).json();
        assertThat(lookup.path("timeEntryIds").get(0).asString()).isEqualTo(a);

        Api.Response released = api.post("/psa/v1/billing-marks/release", "{\"invoiceRef\": \"" + invoice + "\"}");
        assertThat(released.status()).isEqualTo(200);
        assertThat(released.json().path("timeEntryIds").get(0).asString()).isEqualTo(a);
        assertThat(released.json().path("expenseIds").get(0).asString()).isEqualTo(expense);
        assertThat(api.get("/psa/v1/time-entries/" + a).json().path("billedInvoiceRef").isNull()).isTrue();
        assertThat(api.post("/psa/v1/billing-marks/release", "{\"invoiceRef\": \"" + invoice + "\"}")
                .json().path("timeEntryIds").isEmpty()).isTrue();
        // released entries can be billed to another invoice
        assertThat(api.post("/psa/v1/billing-marks", mark("inv_other", List.of(a, b), List.of())).status()).isEqualTo(200);

        JsonNode snapshot = api.get("/sandbox/v1/snapshot").json().path("psa").path("timeEntries");
        for (JsonNode e : snapshot) {
            if (e.path("id").asString().equals(b)) {
                assertThat(e.path("billedInvoiceRef").asString()).isEqualTo("inv_other");
            }
        }
    }

    @Test
    void bulkSeedingCreatesManyApprovedEntriesQuickly() {
        String project = fx.psaProject();
        long start = System.nanoTime();
        Api.Response seeded = api.post("/sandbox/v1/psa/projects/" + project + "/time-entries/bulk",
                "{\"count\": 100000, \"from\": \"2026-01-01\", \"perDay\": 100, \"hours\": \"0.5\"}");
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(seeded.status()).as(seeded.raw()).isEqualTo(201);
        assertThat(seeded.json().path("created").asInt()).isEqualTo(100_000);
        assertThat(seeded.get("to")).isEqualTo("2028-09-26");
        assertThat(millis).as("seeding 100,000 entries took %d ms", millis).isLessThan(30_000);

        JsonNode page = api.get("/psa/v1/projects/" + project + "/time-entries?status=APPROVED&billed=false&to=2026-01-02&limit=1000").json();
        assertThat(page.path("items").size()).isEqualTo(200);
        assertThat(page.path("nextCursor").isNull()).isTrue();
        assertThat(page.path("items").get(0).path("hours").asString()).isEqualTo("0.50");
        assertThat(page.path("items").get(0).path("id").asString()).startsWith("tim_");

        assertProblem(api.post("/sandbox/v1/psa/projects/" + project + "/time-entries/bulk", "{\"count\": 0}"), 400, "validation");
        assertProblem(api.post("/sandbox/v1/psa/projects/prj_missing/time-entries/bulk",
                "{\"count\": 1, \"from\": \"2026-01-01\"}"), 404, "not-found");
        // keep later snapshots small
        assertThat(api.post("/sandbox/v1/reset", null).status()).isEqualTo(200);
    }
}
