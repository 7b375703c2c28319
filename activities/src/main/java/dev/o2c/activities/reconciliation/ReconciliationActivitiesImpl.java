package dev.o2c.activities.reconciliation;

import dev.o2c.activities.http.Call;
import dev.o2c.activities.http.JsonFields;
import dev.o2c.activities.http.SystemClient;
import dev.o2c.activities.http.SystemClients;
import dev.o2c.workflows.common.FailureTypes;
import dev.o2c.workflows.common.ProcessStatus;
import dev.o2c.workflows.common.TaskQueues;
import dev.o2c.workflows.reconciliation.ReconciliationCheck;
import dev.o2c.workflows.reconciliation.ReconciliationRequest;
import dev.o2c.workflows.systems.CheckPage;
import dev.o2c.workflows.systems.ReconciliationActivities;
import dev.o2c.workflows.systems.ReconciliationRunStarted;
import dev.o2c.workflows.systems.ResolvedDiscrepancies;
import io.temporal.failure.ApplicationFailure;
import io.temporal.spring.boot.ActivityImpl;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * The reconciliation's page comparisons ({@link ReconciliationActivities}, queue {@code reconciliation}). Each call
 * reads one page of the list its check walks (won opportunities, approved PSA entries, invoices) and what the other systems hold for
 * exactly that page's key range, so an object whose counterpart is gone is found in the same pass; it compares them
 * with {@link ProvisioningRules}, {@link WorkRules} or {@link InvoiceRules} and writes what differs to the ledger
 * ({@link DiscrepancyLedger}). Subjects a process is at work on, or that changed within the settle window
 * ({@code o2c.reconciliation.settle}, {@code O2C_RECONCILIATION_SETTLE}, default {@code PT1H}), are skipped: their
 * difference may be in flight.
 */
@Component
@ActivityImpl(workers = TaskQueues.RECONCILIATION)
public class ReconciliationActivitiesImpl implements ReconciliationActivities {

    private static final Logger log = LoggerFactory.getLogger(ReconciliationActivitiesImpl.class);

    /** Items of the walked list per page (the sandbox's default). */
    static final int PAGE_SIZE = 500;
    /** Items per read of a matching key range (the sandbox's maximum). */
    private static final int RANGE_PAGE_SIZE = 1000;
    /** Process statuses of a process still at work (the deal's provisioning, the billing run that issued an invoice). */
    private static final Set<String> OPEN = Set.of("RUNNING", "NEEDS_ATTENTION", "COMPENSATING");
    /** Process statuses of a parked invoice-to-cash (running is its normal state while anything is owed). */
    private static final Set<String> PARKED = Set.of("NEEDS_ATTENTION", "COMPENSATING");

    private final SystemClient crm;
    private final SystemClient psa;
    private final SystemClient erp;
    private final SystemClient invoicing;
    private final JdbcTemplate jdbc;
    private final DiscrepancyLedger ledger;
    private final RunLedger runs;
    private final Duration settle;
    private final int pageSize;

    /** @param settle an ISO-8601 duration ({@code PT1H}); a malformed one stops the worker from starting */
    @Autowired
    public ReconciliationActivitiesImpl(SystemClients clients, DataSource ledger,
            @Value("${o2c.reconciliation.settle:PT1H}") String settle) {
        this(clients, ledger, Duration.parse(settle), PAGE_SIZE);
    }

    /** @param pageSize invoices per page (tests walk with small pages) */
    public ReconciliationActivitiesImpl(SystemClients clients, DataSource ledger, Duration settle, int pageSize) {
        this.crm = clients.crm();
        this.psa = clients.psa();
        this.erp = clients.erp();
        this.invoicing = clients.invoicing();
        this.jdbc = new JdbcTemplate(ledger);
        this.ledger = new DiscrepancyLedger(ledger);
        this.runs = new RunLedger(ledger);
        this.settle = settle;
        this.pageSize = pageSize;
    }

    @Override
    public CheckPage checkProvisioning(String runId, String after) {
        Walked deals = walk(crm, "/opportunities?stage=WON&limit={limit}", after);
        Map<String, List<JsonNode>> psaProjects = group(range(psa, "/projects", "externalRef", after, deals.through()),
                "externalRef");
        Map<String, List<JsonNode>> erpProjects = group(range(erp, "/projects", "externalRef", after, deals.through()),
                "externalRef");
        Map<String, List<JsonNode>> plans = group(range(invoicing, "/billing-plans", "externalRef", after,
                deals.through()), "externalRef");
        List<Subject> subjects = new ArrayList<>();
        for (JsonNode deal : deals.items()) {
            String id = JsonFields.text(deal, "id");
            List<JsonNode> objects = new ArrayList<>(List.of(deal));
            objects.addAll(psaProjects.getOrDefault(id, List.of()));
            objects.addAll(erpProjects.getOrDefault(id, List.of()));
            objects.addAll(plans.getOrDefault(id, List.of()));
            subjects.add(new Subject(id, Map.of("opportunity-to-project-" + id, OPEN), objects));
        }
        Set<String> skipped = skipped(subjects);
        Map<String, List<Found>> found = new LinkedHashMap<>();
        for (JsonNode deal : deals.items()) {
            String id = JsonFields.text(deal, "id");
            if (!skipped.contains(id)) {
                found.put(id, ProvisioningRules.compare(deal, new ProvisioningRules.Provisioned(
                        psaProjects.getOrDefault(id, List.of()), erpProjects.getOrDefault(id, List.of()),
                        plans.getOrDefault(id, List.of()))));
            }
        }
        return record(runId, ReconciliationCheck.PROVISIONING, after, deals.next(), found, skipped);
    }

    @Override
    public CheckPage checkWork(String runId, String after) {
        Walked entries = walk(psa, "/entries?status=APPROVED&limit={limit}", after);
        Map<String, List<JsonNode>> lineRefs = group(range(invoicing, "/invoice-line-refs", "ref", after,
                entries.through()), "ref");
        Set<String> projects = new HashSet<>();
        entries.items().forEach(e -> projects.add(JsonFields.text(e, "projectId")));
        Map<String, JsonNode> plans = new HashMap<>();
        for (String project : projects) {
            JsonNode list = invoicing.send(Call.get("/billing-plans?projectRef={p}", project).objectRef(project)).body();
            for (JsonNode plan : list) {
                if ("ACTIVE".equals(JsonFields.text(plan, "status"))) {
                    plans.put(project, plan);
                }
            }
        }
        Set<String> billing = projectsBeingBilled(projects);
        List<Subject> subjects = entries.items().stream()
                .map(e -> new Subject(JsonFields.text(e, "id"), Map.of(), List.of(e))).toList();
        Set<String> skipped = skipped(subjects);
        entries.items().stream().filter(e -> billing.contains(JsonFields.text(e, "projectId")))
                .forEach(e -> skipped.add(JsonFields.text(e, "id")));
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        Map<String, List<Found>> found = new LinkedHashMap<>();
        for (JsonNode entry : entries.items()) {
            String id = JsonFields.text(entry, "id");
            if (!skipped.contains(id)) {
                found.put(id, WorkRules.compare(entry, lineRefs.getOrDefault(id, List.of()),
                        plans.get(JsonFields.text(entry, "projectId")), today));
            }
        }
        return record(runId, ReconciliationCheck.WORK, after, entries.next(), found, skipped);
    }

    /** The projects with a billing run still open ({@code project-billing-{id}-run-{n}}): their entries are its business. */
    private Set<String> projectsBeingBilled(Set<String> projects) {
        Set<String> busy = new HashSet<>();
        if (projects.isEmpty()) {
            return busy;
        }
        List<String> prefixes = projects.stream().map(p -> "project-billing-" + p + "-run-").toList();
        List<String> open = jdbc.query(connection -> {
            PreparedStatement ps = connection.prepareStatement("""
                    select workflow_id from process
                     where process_type = 'billing-run' and status = any(?) and workflow_id like any(?)
                    """);
            ps.setArray(1, connection.createArrayOf("text", OPEN.toArray()));
            ps.setArray(2, connection.createArrayOf("text", prefixes.stream().map(p -> p + "%").toArray()));
            return ps;
        }, (rs, n) -> rs.getString(1));
        for (String project : projects) {
            if (open.stream().anyMatch(w -> w.startsWith("project-billing-" + project + "-run-"))) {
                busy.add(project);
            }
        }
        return busy;
    }

    @Override
    public CheckPage checkReceivables(String runId, String after) {
        Slice slice = invoiceSlice(after, false);
        Map<String, List<Found>> found = new LinkedHashMap<>();
        for (JsonNode invoice : slice.invoices().items()) {
            String id = JsonFields.text(invoice, "id");
            if (!slice.skipped().contains(id)) {
                found.put(id, InvoiceRules.receivables(invoice, slice.receivables(id)));
            }
        }
        for (Map.Entry<String, List<JsonNode>> group : slice.receivablesByRef().entrySet()) {
            String ref = group.getKey();
            if (!slice.invoiceIds().contains(ref) && !slice.skipped().contains(ref)) {
                found.put(ref, InvoiceRules.live(group.getValue()).stream()
                        .map(r -> InvoiceRules.orphan(r, "invoice " + ref + ", which does not exist")).toList());
            }
        }
        return record(runId, ReconciliationCheck.RECEIVABLES, after, slice.invoices().next(), found, slice.skipped());
    }

    @Override
    public CheckPage checkPayments(String runId, String after) {
        Slice slice = invoiceSlice(after, true);
        Map<String, List<Found>> found = new LinkedHashMap<>();
        for (JsonNode invoice : slice.invoices().items()) {
            String id = JsonFields.text(invoice, "id");
            List<JsonNode> live = InvoiceRules.live(slice.receivables(id));
            // without exactly one receivable it is the receivables check's finding: one cause, one exception
            if (!slice.skipped().contains(id) && !"DRAFT".equals(JsonFields.text(invoice, "status"))
                    && live.size() == 1) {
                found.put(id, InvoiceRules.payments(invoice, live.getFirst(), slice.payments(id), settle));
            }
        }
        return record(runId, ReconciliationCheck.PAYMENTS, after, slice.invoices().next(), found, slice.skipped());
    }

    @Override
    public void runStarted(ReconciliationRunStarted run) {
        if (!ReconciliationRequest.SCHEDULE.equals(run.trigger()) && !ReconciliationRequest.ON_DEMAND.equals(run.trigger())) {
            throw ApplicationFailure.newNonRetryableFailure("unknown reconciliation trigger: " + run.trigger(),
                    FailureTypes.VALIDATION);
        }
        run.checks().forEach(ReconciliationCheck::fromCode);
        if (runs.started(run)) {
            log.info("reconciliation {}: started ({}, checks {})", run.runId(), run.trigger(), run.checks());
        }
    }

    @Override
    public void runFinished(String runId, ProcessStatus status, Map<String, Integer> closed, String failure) {
        if (status != ProcessStatus.COMPLETED && status != ProcessStatus.FAILED) {
            throw ApplicationFailure.newNonRetryableFailure("a reconciliation ends COMPLETED or FAILED, not " + status,
                    FailureTypes.VALIDATION);
        }
        if (runs.finished(runId, status.name(), closed, failure)) {
            log.info("reconciliation {}: {} (closed {}){}", runId, status, closed,
                    failure == null ? "" : ": " + failure);
        } else {
            // a run started before its row was recorded: nothing to end, and nothing a retry would change
            log.warn("reconciliation {}: no ledger row to record its end ({}) in", runId, status);
        }
    }

    @Override
    public ResolvedDiscrepancies closeResolved(String runId, List<String> checks) {
        checks.forEach(ReconciliationCheck::fromCode);
        Map<String, Integer> closed = ledger.closeNotSeen(runId, checks);
        log.info("reconciliation {}: closed {} discrepancies no longer found by {}", runId, closed, checks);
        return new ResolvedDiscrepancies(runId, closed);
    }

    // ------------------------------------------------------------------------------------------------ one page

    /**
     * Writes one page to the ledger and answers its summary.
     *
     * @param found what each compared subject showed (an empty list: compared, in step)
     * @param skipped the subjects left alone
     */
    private CheckPage record(String runId, ReconciliationCheck check, String after, String next,
            Map<String, List<Found>> found, Set<String> skipped) {
        List<Found> all = found.values().stream().flatMap(List::stream).toList();
        Map<String, Integer> byKind = new TreeMap<>();
        all.forEach(f -> byKind.merge(f.kind().name(), 1, Integer::sum));
        CheckPage page = new CheckPage(check.code(), found.size(), skipped.size(), byKind, next);
        ledger.recordPage(runId, after, page, all, skipped);
        log.info("reconciliation {}: {} page after {}: {} checked, {} skipped, found {}", runId, check.code(), after,
                page.checked(), page.skipped(), byKind);
        return page;
    }

    /** One page of the list a check walks, and the key range {@code (after, through]} it covers (through null: last). */
    private record Walked(List<JsonNode> items, String next, String through) {}

    /** {@code pathAndQuery} with a {@code {limit}} variable; {@code after} is appended when there is one. */
    private Walked walk(SystemClient client, String pathAndQuery, String after) {
        Call call = after == null ? Call.get(pathAndQuery, pageSize)
                : Call.get(pathAndQuery + "&after={after}", pageSize, after);
        JsonNode body = client.send(call.objectRef(pathAndQuery.substring(1, pathAndQuery.indexOf('?')))).body();
        List<JsonNode> items = new ArrayList<>();
        body.path("items").forEach(items::add);
        String next = JsonFields.text(body, "nextCursor");
        return new Walked(items, next, next == null ? null : JsonFields.text(items.getLast(), "id"));
    }

    /** One page of invoices with the ERP receivables (and the platform's payments) of its key range. */
    private record Slice(Walked invoices, Set<String> invoiceIds, Map<String, List<JsonNode>> receivablesByRef,
            Map<String, List<JsonNode>> paymentsByInvoice, Set<String> skipped) {

        List<JsonNode> receivables(String invoiceId) {
            return receivablesByRef.getOrDefault(invoiceId, List.of());
        }

        List<JsonNode> payments(String invoiceId) {
            return paymentsByInvoice.getOrDefault(invoiceId, List.of());
        }
    }

    /**
     * Invoices are left alone while the billing run that issued them (their {@code externalRef}) is open or their
     * invoice-to-cash is parked; a receivable group without an invoice only while it settles.
     */
    private Slice invoiceSlice(String after, boolean withPayments) {
        Walked invoices = walk(invoicing, "/invoices?limit={limit}", after);
        Map<String, List<JsonNode>> receivables = group(range(erp, "/receivables", "invoiceRef", after,
                invoices.through()), "invoiceRef");
        Map<String, List<JsonNode>> payments = withPayments
                ? group(range(invoicing, "/payments", "invoiceId", after, invoices.through()), "invoiceId") : Map.of();
        Set<String> invoiceIds = new HashSet<>();
        List<Subject> subjects = new ArrayList<>();
        for (JsonNode invoice : invoices.items()) {
            String id = JsonFields.text(invoice, "id");
            invoiceIds.add(id);
            Map<String, Set<String>> processes = new HashMap<>();
            processes.put("invoice-to-cash-" + id, PARKED);
            String run = JsonFields.text(invoice, "externalRef");
            if (run != null) {
                processes.put(run, OPEN);
            }
            List<JsonNode> objects = new ArrayList<>(List.of(invoice));
            objects.addAll(receivables.getOrDefault(id, List.of()));
            subjects.add(new Subject(id, processes, objects));
        }
        receivables.forEach((ref, group) -> {
            if (!invoiceIds.contains(ref)) {
                subjects.add(new Subject(ref, Map.of(), group));
            }
        });
        return new Slice(invoices, invoiceIds, receivables, payments, skipped(subjects));
    }

    /**
     * A subject of a page: the processes whose state leaves it to them (workflow id → the statuses that do) and the
     * objects in any system whose change within the settle window does.
     */
    private record Subject(String id, Map<String, Set<String>> processes, List<JsonNode> objects) {}

    /** The subjects a process is at work on, or that changed within the settle window; one ledger query per page. */
    private Set<String> skipped(List<Subject> subjects) {
        List<String> workflowIds = subjects.stream().flatMap(s -> s.processes().keySet().stream()).toList();
        Map<String, String> status = processStatuses(workflowIds);
        Instant settledBefore = Instant.now().minus(settle);
        Set<String> skipped = new HashSet<>();
        for (Subject subject : subjects) {
            boolean atWork = subject.processes().entrySet().stream().anyMatch(
                    p -> status.containsKey(p.getKey()) && p.getValue().contains(status.get(p.getKey())));
            boolean settling = subject.objects().stream().map(o -> JsonFields.text(o, "updatedAt"))
                    .anyMatch(at -> at != null && Instant.parse(at).isAfter(settledBefore));
            if (atWork || settling) {
                skipped.add(subject.id());
            }
        }
        return skipped;
    }

    /** Status of each of these workflows in the ledger's process projection (absent: never recorded). */
    private Map<String, String> processStatuses(List<String> workflowIds) {
        Map<String, String> status = new HashMap<>();
        if (workflowIds.isEmpty()) {
            return status;
        }
        jdbc.query(connection -> {
            PreparedStatement ps = connection.prepareStatement(
                    "select workflow_id, status from process where workflow_id = any(?)");
            ps.setArray(1, connection.createArrayOf("text", workflowIds.toArray()));
            return ps;
        }, rs -> {
            status.put(rs.getString("workflow_id"), rs.getString("status"));
        });
        return status;
    }

    /** Every item of {@code path} whose {@code key} lies in {@code (after, through]} (null: unbounded), cursor by cursor. */
    private static List<JsonNode> range(SystemClient client, String path, String key, String after, String through) {
        List<JsonNode> items = new ArrayList<>();
        String cursor = null;
        do {
            StringBuilder template = new StringBuilder(path).append("?limit=").append(RANGE_PAGE_SIZE);
            List<Object> values = new ArrayList<>();
            if (after != null) {
                template.append('&').append(key).append("After={after}");
                values.add(after);
            }
            if (through != null) {
                template.append('&').append(key).append("Through={through}");
                values.add(through);
            }
            if (cursor != null) {
                template.append("&cursor={cursor}");
                values.add(cursor);
            }
            JsonNode body = client.send(Call.get(template.toString(), values.toArray()).objectRef(path.substring(1)))
                    .body();
            body.path("items").forEach(items::add);
            cursor = JsonFields.text(body, "nextCursor");
        } while (cursor != null);
        return items;
    }

    private static Map<String, List<JsonNode>> group(List<JsonNode> items, String field) {
        Map<String, List<JsonNode>> groups = new LinkedHashMap<>();
        items.forEach(item -> groups.computeIfAbsent(JsonFields.text(item, field), k -> new ArrayList<>()).add(item));
        return groups;
    }
}
