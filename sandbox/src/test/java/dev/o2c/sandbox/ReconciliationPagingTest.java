package dev.o2c.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The keyset pages a reconciliation walks: invoices by id, ERP receivables and invoicing payments by the key range of
 * a page of invoices; byte order, {@code limit} 1..1000, {@code nextCursor} null on the last page.
 */
class ReconciliationPagingTest extends SandboxTest {

    private static final String PAY = """
            {"amount": "%s", "currency": "EUR", "reference": "r", "receivedOn": "2026-03-01"}""";

    @Test
    void invoicePagesWalkEveryInvoiceOnceInByteOrder() {
        List<String> mine = List.of(fx.draftInvoice(), fx.draftInvoice(), fx.draftInvoice());
        List<String> walked = new ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            Api.Response page = api.get("/invoicing/v1/invoices?limit=7" + (after == null ? "" : "&after=" + after));
            assertThat(page.status()).as(page.raw()).isEqualTo(200);
            JsonNode items = page.json().path("items");
            assertThat(items.size()).isLessThanOrEqualTo(7);
            items.forEach(item -> walked.add(item.path("id").asString()));
            after = page.json().path("nextCursor").isNull() ? null : page.get("nextCursor");
            if (after != null) {
                assertThat(after).isEqualTo(walked.getLast());
            }
            pages++;
        } while (after != null);

        List<String> all = new ArrayList<>();
        api.get("/invoicing/v1/invoices").json().forEach(item -> all.add(item.path("id").asString()));
        assertThat(walked).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(all).containsAll(mine);
        assertThat(walked).isSortedAccordingTo(String::compareTo);
        assertThat(pages).isEqualTo((all.size() + 6) / 7 + (all.size() % 7 == 0 ? 1 : 0));
    }

    @Test
    void receivablesOfAKeyRangeComeInPagesByInvoiceRef() {
        String customer = fx.customer();
        String prefix = Fixtures.unique("rng");
        // -z lies outside the range
        for (String ref : List.of("-c", "-a", "-e", "-b", "-d", "-z")) {
            api.post("/erp/v1/receivables", """
                    {"customerId": "%s", "invoiceRef": "%s", "amount": "10.00", "currency": "EUR", "dueDate": "2026-03-31"}
                    """.formatted(customer, prefix + ref));
        }
        List<String> refs = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Api.Response page = api.get("/erp/v1/receivables?invoiceRefAfter=" + prefix + "-"
                    + "&invoiceRefThrough=" + prefix + "-e&limit=2" + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(page.status()).as(page.raw()).isEqualTo(200);
            page.json().path("items").forEach(item -> {
                refs.add(item.path("invoiceRef").asString());
                assertThat(item.path("payments").isArray()).isTrue();
            });
            cursor = page.json().path("nextCursor").isNull() ? null : page.get("nextCursor");
            pages++;
        } while (cursor != null);
        assertThat(refs).containsExactly(prefix + "-a", prefix + "-b", prefix + "-c", prefix + "-d", prefix + "-e");
        assertThat(pages).isEqualTo(3);

        // the plain list is unchanged for older clients
        assertThat(api.get("/erp/v1/receivables?invoiceRef=" + prefix + "-b").json().isArray()).isTrue();
    }

    @Test
    void paymentsOfTheInvoicesOfARange() {
        String invoice = fx.sentInvoice();
        api.post("/invoicing/v1/invoices/" + invoice + "/payments", PAY.formatted("100.00"));
        api.post("/invoicing/v1/invoices/" + invoice + "/payments", PAY.formatted("200.00"));
        // (the invoice's id without its last character, the invoice's id]: this invoice alone
        String range = "invoiceIdAfter=" + invoice.substring(0, invoice.length() - 1) + "&invoiceIdThrough=" + invoice;

        Api.Response first = api.get("/invoicing/v1/payments?" + range + "&limit=1");
        assertThat(first.status()).as(first.raw()).isEqualTo(200);
        assertThat(first.json().path("items").findValuesAsString("invoiceId")).containsExactly(invoice);
        Api.Response second = api.get("/invoicing/v1/payments?" + range + "&limit=1&cursor=" + first.get("nextCursor"));
        assertThat(second.json().path("items").findValuesAsString("invoiceId")).containsExactly(invoice);
        assertThat(second.json().path("nextCursor").isNull()).isTrue();
        assertThat(List.of(first.json().path("items").get(0).path("amount").asString(),
                second.json().path("items").get(0).path("amount").asString()))
                .containsExactlyInAnyOrder("100.00", "200.00");
    }

    @Test
    void wonOpportunitiesByIdAndWhatTheOtherSystemsHoldForTheirKeyRange() {
        String won = fx.wonOpportunity();
        fx.opportunity(fx.account());
        List<String> walked = new ArrayList<>();
        String after = null;
        do {
            Api.Response page = api.get("/crm/v1/opportunities?stage=WON&limit=5" + (after == null ? "" : "&after=" + after));
            assertThat(page.status()).as(page.raw()).isEqualTo(200);
            page.json().path("items").forEach(item -> {
                assertThat(item.path("stage").asString()).isEqualTo("WON");
                walked.add(item.path("id").asString());
            });
            after = page.json().path("nextCursor").isNull() ? null : page.get("nextCursor");
        } while (after != null);
        assertThat(walked).contains(won).doesNotHaveDuplicates().isSortedAccordingTo(String::compareTo);

        // the PSA project, ERP project and billing plan of a deal carry its id as externalRef
        String ref = fx.psaProject();
        String externalRef = api.get("/psa/v1/projects/" + ref).get("externalRef");
        String range = "externalRefAfter=" + externalRef.substring(0, externalRef.length() - 1)
                + "&externalRefThrough=" + externalRef;
        assertThat(api.get("/psa/v1/projects?" + range).json().path("items").findValuesAsString("id")).containsExactly(ref);
        String plan = fx.plan();
        String planRef = api.get("/invoicing/v1/billing-plans/" + plan).get("externalRef");
        assertThat(api.get("/invoicing/v1/billing-plans?externalRefAfter=" + planRef.substring(0, planRef.length() - 1)
                + "&externalRefThrough=" + planRef).json().path("items").findValuesAsString("id")).containsExactly(plan);
        String erpProject = fx.erpProject(fx.customer());
        String erpRef = api.get("/erp/v1/projects/" + erpProject).get("externalRef");
        Api.Response erpPage = api.get("/erp/v1/projects?externalRefAfter=" + erpRef.substring(0, erpRef.length() - 1)
                + "&externalRefThrough=" + erpRef + "&limit=1");
        assertThat(erpPage.json().path("items").findValuesAsString("id")).containsExactly(erpProject);
        assertThat(erpPage.json().path("nextCursor").isNull()).isTrue();
        // without paging parameters: the plain lists, as before
        assertThat(api.get("/psa/v1/projects?externalRef=" + externalRef).json().isArray()).isTrue();
        assertThat(api.get("/crm/v1/opportunities?stage=WON").json().isArray()).isTrue();
    }

    @Test
    void approvedEntriesOfEveryProjectByIdAndTheInvoicesWhoseLinesCarryThem() {
        String project = fx.psaProject();
        String time = api.post("/psa/v1/projects/" + project + "/time-entries", """
                {"person": "ann@o2c.dev", "role": "Engineer", "date": "2026-02-02", "hours": "8", "description": "work"}
                """).id();
        api.post("/psa/v1/time-entries/" + time + "/approve", null);
        String expense = api.post("/psa/v1/projects/" + project + "/expenses", """
                {"date": "2026-02-03", "category": "Travel", "amount": "10.00", "currency": "EUR", "description": "train"}
                """).id();
        List<String> walked = new ArrayList<>();
        String after = null;
        do {
            Api.Response page = api.get("/psa/v1/entries?status=APPROVED&limit=50" + (after == null ? "" : "&after=" + after));
            assertThat(page.status()).as(page.raw()).isEqualTo(200);
            page.json().path("items").forEach(item -> walked.add(item.path("id").asString()));
            after = page.json().path("nextCursor").isNull() ? null : page.get("nextCursor");
        } while (after != null);
        assertThat(walked).contains(time).doesNotContain(expense).isSortedAccordingTo(String::compareTo);

        String invoice = api.post("/invoicing/v1/invoices", """
                {"billingPlanId": "%s", "currency": "EUR", "issueDate": "2026-02-28", "dueDate": "2026-03-30",
                 "lines": [{"description": "Engineering", "quantity": "8", "unitPrice": "100.00", "sourceRefs": ["%s"]}]}
                """.formatted(fx.plan(), time)).id();
        Api.Response refs = api.get("/invoicing/v1/invoice-line-refs?refAfter=" + time.substring(0, time.length() - 1)
                + "&refThrough=" + time);
        assertThat(refs.status()).as(refs.raw()).isEqualTo(200);
        assertThat(refs.json().path("items")).singleElement().satisfies(ref -> {
            assertThat(ref.path("invoiceId").asString()).isEqualTo(invoice);
            assertThat(ref.path("lineNo").asInt()).isEqualTo(1);
            assertThat(ref.path("invoiceStatus").asString()).isEqualTo("DRAFT");
        });
    }

    @Test
    void limitsAndCursorsAreChecked() {
        assertProblem(api.get("/invoicing/v1/invoices?limit=0"), 400, "validation");
        assertProblem(api.get("/invoicing/v1/invoices?limit=1001"), 400, "validation");
        assertProblem(api.get("/erp/v1/receivables?cursor=not-a-cursor"), 400, "validation");
        assertProblem(api.get("/invoicing/v1/payments?cursor=bm9wZQ"), 400, "validation");
        assertThat(api.get("/invoicing/v1/payments?limit=1000").status()).isEqualTo(200);
    }
}
