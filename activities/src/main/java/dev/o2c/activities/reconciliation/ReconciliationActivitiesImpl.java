package dev.o2c.activities.reconciliation;

import dev.o2c.activities.http.Call;
import dev.o2c.activities.http.JsonFields;
import dev.o2c.activities.http.SystemClient;
import dev.o2c.activities.http.SystemClients;
import dev.o2c.workflows.common.TaskQueues;
import dev.o2c.workflows.reconciliation.ReconciliationCheck;
import dev.o2c.workflows.systems.CheckPage;
import dev.o2c.workflows.systems.ReconciliationActivities;
import dev.o2c.workflows.systems.ResolvedDiscrepancies;
import io.temporal.spring.boot.ActivityImpl;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;
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
 * reads one page of invoices and the ERP receivables (and, for payments, the platform's payments) of exactly that
 * page's key range, so a receivable whose invoice is gone is found in the same pass; it compares them with
 * {@link InvoiceRules} and writes what differs to the ledger ({@link DiscrepancyLedger}). Objects that a process is
 * at work on, or that changed within the settle window ({@code o2c.reconciliation.settle},
 * {@code O2C_RECONCILIATION_SETTLE}, default {@code PT1H}), are skipped: their difference may be in flight.
 */
@Component
@ActivityImpl(workers = TaskQueues.RECONCILIATION)
public class ReconciliationActivitiesImpl implements ReconciliationActivities {

    private static final Logger log = LoggerFactory.getLogger(ReconciliationActivitiesImpl.class);

    /** Invoices per page (the sandbox's default). */
    static final int PAGE_SIZE = 500;
    /** Items per read of a matching key range (the sandbox's maximum). */
    private static final int RANGE_PAGE_SIZE = 1000;
    /** Process statuses of a run still at work (a billing run that issued the invoice). */
    private static final Set<String> OPEN = Set.of("RUNNING", "NEEDS_ATTENTION", "COMPENSATING");
    /** Process statuses of a parked invoice-to-cash (running is its normal state while anything is owed). */
    private static final Set<String> PARKED = Set.of("NEEDS_ATTENTION", "COMPENSATING");

    private final SystemClient erp;
    private final SystemClient invoicing;
    private final JdbcTemplate jdbc;
    private final DiscrepancyLedger ledger;
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
        this.erp = clients.erp();
        this.invoicing = clients.invoicing();
        this.jdbc = new JdbcTemplate(ledger);
        this.ledger = new DiscrepancyLedger(ledger);
        this.settle = settle;
        this.pageSize = pageSize;
    }

    @Override
    public CheckPage checkReceivables(String runId, String after) {
        return check(runId, ReconciliationCheck.RECEIVABLES, after, false, (slice, found) -> {
            for (JsonNode invoice : slice.invoices()) {
                String id = JsonFields.text(invoice, "id");
                if (slice.checked(id)) {
                    found.accept(id, InvoiceRules.receivables(invoice, slice.receivables(id)));
                }
            }
            for (Map.Entry<String, List<JsonNode>> group : slice.receivablesByRef().entrySet()) {
                if (!slice.invoiceIds().contains(group.getKey()) && slice.checked(group.getKey())) {
                    found.accept(group.getKey(), InvoiceRules.live(group.getValue()).stream()
                            .map(r -> InvoiceRules.orphan(r, "invoice " + group.getKey() + ", which does not exist"))
                            .toList());
                }
            }
        });
    }

    @Override
    public CheckPage checkPayments(String runId, String after) {
        return check(runId, ReconciliationCheck.PAYMENTS, after, true, (slice, found) -> {
            for (JsonNode invoice : slice.invoices()) {
                String id = JsonFields.text(invoice, "id");
                List<JsonNode> live = InvoiceRules.live(slice.receivables(id));
                // without exactly one receivable it is the receivables check's finding: one cause, one exception
                if (slice.checked(id) && !"DRAFT".equals(JsonFields.text(invoice, "status")) && live.size() == 1) {
                    found.accept(id, InvoiceRules.payments(invoice, live.getFirst(), slice.payments(id), settle));
                }
            }
        });
    }

    @Override
    public ResolvedDiscrepancies closeResolved(String runId, List<String> checks) {
        checks.forEach(ReconciliationCheck::fromCode);
        Map<String, Integer> closed = ledger.closeNotSeen(runId, checks);
        log.info("reconciliation {}: closed {} discrepancies no longer found by {}", runId, closed, checks);
        return new ResolvedDiscrepancies(runId, closed);
    }

    // ------------------------------------------------------------------------------------------------ one page

    /** Compares one slice; reports found discrepancies per subject (an object the check walked). */
    private interface Comparison {
        void compare(Slice slice, BiConsumer<String, List<Found>> found);
    }

    private CheckPage check(String runId, ReconciliationCheck check, String after, boolean withPayments,
            Comparison comparison) {
        long start = System.nanoTime();
        Slice slice = read(after, withPayments);
        List<Found> found = new ArrayList<>();
        Set<String> compared = new HashSet<>();
        comparison.compare(slice, (subject, list) -> {
            compared.add(subject);
            found.addAll(list);
        });
        int checked = (int) compared.stream().filter(slice.invoiceIds()::contains).count();
        Map<String, Integer> byKind = new TreeMap<>();
        found.forEach(f -> byKind.merge(f.kind().name(), 1, Integer::sum));
        CheckPage page = new CheckPage(check.code(), checked, slice.skipped().size(), byKind, slice.next());
        ledger.recordPage(runId, after, page, found, slice.skipped());
        log.info("reconciliation {}: {} page after {}: {} checked, {} skipped, found {} in {} ms", runId, check.code(),
                after, checked, slice.skipped().size(), byKind, (System.nanoTime() - start) / 1_000_000);
        return page;
    }

    /**
     * One page of invoices and what the other systems hold for its key range {@code (after, last id]} (no upper bound
     * on the last page, so receivables past the last invoice are seen too), with the subjects to skip.
     */
    private record Slice(List<JsonNode> invoices, Set<String> invoiceIds, Map<String, List<JsonNode>> receivablesByRef,
            Map<String, List<JsonNode>> paymentsByInvoice, Set<String> skipped, String next) {

        List<JsonNode> receivables(String invoiceId) {
            return receivablesByRef.getOrDefault(invoiceId, List.of());
        }

        List<JsonNode> payments(String invoiceId) {
            return paymentsByInvoice.getOrDefault(invoiceId, List.of());
        }

        boolean checked(String subject) {
            return !skipped.contains(subject);
        }
    }

    private Slice read(String after, boolean withPayments) {
        JsonNode body = invoicing.send(after == null
                ? Call.get("/invoices?limit={limit}", pageSize).objectRef("invoices")
                : Call.get("/invoices?limit={limit}&after={after}", pageSize, after).objectRef("invoices")).body();
        List<JsonNode> invoices = new ArrayList<>();
        body.path("items").forEach(invoices::add);
        String next = JsonFields.text(body, "nextCursor");
        String through = next == null ? null : JsonFields.text(invoices.getLast(), "id");
        Set<String> invoiceIds = new HashSet<>();
        invoices.forEach(i -> invoiceIds.add(JsonFields.text(i, "id")));
        Map<String, List<JsonNode>> receivables = group(range(erp, "/receivables", "invoiceRef", after, through),
                "invoiceRef");
        Map<String, List<JsonNode>> payments = withPayments
                ? group(range(invoicing, "/payments", "invoiceId", after, through), "invoiceId") : Map.of();
        return new Slice(invoices, invoiceIds, receivables, payments, skipped(invoices, receivables), next);
    }

    /**
     * Subjects left alone: an invoice whose issuing billing run is still open or whose invoice-to-cash is parked (the
     * process's business), or any invoice or receivable group changed within the settle window.
     */
    private Set<String> skipped(List<JsonNode> invoices, Map<String, List<JsonNode>> receivables) {
        Map<String, String> runOf = new HashMap<>();
        for (JsonNode invoice : invoices) {
            String run = JsonFields.text(invoice, "externalRef");
            if (run != null) {
                runOf.put(JsonFields.text(invoice, "id"), run);
            }
        }
        List<String> workflowIds = new ArrayList<>(runOf.values());
        invoices.forEach(i -> workflowIds.add(cashProcess(JsonFields.text(i, "id"))));
        Map<String, String> status = processStatuses(workflowIds);

        Instant settledBefore = Instant.now().minus(settle);
        Set<String> skipped = new HashSet<>();
        for (JsonNode invoice : invoices) {
            String id = JsonFields.text(invoice, "id");
            String run = runOf.get(id);
            boolean runOpen = run != null && status.containsKey(run) && OPEN.contains(status.get(run));
            String cash = status.get(cashProcess(id));
            boolean cashParked = cash != null && PARKED.contains(cash);
            if (runOpen || cashParked || recent(invoice, settledBefore)) {
                skipped.add(id);
            }
        }
        receivables.forEach((ref, group) -> {
            if (group.stream().anyMatch(r -> recent(r, settledBefore))) {
                skipped.add(ref);
            }
        });
        return skipped;
    }

    private static String cashProcess(String invoiceId) {
        return "invoice-to-cash-" + invoiceId;
    }

    private static boolean recent(JsonNode object, Instant settledBefore) {
        return InvoiceRules.instant(object, "updatedAt").isAfter(settledBefore);
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
