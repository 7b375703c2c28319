package dev.o2c.devstack.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;

/**
 * A small client of the running product, through its REST APIs only: the starter ({@code /api/v1}) and the
 * sandbox's four systems and controls. Used by the demo, the benchmark and the end-to-end tests.
 *
 * <p>Every call to the starter's API (not its webhooks, not the sandbox) carries a bearer token of the local identity
 * provider for the {@link Role} the contract requires: starting a process {@code integration}, the money decisions
 * {@code finance}, retry/skip/abort {@code operator} (every team), reads {@code viewer}. The actor the starter records
 * is the token's ({@code o2c-finance}, ...), so bodies carry no {@code actor}.
 */
public final class O2cClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String starter;
    private final String sandbox;
    private final Tokens tokens;

    public O2cClient(String starterBaseUrl, String sandboxBaseUrl, String idpBaseUrl) {
        this.starter = starterBaseUrl;
        this.sandbox = sandboxBaseUrl;
        this.tokens = new Tokens(http, idpBaseUrl);
    }

    /**
     * The running local stack: {@code STARTER_URL}, {@code SANDBOX_URL} and the identity provider
     * ({@link Tokens#idpUrlFromEnvironment()}), else their default ports.
     */
    public static O2cClient fromEnvironment() {
        return new O2cClient(env("STARTER_URL", "http://127.0.0.1:8081"), env("SANDBOX_URL", "http://127.0.0.1:8090"),
                Tokens.idpUrlFromEnvironment());
    }

    /** The tokens this client sends, one per role. */
    public Tokens tokens() {
        return tokens;
    }

    /** An environment variable, or {@code fallback} when it is unset or blank. */
    public static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /** An HTTP answer: status and JSON body (a missing node when the body is empty). */
    public record Answer(int status, JsonNode body) {
        public Answer expect(int... accepted) {
            for (int code : accepted) {
                if (status == code) {
                    return this;
                }
            }
            throw new IllegalStateException("unexpected HTTP " + status + ": " + body);
        }

        public String text(String field) {
            return body.path(field).asText(null);
        }
    }

    // ---- sandbox: CRM ------------------------------------------------------------------------------------------

    /** Creates a CRM account with complete finance attributes, or without a tax id when {@code withTaxId} is false. */
    public String createAccount(String name, boolean withTaxId) {
        return createAccount(name, withTaxId, 30);
    }

    /**
     * Creates a CRM account like {@link #createAccount(String, boolean)} with {@code paymentTermsDays} net days (0: its
     * invoices are due on their issue date).
     */
    public String createAccount(String name, boolean withTaxId, int paymentTermsDays) {
        ObjectNode account = JSON.createObjectNode()
                .put("name", name)
                .put("ownerEmail", "owner@example.com")
                .put("legalEntity", "O2C-DE")
                .put("currency", "EUR")
                .put("paymentTermsDays", paymentTermsDays);
        if (withTaxId) {
            account.put("taxId", "DE" + Math.abs(name.hashCode()));
        }
        account.putObject("billingAddress")
                .put("line1", "Hauptstrasse 1")
                .put("city", "Berlin")
                .put("postalCode", "10115")
                .put("country", "DE");
        return post(sandbox + "/crm/v1/accounts", account, null).expect(201, 200).text("id");
    }

    /**
     * Creates a CRM account like {@link #createAccount(String, boolean)} with the given tax id, owner e-mail and first
     * billing address line (the end-to-end test of payload encryption looks for them in Temporal's history).
     */
    public String createAccount(String name, String taxId, String ownerEmail, String addressLine1) {
        ObjectNode account = JSON.createObjectNode()
                .put("name", name)
                .put("ownerEmail", ownerEmail)
                .put("legalEntity", "O2C-DE")
                .put("currency", "EUR")
                .put("paymentTermsDays", 30)
                .put("taxId", taxId);
        account.putObject("billingAddress")
                .put("line1", addressLine1)
                .put("city", "Berlin")
                .put("postalCode", "10115")
                .put("country", "DE");
        return post(sandbox + "/crm/v1/accounts", account, null).expect(201, 200).text("id");
    }

    /** Creates an OPEN time-and-materials opportunity with a two-version rate card and a small work breakdown. */
    public String createOpportunity(String accountId, String name) {
        ObjectNode opp = JSON.createObjectNode()
                .put("accountId", accountId)
                .put("name", name)
                .put("amount", "120000.00")
                .put("currency", "EUR")
                .put("billingModel", "TIME_AND_MATERIALS")
                .put("startDate", "2027-01-04")
                .put("endDate", "2027-06-30")
                .put("capAmount", "150000.00");
        var versions = opp.putObject("rateCard").putArray("versions");
        ObjectNode v1 = versions.addObject().put("effectiveFrom", "2027-01-01");
        v1.putArray("rates").addObject().put("role", "consultant").put("hourlyRate", "150.00");
        ObjectNode v2 = versions.addObject().put("effectiveFrom", "2027-04-01");
        v2.putArray("rates").addObject().put("role", "consultant").put("hourlyRate", "160.00");
        var phases = opp.putObject("workBreakdown").putArray("phases");
        ObjectNode discovery = phases.addObject().put("name", "Discovery");
        discovery.putArray("tasks").addObject().put("name", "Workshops").put("estimateHours", 40);
        ObjectNode delivery = phases.addObject().put("name", "Delivery");
        delivery.putArray("tasks").addObject().put("name", "Build").put("estimateHours", 400);
        return post(sandbox + "/crm/v1/opportunities", opp, null).expect(201, 200).text("id");
    }

    /**
     * Creates an OPEN time-and-materials opportunity in EUR from {@code startDate} to {@code endDate} with the given
     * rate card ({@code versions[{effectiveFrom, rates[{role, hourlyRate}]}]}) and not-to-exceed ({@code null}: none).
     */
    public String createTimeAndMaterials(String accountId, String name, LocalDate startDate,
            LocalDate endDate, String capAmount, JsonNode rateCardVersions) {
        ObjectNode opp = JSON.createObjectNode()
                .put("accountId", accountId)
                .put("name", name)
                .put("amount", "100000.00")
                .put("currency", "EUR")
                .put("billingModel", "TIME_AND_MATERIALS")
                .put("startDate", startDate.toString())
                .put("endDate", endDate.toString());
        if (capAmount != null) {
            opp.put("capAmount", capAmount);
        }
        opp.putObject("rateCard").set("versions", rateCardVersions);
        var phases = opp.putObject("workBreakdown").putArray("phases");
        phases.addObject().put("name", "Delivery").putArray("tasks").addObject().put("name", "Build")
                .put("estimateHours", 400);
        return post(sandbox + "/crm/v1/opportunities", opp, null).expect(201, 200).text("id");
    }

    /** A rate card version: {@code roleRates} alternates role and hourly rate ("Engineer", "100.00", ...). */
    public static ObjectNode rateCardVersion(LocalDate effectiveFrom, String... roleRates) {
        ObjectNode version = JSON.createObjectNode().put("effectiveFrom", effectiveFrom.toString());
        var rates = version.putArray("rates");
        for (int i = 0; i + 1 < roleRates.length; i += 2) {
            rates.addObject().put("role", roleRates[i]).put("hourlyRate", roleRates[i + 1]);
        }
        return version;
    }

    /** Rate card versions as a JSON array. */
    public static ArrayNode versions(ObjectNode... versions) {
        var array = JSON.createArrayNode();
        for (ObjectNode version : versions) {
            array.add(version);
        }
        return array;
    }

    public Answer markWon(String opportunityId) {
        return post(sandbox + "/crm/v1/opportunities/" + opportunityId + "/won", JSON.createObjectNode(), null);
    }

    public Answer patchAccount(String accountId, ObjectNode changes) {
        return send("PATCH", sandbox + "/crm/v1/accounts/" + accountId, changes, null, null);
    }

    /** The sandbox ERP's customer: {@code version}, {@code lastSynced}, {@code creditLimit}, … */
    public JsonNode erpCustomer(String customerId) {
        return get(sandbox + "/erp/v1/customers/" + customerId).expect(200).body();
    }

    /** Changes an ERP customer by hand (as a person in the ERP would: no {@code lastSynced}) at its current version. */
    public JsonNode patchErpCustomer(String customerId, ObjectNode changes) {
        ObjectNode body = changes.deepCopy().put("expectedVersion", erpCustomer(customerId).path("version").asLong());
        return send("PATCH", sandbox + "/erp/v1/customers/" + customerId, body, null, null).expect(200).body();
    }

    public JsonNode opportunity(String opportunityId) {
        return get(sandbox + "/crm/v1/opportunities/" + opportunityId).expect(200).body();
    }

    /** The CRM's invoice status sync of an opportunity: {@code [{invoiceRef, status, total, balance, ...}]}. */
    public JsonNode opportunityInvoices(String opportunityId) {
        return get(sandbox + "/crm/v1/opportunities/" + opportunityId + "/invoices").expect(200).body();
    }

    // ---- sandbox: PSA and ERP ----------------------------------------------------------------------------------

    /** Creates a time entry on the PSA project and approves it (the PSA sends {@code time.approved}); its id. */
    public String approvedTimeEntry(String projectId, String person, String role, LocalDate date,
            String hours) {
        ObjectNode entry = JSON.createObjectNode().put("person", person).put("role", role)
                .put("date", date.toString()).put("hours", hours).put("description", role + " work");
        String id = post(sandbox + "/psa/v1/projects/" + projectId + "/time-entries", entry, null).expect(201)
                .text("id");
        post(sandbox + "/psa/v1/time-entries/" + id + "/approve", JSON.createObjectNode(), null).expect(200);
        return id;
    }

    /** Creates an expense on the PSA project and approves it (the PSA sends {@code expense.approved}); its id. */
    public String approvedExpense(String projectId, LocalDate date, String category, String amount,
            String currency) {
        ObjectNode expense = JSON.createObjectNode().put("date", date.toString()).put("category", category)
                .put("amount", amount).put("currency", currency).put("description", category);
        String id = post(sandbox + "/psa/v1/projects/" + projectId + "/expenses", expense, null).expect(201)
                .text("id");
        post(sandbox + "/psa/v1/expenses/" + id + "/approve", JSON.createObjectNode(), null).expect(200);
        return id;
    }

    /**
     * Benchmark seeding: {@code count} APPROVED, unbilled time entries of one hour each ({@code Engineer}),
     * {@code perDay} a day from {@code from}, in one statement and without events. Answers
     * {@code {projectId, created, from, to}}.
     */
    public JsonNode bulkTimeEntries(String projectId, int count, LocalDate from, int perDay) {
        ObjectNode bulk = JSON.createObjectNode().put("count", count).put("from", from.toString())
                .put("perDay", perDay);
        return post(sandbox + "/sandbox/v1/psa/projects/" + projectId + "/time-entries/bulk", bulk, null)
                .expect(201, 200).body();
    }

    /** The ERP's exchange rate {@code from} → {@code to} in force on {@code date} (1 from = rate to). */
    public BigDecimal exchangeRate(String from, String to, LocalDate date) {
        return new BigDecimal(get(sandbox + "/erp/v1/exchange-rates?from=" + from + "&to=" + to + "&date="
                + date).expect(200).text("rate"));
    }

    // ---- sandbox: invoicing and receivables ---------------------------------------------------------------------

    /** The invoicing platform's invoice ({@code status, total, amountPaid, creditedAmount, balance, ...}). */
    public JsonNode sandboxInvoice(String invoiceId) {
        return get(sandbox + "/invoicing/v1/invoices/" + invoiceId).expect(200).body();
    }

    /**
     * The customer pays (part of) an invoice in the invoicing platform, which emits {@code payment.received}; answers
     * the payment ({@code pay_} id) or the refusal (409 over the balance or in a status that takes no payment).
     */
    public Answer pay(String invoiceId, String amount, String currency, String reference) {
        ObjectNode payment = JSON.createObjectNode().put("amount", amount).put("currency", currency)
                .put("reference", reference).put("receivedOn", LocalDate.now(java.time.ZoneOffset.UTC).toString());
        return post(sandbox + "/invoicing/v1/invoices/" + invoiceId + "/payments", payment, null);
    }

    /** The customer rejects a FINALIZED or SENT invoice (the platform emits {@code invoice.rejected}). */
    public Answer reject(String invoiceId, String reason) {
        return post(sandbox + "/invoicing/v1/invoices/" + invoiceId + "/reject",
                JSON.createObjectNode().put("reason", reason), null);
    }

    /** The credit memos of an invoice in the invoicing platform. */
    public JsonNode creditMemos(String invoiceId) {
        return get(sandbox + "/invoicing/v1/invoices/" + invoiceId + "/credit-memos").expect(200).body();
    }

    /** The dunning reminders the invoicing platform sent for an invoice, by number. */
    public JsonNode reminders(String invoiceId) {
        return get(sandbox + "/invoicing/v1/invoices/" + invoiceId + "/reminders").expect(200).body();
    }

    /** The ERP receivable of an invoice (with its {@code payments}, {@code credits}, {@code writeOffs}). */
    public JsonNode receivable(String invoiceId) {
        JsonNode list = get(sandbox + "/erp/v1/receivables?invoiceRef=" + invoiceId).expect(200).body();
        if (list.size() != 1) {
            throw new IllegalStateException("expected one ERP receivable for " + invoiceId + ", found " + list);
        }
        return list.get(0);
    }

    // ---- sandbox: outbox events --------------------------------------------------------------------------

    /** The sandbox's outbox events of a type ({@code payment.received}, ...), oldest first. */
    public JsonNode events(String type) {
        return get(sandbox + "/sandbox/v1/events?type=" + type).expect(200).body();
    }

    /** The ids of the events of {@code type} whose {@code data.field} equals {@code value}. */
    public java.util.List<String> eventIds(String type, String field, String value) {
        return StreamSupport.stream(events(type).spliterator(), false)
                .filter(e -> value.equals(e.path("body").path("data").path(field).asText()))
                .map(e -> e.path("id").asText())
                .toList();
    }

    /** Queues an event again now, with the same id and body (the receiver sees a duplicate). */
    public void redeliver(String eventId) {
        post(sandbox + "/sandbox/v1/events/" + eventId + "/redeliver", JSON.createObjectNode(), null).expect(202);
    }

    // ---- sandbox: controls ---------------------------------------------------------------------------------

    /** Injects a fault; see the sandbox's {@code /sandbox/v1/faults}. */
    public String addFault(String system, String operation, String mode, Integer times, Integer latencyMs) {
        ObjectNode fault = JSON.createObjectNode().put("system", system).put("operation", operation).put("mode", mode);
        if (times != null) {
            fault.put("times", times);
        }
        if (latencyMs != null) {
            fault.put("latencyMs", latencyMs);
        }
        return post(sandbox + "/sandbox/v1/faults", fault, null).expect(201, 200).text("id");
    }

    /** Makes the system refuse the operation for good with {@code status} (e.g. 400: a validation error). */
    public String addRejection(String system, String operation, int status) {
        ObjectNode fault = JSON.createObjectNode().put("system", system).put("operation", operation)
                .put("mode", "PERMANENT").put("status", status);
        return post(sandbox + "/sandbox/v1/faults", fault, null).expect(201, 200).text("id");
    }

    /** The injected faults, each with how many calls it still affects ({@code remaining}). */
    public JsonNode faults() {
        return get(sandbox + "/sandbox/v1/faults").expect(200).body();
    }

    public void clearFaults() {
        send("DELETE", sandbox + "/sandbox/v1/faults", null, null, null).expect(200, 204);
    }

    public JsonNode snapshot() {
        return get(sandbox + "/sandbox/v1/snapshot").expect(200).body();
    }

    // ---- starter ---------------------------------------------------------------------------------------------

    public Answer startOpportunityToProject(String opportunityId, String correlationId) {
        return post(starter + "/api/v1/opportunity-to-project",
                JSON.createObjectNode().put("opportunityId", opportunityId), correlationId, Role.INTEGRATION);
    }

    public Answer process(String workflowId) {
        return get(starter + "/api/v1/processes/" + workflowId);
    }

    public Answer processes(String query) {
        return get(starter + "/api/v1/processes" + (query == null ? "" : "?" + query));
    }

    /** The operations dashboard ({@code GET /api/v1/dashboards/operations}, docs/operations.md). */
    public Answer operationsDashboard() {
        return get(starter + "/api/v1/dashboards/operations");
    }

    /**
     * The starter's inbound event ledger ({@code GET /api/v1/events?query}: {@code status}, {@code system},
     * {@code type}, {@code limit}, {@code cursor}); not {@link #events(String)}, the sandbox's outbox.
     */
    public Answer inboundEvents(String query) {
        return get(starter + "/api/v1/events" + (query == null ? "" : "?" + query));
    }

    /** One inbound event by {@code {system}:{eventId}}, with its payload. */
    public Answer inboundEvent(String system, String eventId) {
        return get(starter + "/api/v1/events/" + system + ":" + eventId);
    }

    /** Routes an inbound event that was not routed again, as an operator. */
    public Answer replayInboundEvent(String system, String eventId) {
        return post(starter + "/api/v1/events/" + system + ":" + eventId + "/replay", JSON.createObjectNode(), null,
                Role.OPERATOR);
    }

    public Answer exceptions(String query) {
        return get(starter + "/api/v1/exceptions" + (query == null ? "" : "?" + query));
    }

    public Answer resolve(String exceptionId, String action) {
        return post(starter + "/api/v1/exceptions/" + exceptionId + "/" + action,
                JSON.createObjectNode().put("note", "via O2cClient"), null, Role.OPERATOR);
    }

    /** Decides on the open exception of a process by its workflow id: {@code retry}, {@code skip} or {@code abort}. */
    public Answer decide(String workflowId, String action) {
        return post(starter + "/api/v1/processes/" + workflowId + "/" + action,
                JSON.createObjectNode().put("note", "via O2cClient"), null, Role.OPERATOR);
    }

    // ---- starter: project billing --------------------------------------------------------------------------

    /** {@code GET /api/v1/projects/{psaProjectId}/billing}: the project's contract, runs and amendments. */
    public Answer projectBilling(String psaProjectId) {
        return get(starter + "/api/v1/projects/" + psaProjectId + "/billing");
    }

    /** Bill-now: {@code POST /api/v1/projects/{psaProjectId}/billing-runs}; 202 {runNumber, processId, through}. */
    public Answer billNow(String psaProjectId, LocalDate through) {
        return billNow(psaProjectId, through, null);
    }

    /**
     * The same with an {@code Idempotency-Key} (null: none): sent again with the same key, it answers the run the
     * first request queued.
     */
    public Answer billNow(String psaProjectId, LocalDate through, String idempotencyKey) {
        return send("POST", starter + "/api/v1/projects/" + psaProjectId + "/billing-runs",
                JSON.createObjectNode().put("through", through.toString()), null, Role.FINANCE,
                idempotencyKey == null ? Map.of() : Map.of("Idempotency-Key", idempotencyKey));
    }

    /** {@code POST /api/v1/projects/{psaProjectId}/amendments} with the given body. */
    public Answer amend(String psaProjectId, ObjectNode amendment) {
        return post(starter + "/api/v1/projects/" + psaProjectId + "/amendments", amendment, null, Role.FINANCE);
    }

    /**
     * Bills the project through {@code through}, waits for the run to complete and answers the id of the invoice it
     * issued (its {@code createdIds.invoiceId}); fails when the run did not complete or issued none.
     */
    public String billNowForInvoice(String psaProjectId, LocalDate through, Duration timeout) {
        String runId = billNow(psaProjectId, through).expect(202).text("processId");
        JsonNode run = awaitStatus(runId, Set.of("COMPLETED", "COMPENSATED", "ABORTED", "NEEDS_ATTENTION", "FAILED"),
                timeout);
        String invoiceId = ids(run).get("invoiceId");
        if (!"COMPLETED".equals(run.path("status").asText()) || invoiceId == null) {
            throw new IllegalStateException("billing run " + runId + " issued no invoice: " + run);
        }
        return invoiceId;
    }

    // ---- starter: reconciliation -----------------------------------------------------------------------------

    /**
     * {@code POST /api/v1/reconciliations} as {@link Role#OPERATOR} (finance may too): 202 {runId, status, created,
     * checks, links} when it started a run, 200 with the run going on when one runs already.
     *
     * @param checks the checks to run ({@code provisioning}, {@code work}, {@code receivables}, {@code payments});
     *     none: all four
     */
    public Answer reconcile(String... checks) {
        ObjectNode body = JSON.createObjectNode();
        if (checks.length > 0) {
            ArrayNode list = body.putArray("checks");
            for (String check : checks) {
                list.add(check);
            }
        }
        return post(starter + "/api/v1/reconciliations", body, null, Role.OPERATOR);
    }

    /** {@code GET /api/v1/reconciliations/{runId}}: the run's report. */
    public Answer reconciliation(String runId) {
        return get(starter + "/api/v1/reconciliations/" + runId);
    }

    /** {@code GET /api/v1/reconciliations?query}: runs newest first ({@code limit}, {@code cursor}). */
    public Answer reconciliations(String query) {
        return get(starter + "/api/v1/reconciliations" + (query == null ? "" : "?" + query));
    }

    /** {@code GET /api/v1/reconciliations/{runId}/discrepancies?query} ({@code kind}, {@code status}, paging). */
    public Answer runDiscrepancies(String runId, String query) {
        return get(starter + "/api/v1/reconciliations/" + runId + "/discrepancies" + (query == null ? "" : "?" + query));
    }

    /** {@code GET /api/v1/discrepancies?query} ({@code status}, {@code kind}, {@code ownerTeam}, {@code check}, paging). */
    public Answer discrepancies(String query) {
        return get(starter + "/api/v1/discrepancies" + (query == null ? "" : "?" + query));
    }

    /**
     * Every discrepancy of a list, following {@code nextCursor}: {@code path} is {@code /api/v1/discrepancies} or a
     * run's, {@code query} its filters (without {@code limit} and {@code cursor}).
     */
    public java.util.List<JsonNode> allDiscrepancies(String runId, String query) {
        java.util.List<JsonNode> all = new java.util.ArrayList<>();
        String cursor = null;
        do {
            String page = (query == null || query.isBlank() ? "" : query + "&") + "limit=200"
                    + (cursor == null ? "" : "&cursor=" + java.net.URLEncoder.encode(cursor,
                    java.nio.charset.StandardCharsets.UTF_8));
            JsonNode body = (runId == null ? discrepancies(page) : runDiscrepancies(runId, page)).expect(200).body();
            body.path("items").forEach(all::add);
            cursor = body.path("nextCursor").isTextual() ? body.path("nextCursor").asText() : null;
        } while (cursor != null);
        return all;
    }

    /**
     * Starts a reconciliation (or, while one runs, waits for it to end and starts the next) and waits until it is no
     * longer RUNNING; answers its report.
     */
    public JsonNode reconcileAndWait(Duration timeout, String... checks) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Answer started = reconcile(checks).expect(200, 202);
            String runId = started.text("runId");
            JsonNode report = awaitReconciliation(runId, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            if (started.status() == 202) {
                return report;
            }
            // the run going on was another's: ours is the next one
        }
    }

    /** Waits until the run's report is no longer RUNNING; fails after {@code timeout}. */
    public JsonNode awaitReconciliation(String runId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            Answer answer = reconciliation(runId);
            if (answer.status() == 200) {
                last = answer.body();
                if (!"RUNNING".equals(last.path("status").asText())) {
                    return last;
                }
            }
            sleep(250);
        }
        throw new IllegalStateException("reconciliation " + runId + " still not ended after " + timeout + ": " + last);
    }

    // ---- starter: invoices ------------------------------------------------------------------------------------

    /** {@code GET /api/v1/invoices/{invoiceId}}: the invoice as invoice-to-cash follows it (404 when unknown). */
    public Answer invoice(String invoiceId) {
        return get(starter + "/api/v1/invoices/" + invoiceId);
    }

    /** Polls the invoice until {@code condition} holds (a 404 until its invoice-to-cash process starts). */
    public JsonNode awaitInvoice(String invoiceId, Predicate<JsonNode> condition, Duration timeout, String what) {
        Instant deadline = Instant.now().plus(timeout);
        Answer last = null;
        while (Instant.now().isBefore(deadline)) {
            try {
                last = invoice(invoiceId);
                if (last.status() == 200 && condition.test(last.body())) {
                    return last.body();
                }
            } catch (UncheckedIOException e) {
                // ask again until the deadline
            }
            sleep(200);
        }
        throw new IllegalStateException("invoice " + invoiceId + " did not reach " + what + " within " + timeout
                + "; last answer: " + last);
    }

    /** Polls the invoice until its {@code status} is {@code status}. */
    public JsonNode awaitInvoiceStatus(String invoiceId, String status, Duration timeout) {
        return awaitInvoice(invoiceId, i -> status.equals(i.path("status").asText()), timeout, "status " + status);
    }

    /** {@code POST /api/v1/invoices/{id}/disputes}; {@code amount} null disputes the whole open balance. */
    public Answer openDispute(String invoiceId, String reason, String amount, String currency, String requestId) {
        ObjectNode body = JSON.createObjectNode().put("reason", reason);
        if (amount != null) {
            body.set("amount", money(amount, currency));
        }
        if (requestId != null) {
            body.put("requestId", requestId);
        }
        return post(starter + "/api/v1/invoices/" + invoiceId + "/disputes", body, null, Role.FINANCE);
    }

    /** {@code POST /api/v1/invoices/{id}/disputes/{disputeId}/resolve} with UPHELD or REJECTED. */
    public Answer resolveDispute(String invoiceId, String disputeId, String outcome, String note) {
        return post(starter + "/api/v1/invoices/" + invoiceId + "/disputes/" + disputeId + "/resolve",
                JSON.createObjectNode().put("outcome", outcome).put("note", note), null, Role.FINANCE);
    }

    /** {@code POST /api/v1/invoices/{id}/void}: 202, or a refusal (409 HAS_PAYMENTS, SETTLED, ...). */
    public Answer voidInvoice(String invoiceId, String reason) {
        return post(starter + "/api/v1/invoices/" + invoiceId + "/void",
                JSON.createObjectNode().put("reason", reason), null, Role.FINANCE);
    }

    /** {@code POST /api/v1/invoices/{id}/write-off} of {@code amount}. */
    public Answer writeOff(String invoiceId, String amount, String currency, String reason) {
        ObjectNode body = JSON.createObjectNode().put("reason", reason);
        body.set("amount", money(amount, currency));
        return post(starter + "/api/v1/invoices/" + invoiceId + "/write-off", body, null, Role.FINANCE);
    }

    /** A money body: {@code {"amount": "12.30", "currency": "EUR"}}. */
    public static ObjectNode money(String amount, String currency) {
        return JSON.createObjectNode().put("amount", amount).put("currency", currency);
    }

    /** The amount of a money value of the APIs: a decimal string, a number, or {@code {"amount", "currency"}}. */
    public static BigDecimal amount(JsonNode money) {
        JsonNode amount = money.isObject() ? money.path("amount") : money;
        return amount.isMissingNode() || amount.isNull() ? null : new BigDecimal(amount.asText());
    }

    /** An amendment body: number, effectiveFrom and reason; add rateCard, capAmount, ... to it. */
    public static ObjectNode amendment(int number, LocalDate effectiveFrom, String reason) {
        return JSON.createObjectNode().put("number", number).put("effectiveFrom", effectiveFrom.toString())
                .put("reason", reason);
    }

    /**
     * Marks the opportunity won (CRM sends {@code opportunity.won}), waits for opportunity-to-project to complete and
     * answers its created ids ({@code psaProjectId}, {@code billingPlanId}, {@code erpCustomerId}, ...).
     */
    public Map<String, String> provision(String opportunityId, Duration timeout) {
        markWon(opportunityId).expect(200);
        String workflowId = "opportunity-to-project-" + opportunityId;
        JsonNode state = awaitStatus(workflowId, Set.of("COMPLETED", "COMPENSATED", "ABORTED", "NEEDS_ATTENTION"),
                timeout);
        if (!"COMPLETED".equals(state.path("status").asText())) {
            throw new IllegalStateException(workflowId + " did not complete: " + state);
        }
        return ids(state);
    }

    /** Waits until the project's billing process answers (it starts when opportunity-to-project completes). */
    public JsonNode awaitProjectBilling(String psaProjectId, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        Answer last = null;
        while (Instant.now().isBefore(deadline)) {
            try {
                last = projectBilling(psaProjectId);
                if (last.status() == 200) {
                    return last.body();
                }
            } catch (UncheckedIOException e) {
                // ask again until the deadline
            }
            sleep(200);
        }
        throw new IllegalStateException("GET /api/v1/projects/" + psaProjectId + "/billing did not answer 200 within "
                + timeout + " (is project-billing-" + psaProjectId + " running?); last answer: " + last);
    }

    /** Polls the process until its status is one of {@code statuses}; returns its last state. */
    public JsonNode awaitStatus(String workflowId, Set<String> statuses, Duration timeout) {
        return await(workflowId, state -> statuses.contains(state.path("status").asText()), timeout,
                "status in " + statuses);
    }

    /** Polls the process until {@code condition} holds on its state. */
    public JsonNode await(String workflowId, Predicate<JsonNode> condition, Duration timeout, String what) {
        Instant deadline = Instant.now().plus(timeout);
        JsonNode last = null;
        while (Instant.now().isBefore(deadline)) {
            Answer answer;
            try {
                answer = process(workflowId);
            } catch (UncheckedIOException e) {
                sleep(200); // a slow answer is not a verdict: ask again until the deadline
                continue;
            }
            if (answer.status() == 200) {
                last = answer.body();
                if (condition.test(last)) {
                    return last;
                }
            }
            sleep(200);
        }
        throw new IllegalStateException("process " + workflowId + " did not reach " + what + " within " + timeout
                + "; last state: " + last);
    }

    // ---- snapshot helpers ----------------------------------------------------------------------------------

    /** Objects of {@code system.collection} in the snapshot whose {@code field} equals {@code value}. */
    public static java.util.List<JsonNode> objects(JsonNode snapshot, String system, String collection, String field,
            String value) {
        return StreamSupport.stream(snapshot.path(system).path(collection).spliterator(), false)
                .filter(node -> value.equals(node.path(field).asText()))
                .toList();
    }

    // ---- HTTP ------------------------------------------------------------------------------------------------

    /** A GET; on the starter's API as {@link Role#VIEWER}. */
    public Answer get(String url) {
        return get(url, starterApi(url) ? Role.VIEWER : null);
    }

    /** A GET with a token of {@code role} ({@code null}: none). */
    public Answer get(String url, Role role) {
        return send("GET", url, null, null, role);
    }

    /**
     * A POST without a token, for the sandbox; the starter's API needs a role:
     * {@link #post(String, JsonNode, String, Role)}.
     */
    public Answer post(String url, JsonNode body, String correlationId) {
        if (starterApi(url)) {
            throw new IllegalArgumentException("a POST to the starter's API needs a role: " + url);
        }
        return send("POST", url, body, correlationId, null);
    }

    /** A POST with a token of {@code role} ({@code null}: none). */
    public Answer post(String url, JsonNode body, String correlationId, Role role) {
        return send("POST", url, body, correlationId, role);
    }

    /** The starter's {@code /api/v1}, which takes tokens; its webhooks take HMAC signatures instead. */
    private boolean starterApi(String url) {
        return url.startsWith(starter + "/api/v1/") && !url.startsWith(starter + "/api/v1/webhooks");
    }

    private Answer send(String method, String url, JsonNode body, String correlationId, Role role) {
        return send(method, url, body, correlationId, role, Map.of());
    }

    private Answer send(String method, String url, JsonNode body, String correlationId, Role role,
            Map<String, String> headers) {
        Answer answer = sendOnce(method, url, body, correlationId, role, headers);
        if (answer.status() == 401 && role != null) {
            tokens.forget(role); // a token of a provider that restarted since (new key): once more with a fresh one
            answer = sendOnce(method, url, body, correlationId, role, headers);
        }
        return answer;
    }

    private Answer sendOnce(String method, String url, JsonNode body, String correlationId, Role role,
            Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json, application/problem+json")
                .header("X-Correlation-Id", correlationId != null ? correlationId : "client-" + UUID.randomUUID());
        headers.forEach(request::header);
        if (role != null) {
            request.header("Authorization", "Bearer " + tokens.token(role));
        }
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = response.body() == null || response.body().isBlank()
                    ? JSON.missingNode()
                    : JSON.readTree(response.body());
            return new Answer(response.statusCode(), json);
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + url + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    public static Map<String, String> ids(JsonNode state) {
        var ids = new java.util.TreeMap<String, String>();
        state.path("createdIds").properties().forEach(e -> ids.put(e.getKey(), e.getValue().asText()));
        return ids;
    }
}
