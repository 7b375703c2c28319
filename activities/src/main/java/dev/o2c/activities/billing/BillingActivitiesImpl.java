package dev.o2c.activities.billing;

import dev.o2c.activities.http.Call;
import dev.o2c.activities.http.CallContext;
import dev.o2c.activities.http.ExternalRefs;
import dev.o2c.activities.http.JsonFields;
import dev.o2c.activities.http.Reply;
import dev.o2c.activities.http.SystemClient;
import dev.o2c.activities.http.SystemClients;
import dev.o2c.workflows.common.FailureTypes;
import dev.o2c.workflows.common.TaskQueues;
import dev.o2c.workflows.model.BillingModel;
import dev.o2c.workflows.model.Contract;
import dev.o2c.workflows.model.Milestone;
import dev.o2c.workflows.model.Money;
import dev.o2c.workflows.systems.Ack;
import dev.o2c.workflows.systems.BillingActivities;
import dev.o2c.workflows.systems.CollectRequest;
import dev.o2c.workflows.systems.Collected;
import dev.o2c.workflows.systems.Converted;
import dev.o2c.workflows.systems.Created;
import dev.o2c.workflows.systems.InvoiceHeader;
import dev.o2c.workflows.systems.PriceRequest;
import dev.o2c.workflows.systems.RunTotals;
import dev.o2c.workflows.systems.UnbilledPreview;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationFailure;
import io.temporal.spring.boot.ActivityImpl;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.IntPredicate;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The billing run's row mover ({@link BillingActivities}, queue {@code billing}): PSA pages into the ledger's
 * {@code billing_run_row}, set-based rating, conversion, grouping and pricing there into {@code billing_run_line},
 * then the invoice from the lines and the PSA's billing marks. See {@code V4__billing_runs.sql} for the tables.
 *
 * <p>Failures are the connectors' ({@link dev.o2c.activities.http.FailureClassifier}): an unknown PSA project is a
 * non-retryable {@link FailureTypes#NOT_FOUND}, a billing mark refused because an entry is billed to another invoice
 * a non-retryable {@link FailureTypes#CONFLICT}; a run without priced lines cannot become an invoice
 * ({@link FailureTypes#VALIDATION}).
 */
@Component
@ActivityImpl(workers = TaskQueues.BILLING)
public class BillingActivitiesImpl implements BillingActivities {

    private static final Logger log = LoggerFactory.getLogger(BillingActivitiesImpl.class);

    /** PSA page size (the API's maximum). */
    static final int PAGE_SIZE = 1000;
    /** The invoicing platform's limit of source refs on one line; a bigger group becomes several lines. */
    static final int MAX_REFS_PER_LINE = 100_000;
    /** Ids per {@code POST /billing-marks}, each chunk under its own idempotency key. */
    static final int MARK_CHUNK = 20_000;
    /** Kinds the cap may hold back (they stay unbilled and come again in a later run); instalments are never held. */
    private static final String HOLDABLE = "('TIME', 'EXPENSE', 'MILESTONE')";
    private static final Set<String> VOID = Set.of("VOID");
    /** Stores a page while the next is read. */
    private static final ExecutorService STORE = Executors.newVirtualThreadPerTaskExecutor();

    private final SystemClient psa;
    private final SystemClient erp;
    private final SystemClient invoicing;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final int maxRefsPerLine;

    @Autowired
    public BillingActivitiesImpl(SystemClients clients, DataSource ledger) {
        this(clients, ledger, MAX_REFS_PER_LINE);
    }

    /** @param maxRefsPerLine source refs per invoice line before a group is split (tests use a small one) */
    public BillingActivitiesImpl(SystemClients clients, DataSource ledger, int maxRefsPerLine) {
        this.psa = clients.psa();
        this.erp = clients.erp();
        this.invoicing = clients.invoicing();
        this.jdbc = new JdbcTemplate(ledger);
        this.tx = new TransactionTemplate(new JdbcTransactionManager(ledger));
        this.maxRefsPerLine = maxRefsPerLine;
    }

    // ------------------------------------------------------------------------------------------------ collect

    /** Where collect got to (the heartbeat detail): a retry of the same activity resumes after {@code cursor}. */
    public record Progress(String phase, String cursor) {}

    @Override
    public Collected collect(CollectRequest request) {
        String runId = request.runId();
        Contract contract = request.contract();
        String currency = contract.currency();
        Progress resume = heartbeatDetails().orElse(null);
        if (resume == null) {
            jdbc.update("delete from billing_run_row where run_id = ?", runId);
        } else {
            log.info("billing run {}: collect resumes at {} after cursor {}", runId, resume.phase(), resume.cursor());
        }
        long start = System.nanoTime();
        boolean timeToo = !request.milestonesOnly() && contract.billingModel() == BillingModel.TIME_AND_MATERIALS;
        if (timeToo && (resume == null || resume.phase().equals("TIME"))) {
            page("time-entries", request.psaProjectId(), request.through(), resume == null ? null : resume.cursor(),
                    "TIME", true, items -> insert(runId, items.stream().map(item -> timeRow(item, contract)).toList()));
            resume = null;
        }
        if (!request.milestonesOnly() && (resume == null || resume.phase().equals("EXPENSE"))) {
            page("expenses", request.psaProjectId(), request.through(), resume == null ? null : resume.cursor(),
                    "EXPENSE", true,
                    items -> insert(runId, items.stream().map(item -> expenseRow(item, currency)).toList()));
        }
        insert(runId, milestoneRows(request));
        if (!request.milestonesOnly()) {
            insert(runId, instalmentRows(contract, request.periodStart(), request.through()));
        }
        Collected collected = jdbc.queryForObject("""
                select count(*) filter (where kind = 'TIME') as time_entries,
                       count(*) filter (where kind = 'EXPENSE') as expenses,
                       count(*) filter (where kind = 'MILESTONE') as milestones,
                       count(*) filter (where kind in ('FEE', 'RETAINER')) as fee_lines,
                       count(*) filter (where kind = 'TIME' and amount is null) as unrated,
                       count(*) filter (where original_currency is not null and original_currency <> ?) as foreign_rows
                  from billing_run_row where run_id = ?
                """, (rs, n) -> new Collected(rs.getInt("time_entries"), rs.getInt("expenses"), rs.getInt("milestones"),
                rs.getInt("fee_lines"), rs.getInt("unrated"), null, rs.getInt("foreign_rows")), currency, runId);
        String unratedExample = collected.unrated() == 0 ? null : jdbc.queryForObject("""
                select 'role ' || role || ' on ' || to_char(entry_date, 'YYYY-MM-DD') || ' (' || source_id || ')'
                  from billing_run_row where run_id = ? and kind = 'TIME' and amount is null
                 order by entry_date, source_id limit 1
                """, String.class, runId);
        collected = new Collected(collected.timeEntries(), collected.expenses(), collected.milestones(),
                collected.feeLines(), collected.unrated(), unratedExample, collected.foreignExpenses());
        log.info("billing run {}: collected {} in {} ms", runId, collected, (System.nanoTime() - start) / 1_000_000);
        return collected;
    }

    /**
     * Pages {@code GET /projects/{id}/<list>?status=APPROVED&billed=false&to=<through>&limit=1000} from
     * {@code cursor} (null: the first page) and hands each page to {@code sink}. With {@code overlap} the sink (a
     * ledger insert, which needs no activity context) stores one page on a virtual thread while the next is read, and
     * the cursor after each stored page is the heartbeat; without, the sink runs on the activity thread (it may call
     * a system itself).
     */
    private void page(String list, String projectId, LocalDate through, String cursor, String phase, boolean overlap,
            Consumer<List<JsonNode>> sink) {
        String base = "/projects/{id}/" + list + "?status=APPROVED&billed=false&to={to}&limit=" + PAGE_SIZE;
        CompletableFuture<Void> storing = null;
        Progress stored = null;
        do {
            Call call = cursor == null ? Call.get(base, projectId, through)
                    : Call.get(base + "&cursor={cursor}", projectId, through, cursor);
            JsonNode body = psa.send(call.objectRef(projectId)).body();
            List<JsonNode> items = new ArrayList<>(body.path("items").size());
            body.path("items").forEach(items::add);
            cursor = JsonFields.text(body, "nextCursor");
            if (overlap) {
                if (storing != null) {
                    join(storing);
                    heartbeat(stored);
                }
                storing = CompletableFuture.runAsync(() -> sink.accept(items), STORE);
                stored = new Progress(phase, cursor);
            } else {
                sink.accept(items);
                heartbeat(new Progress(phase, cursor));
            }
        } while (cursor != null);
        if (storing != null) {
            join(storing);
            heartbeat(stored);
        }
    }

    private static void join(CompletableFuture<Void> future) {
        try {
            future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
    }

    /** A TIME row rated at the contract's rate in force on its date for its role; no rate: unrated (amount null). */
    private static RunRow timeRow(JsonNode item, Contract contract) {
        String role = JsonFields.text(item, "role");
        LocalDate date = LocalDate.parse(JsonFields.text(item, "date"));
        BigDecimal hours = new BigDecimal(JsonFields.text(item, "hours"));
        Optional<Money> rate = contract.rateCard() == null || role == null ? Optional.empty()
                : contract.rateCard().rateFor(role, date);
        BigDecimal unitPrice = rate.map(Money::amount).orElse(null);
        BigDecimal amount = unitPrice == null ? null : hours.multiply(unitPrice).setScale(2, RoundingMode.HALF_UP);
        String key = "TIME|" + role + "|" + YearMonth.from(date) + "|"
                + (unitPrice == null ? "unrated" : unitPrice.toPlainString());
        return new RunRow("TIME", JsonFields.text(item, "id"), date, role, null, null, hours, unitPrice, amount,
                contract.currency(), null, null, key);
    }

    /** An EXPENSE row at cost; in another currency than {@code currency} its amount waits for the conversion. */
    private static RunRow expenseRow(JsonNode item, String currency) {
        LocalDate date = LocalDate.parse(JsonFields.text(item, "date"));
        String category = JsonFields.text(item, "category");
        BigDecimal original = new BigDecimal(JsonFields.text(item, "amount"));
        String originalCurrency = JsonFields.text(item, "currency");
        boolean same = currency.equals(originalCurrency);
        return new RunRow("EXPENSE", JsonFields.text(item, "id"), date, null, category, null, BigDecimal.ONE, null,
                same ? original : null, same ? currency : originalCurrency, original, originalCurrency,
                "EXPENSE|" + category + "|" + YearMonth.from(date));
    }

    /** Completed PSA milestones not billed yet, at the contract milestone's amount of that name (else the PSA's). */
    private List<RunRow> milestoneRows(CollectRequest request) {
        String currency = request.contract().currency();
        Map<String, Money> contractAmounts = new HashMap<>();
        for (Milestone milestone : request.contract().milestones()) {
            contractAmounts.putIfAbsent(milestone.name(), milestone.amount());
        }
        JsonNode list = psa.send(Call.get("/projects/{id}/milestones", request.psaProjectId())
                .objectRef(request.psaProjectId())).body();
        List<RunRow> rows = new ArrayList<>();
        for (JsonNode item : list) {
            String id = JsonFields.text(item, "id");
            if (!"COMPLETED".equals(JsonFields.text(item, "status")) || request.billedMilestoneIds().contains(id)) {
                continue;
            }
            String name = JsonFields.text(item, "name");
            String completedAt = JsonFields.text(item, "completedAt");
            LocalDate date = completedAt != null ? Instant.parse(completedAt).atZone(ZoneOffset.UTC).toLocalDate()
                    : LocalDate.parse(JsonFields.text(item, "dueDate"));
            Money agreed = contractAmounts.get(name);
            BigDecimal original = agreed != null ? agreed.amount() : new BigDecimal(JsonFields.text(item, "amount"));
            String originalCurrency = agreed != null ? currency
                    : Optional.ofNullable(JsonFields.text(item, "currency")).orElse(currency);
            boolean same = currency.equals(originalCurrency);
            rows.add(new RunRow("MILESTONE", id, date, null, null, name, BigDecimal.ONE, null, same ? original : null,
                    same ? currency : originalCurrency, same ? null : original, same ? null : originalCurrency,
                    "MILESTONE|" + id));
        }
        return rows;
    }

    /**
     * FIXED_FEE: the value in equal instalments over the contract's months (the last takes the remainder); RETAINER:
     * the monthly amount. Each instalment is due on its month's last day (the contract's end in the last month) and
     * belongs to the run when that day lies in {@code [periodStart, through]}.
     */
    static List<RunRow> instalmentRows(Contract contract, LocalDate periodStart, LocalDate through) {
        String kind;
        String prefix;
        if (contract.billingModel() == BillingModel.FIXED_FEE) {
            kind = "FEE";
            prefix = "FEE-";
        } else if (contract.billingModel() == BillingModel.RETAINER) {
            kind = "RETAINER";
            prefix = "RETAINER-";
        } else {
            return List.of();
        }
        YearMonth first = YearMonth.from(contract.startDate());
        YearMonth last = YearMonth.from(contract.endDate());
        int months = (int) (first.until(last, java.time.temporal.ChronoUnit.MONTHS) + 1);
        String currency = contract.currency();
        int digits = java.util.Currency.getInstance(currency).getDefaultFractionDigits();
        BigDecimal each;
        BigDecimal lastAmount;
        if (kind.equals("FEE")) {
            BigDecimal value = contract.value().amount();
            each = value.divide(BigDecimal.valueOf(months), digits, RoundingMode.HALF_UP);
            lastAmount = value.subtract(each.multiply(BigDecimal.valueOf(months - 1L)));
        } else {
            each = contract.retainerMonthlyAmount().amount();
            lastAmount = each;
        }
        List<RunRow> rows = new ArrayList<>();
        for (int i = 0; i < months; i++) {
            YearMonth month = first.plusMonths(i);
            boolean isLast = i == months - 1;
            LocalDate due = isLast ? contract.endDate() : month.atEndOfMonth();
            if ((periodStart != null && due.isBefore(periodStart)) || due.isAfter(through)) {
                continue;
            }
            String id = prefix + month;
            rows.add(new RunRow(kind, id, due, null, null, null, BigDecimal.ONE, null, isLast ? lastAmount : each,
                    currency, null, null, kind + "|" + id));
        }
        return rows;
    }

    /** One row of the run (see {@code billing_run_row}). */
    record RunRow(String kind, String sourceId, LocalDate date, String role, String category, String name,
            BigDecimal quantity, BigDecimal unitPrice, BigDecimal amount, String currency, BigDecimal originalAmount,
            String originalCurrency, String groupKey) {}

    /** One statement per page: {@code insert ... select from unnest(arrays)}; rows already there stay (a resume). */
    private void insert(String runId, List<RunRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        int n = rows.size();
        String[][] columns = new String[13][n];
        for (int i = 0; i < n; i++) {
            RunRow r = rows.get(i);
            columns[0][i] = r.kind();
            columns[1][i] = r.sourceId();
            columns[2][i] = r.date().toString();
            columns[3][i] = r.role();
            columns[4][i] = r.category();
            columns[5][i] = r.name();
            columns[6][i] = plain(r.quantity());
            columns[7][i] = plain(r.unitPrice());
            columns[8][i] = plain(r.amount());
            columns[9][i] = r.currency();
            columns[10][i] = plain(r.originalAmount());
            columns[11][i] = r.originalCurrency();
            columns[12][i] = r.groupKey();
        }
        jdbc.execute((ConnectionCallback<Integer>) connection -> {
            try (PreparedStatement statement = connection.prepareStatement("""
                    insert into billing_run_row (run_id, kind, source_id, entry_date, role, category, name, quantity,
                                                 unit_price, amount, currency, original_amount, original_currency,
                                                 group_key)
                    select ?, kind, source_id, cast(entry_date as date), role, category, name,
                           cast(quantity as numeric),
                           cast(unit_price as numeric), cast(amount as numeric), currency,
                           cast(original_amount as numeric), original_currency, group_key
                      from unnest(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                           as t(kind, source_id, entry_date, role, category, name, quantity, unit_price, amount,
                                currency, original_amount, original_currency, group_key)
                    on conflict (run_id, kind, source_id) do nothing
                    """)) {
                statement.setString(1, runId);
                for (int c = 0; c < columns.length; c++) {
                    Array array = connection.createArrayOf("text", columns[c]);
                    statement.setArray(c + 2, array);
                }
                return statement.executeUpdate();
            }
        });
    }

    // ------------------------------------------------------------------------------------------------ convert

    @Override
    public Converted convertCurrencies(String runId, String currency) {
        List<Map<String, Object>> pairs = jdbc.queryForList("""
                select distinct original_currency, entry_date from billing_run_row
                 where run_id = ? and original_currency is not null and original_currency <> ?
                 order by entry_date, original_currency
                """, runId, currency);
        int converted = 0;
        int missing = 0;
        String missingExample = null;
        for (Map<String, Object> pair : pairs) {
            String from = (String) pair.get("original_currency");
            LocalDate date = ((java.sql.Date) pair.get("entry_date")).toLocalDate();
            BigDecimal rate = exchangeRate(from, currency, date);
            if (rate == null) {
                int rows = jdbc.update("""
                        update billing_run_row set amount = null, currency = original_currency, fx_rate = null
                         where run_id = ? and original_currency = ? and entry_date = ?
                        """, runId, from, date);
                missing += rows;
                if (missingExample == null) {
                    missingExample = from + " to " + currency + " on " + date;
                }
            } else {
                converted += jdbc.update("""
                        update billing_run_row set amount = round(original_amount * ?, 2), currency = ?, fx_rate = ?
                         where run_id = ? and original_currency = ? and entry_date = ?
                        """, rate, currency, rate, runId, from, date);
            }
            heartbeat(new Progress("CONVERT", from + "@" + date));
        }
        Converted result = new Converted(converted, missing, missingExample);
        log.info("billing run {}: {} ({} currency/date pairs)", runId, result, pairs.size());
        return result;
    }

    /** The ERP's rate (1 {@code from} = rate {@code to}) in force on {@code date}; null when it has none (404). */
    private BigDecimal exchangeRate(String from, String to, LocalDate date) {
        Reply reply = erp.send(Call.get("/exchange-rates?from={from}&to={to}&date={date}", from, to, date)
                .objectRef(from + "/" + to + "@" + date).accept(404));
        if (reply.status() == 404) {
            return null;
        }
        return new BigDecimal(reply.text("rate"));
    }

    // ------------------------------------------------------------------------------------------------ price

    /**
     * The run's lines (rows neither held nor unpriced), in SQL with three parameters: the run id, how many of the
     * latest holdable rows to leave out (only read when {@code ranked}: the rows are ranked by entry date and source
     * id, descending, on the fly, so a hold-back search writes nothing) and the source refs per line. Only when a
     * group has more rows than that ({@code split}) are rows numbered into chunks; otherwise every group is one chunk.
     */
    private static String linesSql(boolean split, boolean ranked) {
        String chunk = split
                ? "(row_number() over (partition by group_key order by entry_date, source_id collate \"C\") - 1) / ?"
                : "0 * cast(? as integer)";
        String rank = ranked
                ? "case when kind in " + HOLDABLE + " then row_number() over (partition by kind in " + HOLDABLE
                        + " order by entry_date desc, source_id collate \"C\" desc) end"
                : "cast(null as bigint)";
        String skip = ranked ? "hold_rank is null or hold_rank > ?" : "cast(? as integer) is not null";
        return """
            with ranked as (
                select kind, group_key, role, category, name, entry_date, source_id, quantity, unit_price, amount,
                       %s as hold_rank
                  from billing_run_row
                 where run_id = ? and amount is not null and not held
            ), kept as (
                select * from ranked where %s
            ), chunked as (
                select kept.*, %s as chunk from kept
            ), grouped as (
                select kind, group_key, chunk, min(role) as role, min(category) as category, min(name) as name,
                       to_char(min(entry_date), 'YYYY-MM') as month, count(*) as entries,
                       case when kind = 'TIME' then sum(quantity) else 1 end as quantity,
                       case when kind = 'TIME' then min(unit_price) else sum(amount) end as unit_price
                  from chunked
                 group by kind, group_key, chunk
            )
            select grouped.*, round(quantity * unit_price, 2) as amount from grouped
            """.formatted(rank, skip, chunk);
    }

    @Override
    public RunTotals price(PriceRequest request) {
        String runId = request.runId();
        String currency = request.currency();
        long start = System.nanoTime();
        jdbc.update("update billing_run_row set held = false where run_id = ? and held", runId);
        boolean split = Boolean.TRUE.equals(jdbc.queryForObject("""
                select exists (select 1 from billing_run_row where run_id = ? and amount is not null
                                group by group_key having count(*) > ?)
                """, Boolean.class, runId, maxRefsPerLine));
        BigDecimal full = subtotal(runId, 0, split);
        BigDecimal cap = request.capRemaining() == null ? null : request.capRemaining().amount();
        int held = 0;
        if (cap != null && full.compareTo(cap) > 0 && request.holdBackOverCap()) {
            held = hold(runId, split, cap, full.subtract(cap));
        }
        boolean splitLines = split;
        int heldRows = held;
        tx.executeWithoutResult(status -> {
            if (heldRows > 0) {
                jdbc.update("""
                        update billing_run_row r set held = true
                          from (select kind, source_id from billing_run_row
                                 where run_id = ? and amount is not null and kind in %s
                                 order by entry_date desc, source_id collate "C" desc limit ?) x
                         where r.run_id = ? and r.kind = x.kind and r.source_id = x.source_id
                        """.formatted(HOLDABLE), runId, heldRows, runId);
            }
            List<Line> lines = lines(runId, currency, splitLines);
            jdbc.update("delete from billing_run_line where run_id = ?", runId);
            jdbc.batchUpdate("""
                    insert into billing_run_line (run_id, line_no, kind, group_key, chunk, description, quantity,
                                                  unit_price, amount, tax_rate_percent, tax_amount, currency, entries)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, round(? * ? / 100, 2), ?, ?)
                    """, lines, 1000, (ps, line) -> {
                ps.setString(1, runId);
                ps.setInt(2, line.lineNo());
                ps.setString(3, line.kind());
                ps.setString(4, line.groupKey());
                ps.setInt(5, line.chunk());
                ps.setString(6, line.description());
                ps.setBigDecimal(7, line.quantity());
                ps.setBigDecimal(8, line.unitPrice());
                ps.setBigDecimal(9, line.amount());
                ps.setBigDecimal(10, request.taxRatePercent());
                ps.setBigDecimal(11, line.amount());
                ps.setBigDecimal(12, request.taxRatePercent());
                ps.setString(13, currency);
                ps.setInt(14, line.entries());
            });
        });
        RunTotals totals = jdbc.queryForObject("""
                select count(*) as lines, coalesce(sum(entries), 0) as entries,
                       coalesce(sum(amount), 0) as subtotal, coalesce(sum(tax_amount), 0) as tax_total,
                       coalesce(sum(amount) filter (where kind = 'MILESTONE'), 0) as milestone_amount,
                       coalesce(sum(amount) filter (where kind in ('FEE', 'RETAINER')), 0) as instalment_amount
                  from billing_run_line where run_id = ?
                """, (rs, n) -> {
            BigDecimal lineSubtotal = rs.getBigDecimal("subtotal");
            BigDecimal taxTotal = rs.getBigDecimal("tax_total");
            // after a hold-back it fits (zero), unless holding every entry back is not enough (instalments)
            BigDecimal overCap = cap != null && lineSubtotal.compareTo(cap) > 0 ? lineSubtotal.subtract(cap)
                    : BigDecimal.ZERO;
            return new RunTotals(rs.getInt("lines"), rs.getInt("entries"), Money.of(lineSubtotal, currency),
                    Money.of(taxTotal, currency), Money.of(lineSubtotal.add(taxTotal), currency),
                    Money.of(overCap, currency), heldRows, Money.of(full.subtract(lineSubtotal), currency),
                    List.of(), Money.of(rs.getBigDecimal("milestone_amount"), currency),
                    Money.of(rs.getBigDecimal("instalment_amount"), currency));
        }, runId);
        List<String> milestoneIds = jdbc.queryForList("""
                select source_id from billing_run_row
                 where run_id = ? and kind = 'MILESTONE' and amount is not null and not held
                 order by entry_date, source_id
                """, String.class, runId);
        totals = new RunTotals(totals.lines(), totals.entries(), totals.subtotal(), totals.taxTotal(), totals.total(),
                totals.overCap(), totals.heldEntries(), totals.heldBack(), milestoneIds, totals.milestoneAmount(),
                totals.instalmentAmount());
        log.info("billing run {}: priced {} in {} ms", runId, totals, (System.nanoTime() - start) / 1_000_000);
        return totals;
    }

    /**
     * How many of the holdable rows to hold back, latest first (by entry date, then source id, descending): the
     * fewest whose holding makes the regrouped subtotal fit {@code cap} (all of them when even that does not fit).
     * The subtotal never grows when more is held (amounts and rates are not negative), so the answer is found by
     * bisection, started from an estimate (the running sum of the rows' unrounded amounts reaching the excess), which
     * group rounding moves by a few rows at most: a handful of grouping queries for 100,000 rows, no writes.
     */
    private int hold(String runId, boolean split, BigDecimal cap, BigDecimal excess) {
        Integer holdableCount = jdbc.queryForObject("select count(*) from billing_run_row where run_id = ?"
                + " and amount is not null and kind in " + HOLDABLE, Integer.class, runId);
        int holdable = holdableCount == null ? 0 : holdableCount;
        IntPredicate fits = k -> {
            heartbeat(new Progress("PRICE", Integer.toString(k)));
            return subtotal(runId, k, split).compareTo(cap) <= 0;
        };
        if (holdable == 0) {
            return 0;
        }
        // when no count below all of them fits, the answer is all of them, whether or not that fits: never tested
        Integer estimate = jdbc.queryForObject("""
                select min(hold_rank) from (
                    select row_number() over latest as hold_rank,
                           sum(case when kind = 'TIME' then quantity * unit_price else amount end)
                               over latest as running
                      from billing_run_row where run_id = ? and amount is not null and kind in %s
                    window latest as (order by entry_date desc, source_id collate "C" desc
                                      rows between unbounded preceding and current row)) x
                 where running >= ?
                """.formatted(HOLDABLE), Integer.class, runId, excess);
        int guess = Math.max(1, Math.min(holdable, estimate == null ? holdable : estimate));
        int low = 0; // does not fit
        int high = holdable; // fits, or nothing fits
        if (fits.test(guess)) {
            high = guess;
            for (int step = 1; high - step > low; step *= 2) {
                if (fits.test(high - step)) {
                    high -= step;
                } else {
                    low = high - step;
                    break;
                }
            }
        } else {
            low = guess;
            for (int step = 1; low + step < high; step *= 2) {
                if (fits.test(low + step)) {
                    high = low + step;
                    break;
                }
                low += step;
            }
        }
        while (high - low > 1) {
            int middle = (low + high) >>> 1;
            if (fits.test(middle)) {
                high = middle;
            } else {
                low = middle;
            }
        }
        return high;
    }

    private BigDecimal subtotal(String runId, int held, boolean split) {
        return jdbc.queryForObject("select coalesce(sum(amount), 0) from (" + linesSql(split, held > 0) + ") lines",
                BigDecimal.class, runId, held, maxRefsPerLine);
    }

    /** A priced line (before tax). */
    record Line(int lineNo, String kind, String groupKey, int chunk, String description, BigDecimal quantity,
            BigDecimal unitPrice, BigDecimal amount, int entries) {}

    private List<Line> lines(String runId, String currency, boolean split) {
        List<Line> lines = new ArrayList<>();
        jdbc.query(linesSql(split, false) + """
                 order by case kind when 'TIME' then 1 when 'EXPENSE' then 2 when 'MILESTONE' then 3 when 'FEE' then 4
                               else 5 end, month, coalesce(role, category, name), unit_price, group_key, chunk
                """, rs -> {
            String kind = rs.getString("kind");
            int chunk = rs.getInt("chunk");
            BigDecimal quantity = rs.getBigDecimal("quantity");
            BigDecimal unitPrice = rs.getBigDecimal("unit_price");
            String month = rs.getString("month");
            String description = switch (kind) {
                case "TIME" -> rs.getString("role") + ", " + month + ": "
                        + quantity.stripTrailingZeros().toPlainString()
                        + " h at " + unitPrice.toPlainString() + " " + currency;
                case "EXPENSE" -> "Expenses " + rs.getString("category") + ", " + month;
                case "MILESTONE" -> "Milestone " + rs.getString("name");
                case "FEE" -> "Fixed fee " + month;
                default -> "Retainer " + month;
            };
            if (chunk > 0) {
                description += " (part " + (chunk + 1) + ")";
            }
            lines.add(new Line(lines.size() + 1, kind, rs.getString("group_key"), chunk, description, quantity,
                    unitPrice, rs.getBigDecimal("amount"), rs.getInt("entries")));
        }, runId, 0, maxRefsPerLine);
        return lines;
    }

    // ------------------------------------------------------------------------------------------------ invoice

    @Override
    public Created createInvoice(String idempotencyKey, String runId, InvoiceHeader header) {
        for (JsonNode found : ExternalRefs.find(invoicing, "/invoices", header.externalRef())) {
            String id = JsonFields.text(found, "id");
            if (id != null && !VOID.contains(JsonFields.text(found, "status"))) {
                log.info("billing run {}: invoice {} with external ref {} exists (an earlier attempt); not creating "
                        + "another", runId, id, header.externalRef());
                return new Created(id, CallContext.current().attempt());
            }
        }
        Map<String, List<String>> refs = new HashMap<>();
        jdbc.query("""
                select group_key, source_id,
                       (row_number() over (partition by group_key
                                           order by entry_date, source_id collate "C") - 1) / ? as chunk
                  from billing_run_row where run_id = ? and amount is not null and not held
                 order by group_key, entry_date, source_id
                """, rs -> {
            refs.computeIfAbsent(rs.getString("group_key") + "#" + rs.getInt("chunk"), k -> new ArrayList<>())
                    .add(rs.getString("source_id"));
        }, maxRefsPerLine, runId);
        List<LineRequest> lines = jdbc.query("""
                select * from billing_run_line where run_id = ? order by line_no
                """, (rs, n) -> new LineRequest(rs.getString("description"), plain(rs.getBigDecimal("quantity")),
                plain(rs.getBigDecimal("unit_price")), plain(rs.getBigDecimal("amount")),
                plain(rs.getBigDecimal("tax_rate_percent")), plain(rs.getBigDecimal("tax_amount")),
                refs.getOrDefault(rs.getString("group_key") + "#" + rs.getInt("chunk"), List.of())), runId);
        if (lines.isEmpty()) {
            throw ApplicationFailure.newNonRetryableFailure("Billing run " + runId + " has no priced lines to invoice",
                    FailureTypes.VALIDATION);
        }
        InvoiceRequest body = new InvoiceRequest(header.billingPlanId(), header.currency(), header.issueDate(),
                header.dueDate(), header.externalRef(), lines);
        return invoicing.create("/invoices", body, idempotencyKey, header.externalRef());
    }

    record InvoiceRequest(String billingPlanId, String currency, LocalDate issueDate, LocalDate dueDate,
            String externalRef, List<LineRequest> lines) {}

    record LineRequest(String description, String quantity, String unitPrice, String amount, String taxRatePercent,
            String taxAmount, List<String> sourceRefs) {}

    // ------------------------------------------------------------------------------------------------ marks

    @Override
    public Ack markBilled(String idempotencyKey, String runId, String invoiceId) {
        List<String[]> ids = jdbc.query("""
                select kind, source_id from billing_run_row
                 where run_id = ? and kind in ('TIME', 'EXPENSE') and amount is not null and not held
                 order by kind desc, source_id
                """, (rs, n) -> new String[] {rs.getString("kind"), rs.getString("source_id")}, runId);
        int chunks = 0;
        for (int from = 0; from < ids.size(); from += MARK_CHUNK) {
            List<String> time = new ArrayList<>();
            List<String> expenses = new ArrayList<>();
            for (String[] id : ids.subList(from, Math.min(ids.size(), from + MARK_CHUNK))) {
                (id[0].equals("TIME") ? time : expenses).add(id[1]);
            }
            mark(idempotencyKey, invoiceId, ++chunks, time, expenses);
        }
        log.info("billing run {}: {} entries marked billed to {} in {} chunk(s)", runId, ids.size(), invoiceId, chunks);
        return new Ack(CallContext.current().attempt());
    }

    private void mark(String key, String invoiceId, int chunkNo, List<String> time, List<String> expenses) {
        psa.send(Call.post("/billing-marks").body(new MarkRequest(invoiceId, time, expenses))
                .idempotencyKey(key + ":" + chunkNo).objectRef(invoiceId));
        heartbeat(new Progress("MARK", Integer.toString(chunkNo)));
    }

    record MarkRequest(String invoiceRef, List<String> timeEntryIds, List<String> expenseIds) {}

    // ------------------------------------------------------------------------------------------------ preview

    /**
     * Approved, unbilled time (T&amp;M contracts, rated as {@link #collect} does) and expenses (converted at the ERP
     * rate of their date) up to {@code through}; unrated entries and expenses without a rate are left out.
     * Milestones and instalments are not part of the preview.
     */
    @Override
    public UnbilledPreview previewUnbilled(String psaProjectId, Contract contract, LocalDate through) {
        String currency = contract.currency();
        BigDecimal[] amount = {BigDecimal.ZERO};
        int[] entries = {0};
        if (contract.billingModel() == BillingModel.TIME_AND_MATERIALS) {
            page("time-entries", psaProjectId, through, null, "TIME", false, items -> {
                for (JsonNode item : items) {
                    RunRow row = timeRow(item, contract);
                    if (row.amount() != null) {
                        amount[0] = amount[0].add(row.amount());
                        entries[0]++;
                    }
                }
            });
        }
        Map<String, Optional<BigDecimal>> rates = new LinkedHashMap<>();
        page("expenses", psaProjectId, through, null, "EXPENSE", false, items -> {
            for (JsonNode item : items) {
                RunRow row = expenseRow(item, currency);
                BigDecimal value = row.amount();
                if (value == null) {
                    Optional<BigDecimal> rate = rates.computeIfAbsent(row.originalCurrency() + "@" + row.date(),
                            k -> Optional.ofNullable(exchangeRate(row.originalCurrency(), currency, row.date())));
                    value = rate.map(r -> row.originalAmount().multiply(r).setScale(2, RoundingMode.HALF_UP))
                            .orElse(null);
                }
                if (value != null) {
                    amount[0] = amount[0].add(value);
                    entries[0]++;
                }
            }
        });
        return new UnbilledPreview(Money.of(amount[0], currency), entries[0]);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static String plain(BigDecimal value) {
        return value == null ? null : value.toPlainString();
    }

    private static void heartbeat(Progress progress) {
        ActivityExecutionContext context = context();
        if (context != null) {
            context.heartbeat(progress);
        }
    }

    private static Optional<Progress> heartbeatDetails() {
        ActivityExecutionContext context = context();
        return context == null ? Optional.empty() : context.getHeartbeatDetails(Progress.class);
    }

    private static ActivityExecutionContext context() {
        try {
            return Activity.getExecutionContext();
        } catch (IllegalStateException notInAnActivity) {
            return null;
        }
    }
}
