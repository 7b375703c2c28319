package dev.o2c.sandbox.psa;

import dev.o2c.sandbox.platform.data.BillingModel;
import dev.o2c.sandbox.platform.data.Checks;
import dev.o2c.sandbox.platform.data.Page;
import dev.o2c.sandbox.platform.data.ExternalRefs;
import dev.o2c.sandbox.platform.data.JsonColumns;
import dev.o2c.sandbox.platform.data.Phase;
import dev.o2c.sandbox.platform.data.KeyRange;
import dev.o2c.sandbox.platform.data.Rows;
import dev.o2c.sandbox.platform.snapshot.SnapshotContributor;
import dev.o2c.sandbox.platform.web.ApiException;
import dev.o2c.sandbox.platform.web.Correlation;
import dev.o2c.sandbox.platform.web.Ids;
import dev.o2c.sandbox.platform.webhooks.EventOutbox;
import dev.o2c.sandbox.psa.PsaModels.EntryStatus;
import dev.o2c.sandbox.psa.PsaModels.Expense;
import dev.o2c.sandbox.psa.PsaModels.ExpenseRequest;
import dev.o2c.sandbox.psa.PsaModels.Milestone;
import dev.o2c.sandbox.psa.PsaModels.MilestoneRequest;
import dev.o2c.sandbox.psa.PsaModels.MilestoneStatus;
import dev.o2c.sandbox.psa.PsaModels.Project;
import dev.o2c.sandbox.psa.PsaModels.ProjectRequest;
import dev.o2c.sandbox.psa.PsaModels.ProjectStatus;
import dev.o2c.sandbox.psa.PsaModels.ProjectUpdate;
import dev.o2c.sandbox.psa.PsaModels.TimeEntry;
import dev.o2c.sandbox.psa.PsaModels.WorkEntry;
import dev.o2c.sandbox.psa.PsaModels.TimeEntryRequest;
import dev.o2c.sandbox.psa.PsaModels.BillingMarkRequest;
import dev.o2c.sandbox.psa.PsaModels.BillingMarks;
import dev.o2c.sandbox.psa.PsaModels.BulkTimeEntries;
import dev.o2c.sandbox.psa.PsaModels.BulkTimeEntriesRequest;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import tools.jackson.core.type.TypeReference;

/** PSA: projects with their work breakdown, time entries, expenses, milestones. */
@Service
public class PsaService implements SnapshotContributor {

    private static final TypeReference<List<Phase>> PHASES = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final JsonColumns json;
    private final EventOutbox events;

    public PsaService(JdbcClient jdbc, JsonColumns json, EventOutbox events) {
        this.jdbc = jdbc;
        this.json = json;
        this.events = events;
    }

    // ---- projects

    public Project createProject(ProjectRequest r) {
        Checks.start().currency("currency", r.currency()).dateOrder("endDate", r.startDate(), r.endDate()).orThrow();
        ExternalRefs.requireNoLiveObject(jdbc, "psa.projects", "CANCELLED", "project", r.externalRef());
        String id = Ids.next("prj");
        jdbc.sql("""
                INSERT INTO psa.projects (id, external_ref, customer_ref, name, billing_model, currency, start_date,
                    end_date, status, phases, correlation_id)
                VALUES (:id, :externalRef, :customerRef, :name, :billingModel, :currency, :startDate, :endDate, 'ACTIVE',
                    CAST(:phases AS jsonb), :correlationId)
                """)
                .param("id", id).param("externalRef", r.externalRef()).param("customerRef", r.customerRef())
                .param("name", r.name()).param("billingModel", r.billingModel().name()).param("currency", r.currency())
                .param("startDate", r.startDate()).param("endDate", r.endDate())
                .param("phases", json.write(r.phases() == null ? List.of() : r.phases()))
                .param("correlationId", Correlation.current())
                .update();
        return project(id);
    }

    public Project project(String id) {
        return jdbc.sql("SELECT * FROM psa.projects WHERE id = :id").param("id", id).query(this::mapProject).optional()
                .orElseThrow(() -> ApiException.notFound("project", id));
    }

    private Project lockProject(String id) {
        return jdbc.sql("SELECT * FROM psa.projects WHERE id = :id FOR UPDATE").param("id", id).query(this::mapProject)
                .optional().orElseThrow(() -> ApiException.notFound("project", id));
    }

    /**
     * A project that accepts new entries, expenses and milestones: ACTIVE or ON_HOLD (locked, so a concurrent cancel or
     * close waits); CANCELLED or CLOSED → 409.
     */
    private Project activeProject(String id) {
        Project project = lockProject(id);
        if (project.status() == ProjectStatus.CANCELLED || project.status() == ProjectStatus.CLOSED) {
            throw ApiException.conflict("Project " + id + " is " + project.status()).with("projectId", id)
                    .with("projectStatus", project.status().name());
        }
        return project;
    }

    /**
     * A project whose existing entries may still be approved (and milestones completed): any but CANCELLED, so the
     * remaining approved work of an ON_HOLD or CLOSED project can still be billed. Locked like {@link #activeProject}.
     */
    private Project notCancelledProject(String id) {
        Project project = lockProject(id);
        if (project.status() == ProjectStatus.CANCELLED) {
            throw ApiException.conflict("Project " + id + " is CANCELLED").with("projectId", id)
                    .with("projectStatus", project.status().name());
        }
        return project;
    }

    public List<Project> projects(String externalRef, ProjectStatus status) {
        return jdbc.sql("""
                SELECT * FROM psa.projects
                 WHERE (CAST(:externalRef AS text) IS NULL OR external_ref = :externalRef)
                   AND (CAST(:status AS text) IS NULL OR status = :status)
                 ORDER BY created_at, id
                """).param("externalRef", externalRef).param("status", Rows.name(status)).query(this::mapProject).list();
    }

    /**
     * One page of the projects whose {@code externalRef} lies in {@code (externalRefAfter, externalRefThrough]}, by external
     * ref then id (byte order): what one page of won opportunities has here, for a reconciliation.
     */
    public Page<Project> projectsByExternalRef(String externalRefAfter, String externalRefThrough, Integer limit,
            String cursor) {
        return KeyRange.of(externalRefAfter, externalRefThrough, limit, cursor).query(jdbc,
                "SELECT * FROM psa.projects WHERE external_ref IS NOT NULL", Map.of(), "external_ref", "id", this::mapProject,
                Project::externalRef, Project::id);
    }

    /** Changes name, end date, budget (present fields) of an ACTIVE or ON_HOLD project; CANCELLED or CLOSED → 409. */
    public Project updateProject(String id, ProjectUpdate r) {
        Project project = lockProject(id);
        Checks.start().required("name", r.name() == null ? "x" : r.name())
                .dateOrder("endDate", project.startDate(), r.endDate())
                .scale("budgetAmount", r.budgetAmount(), 2).scale("budgetHours", r.budgetHours(), 2).orThrow();
        if (project.status() == ProjectStatus.CANCELLED || project.status() == ProjectStatus.CLOSED) {
            throw ApiException.conflict("Project " + id + " is " + project.status()).with("projectId", id)
                    .with("projectStatus", project.status().name());
        }
        jdbc.sql("""
                UPDATE psa.projects SET name = COALESCE(:name, name), end_date = COALESCE(:endDate, end_date),
                    budget_amount = COALESCE(:budgetAmount, budget_amount),
                    budget_hours = COALESCE(:budgetHours, budget_hours), updated_at = now(),
                    correlation_id = COALESCE(:correlationId, correlation_id)
                WHERE id = :id
                """).param("name", r.name()).param("endDate", r.endDate()).param("budgetAmount", r.budgetAmount())
                .param("budgetHours", r.budgetHours()).param("correlationId", Correlation.current()).param("id", id)
                .update();
        return project(id);
    }

    /** ACTIVE or ON_HOLD → CANCELLED; cancelling again answers the project unchanged; CLOSED → 409. */
    public Project cancel(String id) {
        Project project = lockProject(id);
        if (project.status() == ProjectStatus.CANCELLED) {
            return project;
        }
        requireStatus(project, "cancel", ProjectStatus.ACTIVE, ProjectStatus.ON_HOLD);
        jdbc.sql("""
                UPDATE psa.projects SET status = 'CANCELLED', cancelled_at = now(), updated_at = now(),
                    correlation_id = COALESCE(:correlationId, correlation_id)
                WHERE id = :id
                """).param("correlationId", Correlation.current()).param("id", id).update();
        return project(id);
    }

    /** ACTIVE → ON_HOLD; holding again answers the project unchanged; CLOSED or CANCELLED → 409. */
    public Project hold(String id) {
        return transition(id, "hold", ProjectStatus.ON_HOLD, ProjectStatus.ACTIVE);
    }

    /** ON_HOLD → ACTIVE; an ACTIVE project is answered unchanged; CLOSED or CANCELLED → 409. */
    public Project resume(String id) {
        return transition(id, "resume", ProjectStatus.ACTIVE, ProjectStatus.ON_HOLD);
    }

    /** ACTIVE or ON_HOLD → CLOSED (sets {@code closedAt}); closing again answers unchanged; CANCELLED → 409. */
    public Project close(String id) {
        return transition(id, "close", ProjectStatus.CLOSED, ProjectStatus.ACTIVE, ProjectStatus.ON_HOLD);
    }

    /**
     * Moves the project to {@code target} from one of {@code from}; already in {@code target}: answered unchanged (no
     * write); any other status: 409 naming it.
     */
    private Project transition(String id, String action, ProjectStatus target, ProjectStatus... from) {
        Project project = lockProject(id);
        if (project.status() == target) {
            return project;
        }
        requireStatus(project, action, from);
        jdbc.sql("""
                UPDATE psa.projects SET status = :status, updated_at = now(),
                    closed_at = CASE WHEN :status = 'CLOSED' THEN now() ELSE closed_at END,
                    correlation_id = COALESCE(:correlationId, correlation_id)
                WHERE id = :id
                """).param("status", target.name()).param("correlationId", Correlation.current()).param("id", id)
                .update();
        return project(id);
    }

    private static void requireStatus(Project project, String action, ProjectStatus... allowed) {
        if (!List.of(allowed).contains(project.status())) {
            throw ApiException.conflict("Project " + project.id() + " is " + project.status() + "; cannot " + action
                            + " it")
                    .with("projectId", project.id()).with("projectStatus", project.status().name());
        }
    }

    private Project mapProject(ResultSet rs, int row) throws SQLException {
        return new Project(rs.getString("id"), rs.getString("external_ref"), rs.getString("customer_ref"),
                rs.getString("name"), BillingModel.valueOf(rs.getString("billing_model")), rs.getString("currency"),
                Rows.date(rs, "start_date"), Rows.date(rs, "end_date"), Rows.decimal(rs, "budget_amount"),
                Rows.decimal(rs, "budget_hours"), ProjectStatus.valueOf(rs.getString("status")),
                json.read(rs.getString("phases"), PHASES), Rows.instant(rs, "cancelled_at"), Rows.instant(rs, "closed_at"),
                rs.getString("correlation_id"), Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"));
    }

    // ---- time entries

    public TimeEntry createTimeEntry(String projectId, TimeEntryRequest r) {
        Project project = activeProject(projectId);
        boolean hasTasks = project.phases().stream().anyMatch(p -> !p.tasks().isEmpty());
        Checks.start().scale("hours", r.hours(), 2)
                .check(r.taskName() == null || !hasTasks || project.phases().stream()
                        .flatMap(p -> p.tasks().stream()).anyMatch(t -> t.name().equals(r.taskName())),
                        "taskName", "is not a task of project " + projectId)
                .orThrow();
        String id = Ids.next("tim");
        jdbc.sql("""
                INSERT INTO psa.time_entries (id, project_id, person, role, entry_date, hours, task_name, description,
                    status, correlation_id)
                VALUES (:id, :projectId, :person, :role, :date, :hours, :taskName, :description, 'SUBMITTED', :correlationId)
                """)
                .param("id", id).param("projectId", projectId).param("person", r.person()).param("role", r.role())
                .param("date", r.date()).param("hours", r.hours()).param("taskName", r.taskName())
                .param("description", r.description()).param("correlationId", Correlation.current())
                .update();
        return timeEntry(id);
    }

    /** SUBMITTED → APPROVED and {@code time.approved}; approving again answers unchanged, no second event. */
    public TimeEntry approveTimeEntry(String id) {
        TimeEntry entry = jdbc.sql("SELECT * FROM psa.time_entries WHERE id = :id FOR UPDATE").param("id", id)
                .query(PsaService::mapTimeEntry).optional().orElseThrow(() -> ApiException.notFound("time entry", id));
        if (entry.status() == EntryStatus.APPROVED) {
            return entry;
        }
        markApproved("psa.time_entries", id, entry.projectId(), "time.approved", "timeEntryId");
        return timeEntry(id);
    }

    /**
     * The approval itself, shared by time entries and expenses: the project must not be CANCELLED (ON_HOLD and CLOSED
     * projects still approve their existing entries); the row of
     * {@code table} becomes APPROVED and {@code event} is published (in the request's transaction, via the outbox).
     */
    private void markApproved(String table, String id, String projectId, String event, String idField) {
        notCancelledProject(projectId);
        jdbc.sql("UPDATE " + table + """
                 SET status = 'APPROVED', approved_at = now(), updated_at = now(),
                    correlation_id = COALESCE(:correlationId, correlation_id)
                WHERE id = :id
                """).param("correlationId", Correlation.current()).param("id", id).update();
        events.publish("psa", event, Map.of(idField, id, "projectId", projectId));
    }

    public TimeEntry timeEntry(String id) {
        return jdbc.sql("SELECT * FROM psa.time_entries WHERE id = :id").param("id", id).query(PsaService::mapTimeEntry)
                .optional().orElseThrow(() -> ApiException.notFound("time entry", id));
    }

    /** All entries of the project (oldest date first), filtered; {@code billed} null = either, {@code to} inclusive. */
    public List<TimeEntry> timeEntries(String projectId, EntryStatus status, Boolean billed, LocalDate to) {
        project(projectId);
        return entries("psa.time_entries", "entry_date", projectId, status, billed, to, null, null, PsaService::mapTimeEntry);
    }

    /** One page: {@code limit} rows after {@code cursor} (a previous page's {@code nextCursor}), same filters. */
    public Page<TimeEntry> timeEntryPage(String projectId, EntryStatus status, Boolean billed, LocalDate to,
            Integer limit, String cursor) {
        project(projectId);
        return page(limit, cursor, (after, fetch) -> entries("psa.time_entries", "entry_date", projectId, status,
                billed, to, after, fetch, PsaService::mapTimeEntry), e -> new EntryCursor(e.date(), e.createdAt(), e.id()));
    }

    private static TimeEntry mapTimeEntry(ResultSet rs, int row) throws SQLException {
        return new TimeEntry(rs.getString("id"), rs.getString("project_id"), rs.getString("person"), rs.getString("role"),
                Rows.date(rs, "entry_date"), Rows.decimal(rs, "hours"), rs.getString("task_name"),
                rs.getString("description"), EntryStatus.valueOf(rs.getString("status")), Rows.instant(rs, "approved_at"),
                rs.getString("billed_invoice_ref"), Rows.instant(rs, "billed_at"), rs.getString("correlation_id"), Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"));
    }

    // ---- expenses

    public Expense createExpense(String projectId, ExpenseRequest r) {
        activeProject(projectId);
        Checks.start().currency("currency", r.currency()).scale("amount", r.amount(), 2).orThrow();
        String id = Ids.next("exp");
        jdbc.sql("""
                INSERT INTO psa.expenses (id, project_id, expense_date, category, amount, currency, description, status,
                    correlation_id)
                VALUES (:id, :projectId, :date, :category, :amount, :currency, :description, 'SUBMITTED', :correlationId)
                """)
                .param("id", id).param("projectId", projectId).param("date", r.date()).param("category", r.category())
                .param("amount", r.amount()).param("currency", r.currency()).param("description", r.description())
                .param("correlationId", Correlation.current())
                .update();
        return expense(id);
    }

    /** SUBMITTED → APPROVED and {@code expense.approved}; approving again answers unchanged, no second event. */
    public Expense approveExpense(String id) {
        Expense expense = jdbc.sql("SELECT * FROM psa.expenses WHERE id = :id FOR UPDATE").param("id", id)
                .query(PsaService::mapExpense).optional().orElseThrow(() -> ApiException.notFound("expense", id));
        if (expense.status() == EntryStatus.APPROVED) {
            return expense;
        }
        markApproved("psa.expenses", id, expense.projectId(), "expense.approved", "expenseId");
        return expense(id);
    }

    public Expense expense(String id) {
        return jdbc.sql("SELECT * FROM psa.expenses WHERE id = :id").param("id", id).query(PsaService::mapExpense)
                .optional().orElseThrow(() -> ApiException.notFound("expense", id));
    }

    public List<Expense> expenses(String projectId, EntryStatus status, Boolean billed, LocalDate to) {
        project(projectId);
        return entries("psa.expenses", "expense_date", projectId, status, billed, to, null, null, PsaService::mapExpense);
    }

    public Page<Expense> expensePage(String projectId, EntryStatus status, Boolean billed, LocalDate to,
            Integer limit, String cursor) {
        project(projectId);
        return page(limit, cursor, (after, fetch) -> entries("psa.expenses", "expense_date", projectId, status,
                billed, to, after, fetch, PsaService::mapExpense), e -> new EntryCursor(e.date(), e.createdAt(), e.id()));
    }

    private static Expense mapExpense(ResultSet rs, int row) throws SQLException {
        return new Expense(rs.getString("id"), rs.getString("project_id"), Rows.date(rs, "expense_date"),
                rs.getString("category"), Rows.decimal(rs, "amount"), rs.getString("currency"),
                rs.getString("description"), EntryStatus.valueOf(rs.getString("status")), Rows.instant(rs, "approved_at"),
                rs.getString("billed_invoice_ref"), Rows.instant(rs, "billed_at"), rs.getString("correlation_id"), Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"));
    }

    /**
     * One page of the time entries and expenses of every project (in {@code status}; null: any) in id order (byte
     * order) after {@code after}: what a reconciliation walks.
     */
    public Page<WorkEntry> workEntryPage(EntryStatus status, String after, Integer limit) {
        return KeyRange.of(after, null, limit, null).query(jdbc, """
                SELECT * FROM (
                    SELECT id, 'TIME' AS kind, project_id, entry_date AS date, status, billed_invoice_ref, updated_at
                      FROM psa.time_entries
                    UNION ALL
                    SELECT id, 'EXPENSE', project_id, expense_date, status, billed_invoice_ref, updated_at
                      FROM psa.expenses) e
                 WHERE (CAST(:status AS text) IS NULL OR status = :status)""",
                Collections.singletonMap("status", Rows.name(status)), "e.id", "e.id",
                (rs, n) -> new WorkEntry(rs.getString("id"), rs.getString("kind"), rs.getString("project_id"),
                        Rows.date(rs, "date"), EntryStatus.valueOf(rs.getString("status")),
                        rs.getString("billed_invoice_ref"), Rows.instant(rs, "updated_at")),
                WorkEntry::id, WorkEntry::id);
    }

    // ---- listing: filters, keyset paging

    /** Position after which a page starts: the (date, createdAt, id) order of every entry list. */
    record EntryCursor(LocalDate date, Instant createdAt, String id) {

        String encode() {
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(("v1|" + date + "|" + createdAt + "|" + id).getBytes(StandardCharsets.UTF_8));
        }

        static EntryCursor decode(String cursor) {
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|", -1);
                if (parts.length != 4 || !"v1".equals(parts[0]) || parts[3].isEmpty()) {
                    throw new IllegalArgumentException(cursor);
                }
                return new EntryCursor(LocalDate.parse(parts[1]), Instant.parse(parts[2]), parts[3]);
            } catch (RuntimeException e) {
                throw ApiException.invalid("cursor", "is not a cursor this list answered");
            }
        }
    }

    static final int DEFAULT_PAGE = 100;
    static final int MAX_PAGE = 1_000;

    private interface PageQuery<T> {
        List<T> rows(EntryCursor after, int fetch);
    }

    private static <T> Page<T> page(Integer limit, String cursor, PageQuery<T> query, Function<T, EntryCursor> position) {
        Checks.start().check(limit == null || (limit >= 1 && limit <= MAX_PAGE), "limit", "must be between 1 and " + MAX_PAGE)
                .orThrow();
        EntryCursor after = cursor == null || cursor.isEmpty() ? null : EntryCursor.decode(cursor);
        int size = limit == null ? DEFAULT_PAGE : limit;
        List<T> rows = query.rows(after, size + 1);
        if (rows.size() <= size) {
            return new Page<>(rows, null);
        }
        List<T> items = rows.subList(0, size);
        return new Page<>(List.copyOf(items), position.apply(items.getLast()).encode());
    }

    private <T> List<T> entries(String table, String dateColumn, String projectId, EntryStatus status, Boolean billed,
            LocalDate to, EntryCursor after, Integer fetch, RowMapper<T> mapper) {
        StringBuilder sql = new StringBuilder("SELECT * FROM " + table + " WHERE project_id = :projectId");
        Map<String, Object> params = new HashMap<>();
        params.put("projectId", projectId);
        if (status != null) {
            sql.append(" AND status = :status");
            params.put("status", status.name());
        }
        if (billed != null) {
            sql.append(billed ? " AND billed_invoice_ref IS NOT NULL" : " AND billed_invoice_ref IS NULL");
        }
        if (to != null) {
            sql.append(" AND ").append(dateColumn).append(" <= :to");
            params.put("to", to);
        }
        if (after != null) {
            sql.append(" AND (").append(dateColumn).append(", created_at, id) > (:afterDate, :afterCreated, :afterId)");
            params.put("afterDate", after.date());
            params.put("afterCreated", after.createdAt().atOffset(ZoneOffset.UTC));
            params.put("afterId", after.id());
        }
        sql.append(" ORDER BY ").append(dateColumn).append(", created_at, id");
        if (fetch != null) {
            sql.append(" LIMIT ").append(fetch.intValue());
        }
        return jdbc.sql(sql.toString()).params(params).query(mapper).list();
    }

    // ---- billing marks

    /**
     * Marks approved entries billed to {@code invoiceRef}, all or nothing: an unknown id is a 400, an entry not
     * APPROVED or billed to another invoice a 409 naming the ids; entries already billed to the same invoice stay.
     */
    public BillingMarks markBilled(BillingMarkRequest r) {
        List<String> timeIds = distinct(r.timeEntryIds());
        List<String> expenseIds = distinct(r.expenseIds());
        Checks.start().check(!timeIds.isEmpty() || !expenseIds.isEmpty(), "timeEntryIds",
                "timeEntryIds and expenseIds name no entry").orThrow();
        List<EntryMark> time = lockMarks("psa.time_entries", timeIds);
        List<EntryMark> expenses = lockMarks("psa.expenses", expenseIds);
        Checks checks = Checks.start();
        unknown(checks, "timeEntryIds", timeIds, time);
        unknown(checks, "expenseIds", expenseIds, expenses);
        checks.orThrow();
        List<String> notApproved = new ArrayList<>();
        Map<String, String> billedElsewhere = new LinkedHashMap<>();
        for (EntryMark mark : concat(time, expenses)) {
            if (!"APPROVED".equals(mark.status())) {
                notApproved.add(mark.id());
            } else if (mark.invoiceRef() != null && !mark.invoiceRef().equals(r.invoiceRef())) {
                billedElsewhere.put(mark.id(), mark.invoiceRef());
            }
        }
        if (!notApproved.isEmpty()) {
            throw ApiException.conflict(notApproved.size() + " entries are not APPROVED; nothing was marked")
                    .with("ids", notApproved);
        }
        if (!billedElsewhere.isEmpty()) {
            throw ApiException.conflict(billedElsewhere.size() + " entries are billed to another invoice; nothing was marked")
                    .with("ids", List.copyOf(billedElsewhere.keySet())).with("billedTo", billedElsewhere);
        }
        setMarks("psa.time_entries", timeIds, r.invoiceRef());
        setMarks("psa.expenses", expenseIds, r.invoiceRef());
        return billingMarks(r.invoiceRef());
    }

    /** Releases every entry billed to {@code invoiceRef} (a voided invoice); answers the released ids (none: empty). */
    public BillingMarks releaseBilled(String invoiceRef) {
        List<String> time = release("psa.time_entries", invoiceRef);
        List<String> expenses = release("psa.expenses", invoiceRef);
        return new BillingMarks(invoiceRef, time, expenses);
    }

    public BillingMarks billingMarks(String invoiceRef) {
        return new BillingMarks(invoiceRef, billedIds("psa.time_entries", invoiceRef), billedIds("psa.expenses", invoiceRef));
    }

    private record EntryMark(String id, String status, String invoiceRef) {
    }

    private static List<String> distinct(List<String> ids) {
        return ids == null ? List.of() : ids.stream().distinct().toList();
    }

    private static List<EntryMark> concat(List<EntryMark> a, List<EntryMark> b) {
        List<EntryMark> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static void unknown(Checks checks, String field, List<String> asked, List<EntryMark> found) {
        Set<String> known = new HashSet<>();
        found.forEach(m -> known.add(m.id()));
        List<String> missing = asked.stream().filter(id -> !known.contains(id)).toList();
        checks.check(missing.isEmpty(), field, "unknown entries: " + String.join(", ", missing.stream().limit(20).toList())
                + (missing.size() > 20 ? " and " + (missing.size() - 20) + " more" : ""));
    }

    /** Locks the rows in id order (concurrent marks of overlapping sets cannot deadlock). */
    private List<EntryMark> lockMarks(String table, List<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT id, status, billed_invoice_ref FROM " + table
                        + " WHERE id = ANY(:ids) ORDER BY id FOR UPDATE")
                .param("ids", ids.toArray(String[]::new))
                .query((rs, n) -> new EntryMark(rs.getString("id"), rs.getString("status"), rs.getString("billed_invoice_ref")))
                .list();
    }

    private void setMarks(String table, List<String> ids, String invoiceRef) {
        if (ids.isEmpty()) {
            return;
        }
        jdbc.sql("UPDATE " + table + """
                 SET billed_invoice_ref = :invoiceRef, billed_at = now(), updated_at = now(),
                    correlation_id = COALESCE(:correlationId, correlation_id)
                WHERE id = ANY(:ids) AND billed_invoice_ref IS NULL
                """).param("invoiceRef", invoiceRef).param("correlationId", Correlation.current())
                .param("ids", ids.toArray(String[]::new)).update();
    }

    private List<String> release(String table, String invoiceRef) {
        return jdbc.sql("UPDATE " + table + """
                 SET billed_invoice_ref = NULL, billed_at = NULL, updated_at = now(),
                    correlation_id = COALESCE(:correlationId, correlation_id)
                WHERE billed_invoice_ref = :invoiceRef
                RETURNING id
                """).param("invoiceRef", invoiceRef).param("correlationId", Correlation.current())
                .query(String.class).list().stream().sorted().toList();
    }

    private List<String> billedIds(String table, String invoiceRef) {
        return jdbc.sql("SELECT id FROM " + table + " WHERE billed_invoice_ref = :invoiceRef ORDER BY id")
                .param("invoiceRef", invoiceRef).query(String.class).list();
    }

    // ---- benchmark seeding

    /**
     * {@code count} APPROVED time entries on an ACTIVE project in one set-based INSERT (no webhooks): {@code perDay}
     * (default 8) entries a day from {@code from}, {@code hours} (default 1) each.
     */
    public BulkTimeEntries seedTimeEntries(String projectId, BulkTimeEntriesRequest r) {
        activeProject(projectId);
        BigDecimal hours = r.hours() == null ? BigDecimal.ONE : r.hours();
        Checks.start().scale("hours", hours, 2).orThrow();
        int perDay = r.perDay() == null ? 8 : r.perDay();
        int created = jdbc.sql("""
                INSERT INTO psa.time_entries (id, project_id, person, role, entry_date, hours, description, status,
                    approved_at, correlation_id)
                SELECT 'tim_' || replace(CAST(gen_random_uuid() AS text), '-', ''), :projectId, :person, :role,
                       CAST(:from AS date) + CAST((g - 1) / :perDay AS int), :hours, 'seeded ' || g, 'APPROVED', now(),
                       :correlationId
                  FROM generate_series(1, :count) AS g
                """).param("projectId", projectId)
                .param("person", r.person() == null ? "bench@o2c.dev" : r.person())
                .param("role", r.role() == null ? "Engineer" : r.role())
                .param("from", r.from()).param("perDay", perDay).param("hours", hours).param("count", r.count())
                .param("correlationId", Correlation.current()).update();
        return new BulkTimeEntries(projectId, created, r.from(), r.from().plusDays((r.count() - 1) / perDay));
    }

    // ---- milestones

    public Milestone createMilestone(String projectId, MilestoneRequest r) {
        Project project = activeProject(projectId);
        Checks.start().currency("currency", r.currency()).scale("amount", r.amount(), 2).orThrow();
        String id = Ids.next("mil");
        jdbc.sql("""
                INSERT INTO psa.milestones (id, project_id, name, amount, currency, due_date, status, correlation_id)
                VALUES (:id, :projectId, :name, :amount, :currency, :dueDate, 'OPEN', :correlationId)
                """)
                .param("id", id).param("projectId", projectId).param("name", r.name()).param("amount", r.amount())
                .param("currency", r.currency() == null ? project.currency() : r.currency())
                .param("dueDate", r.dueDate()).param("correlationId", Correlation.current())
                .update();
        return milestone(id);
    }

    /** OPEN → COMPLETED and {@code milestone.completed}; completing again answers unchanged, no second event. */
    public Milestone completeMilestone(String id) {
        Milestone milestone = jdbc.sql("SELECT * FROM psa.milestones WHERE id = :id FOR UPDATE").param("id", id)
                .query(PsaService::mapMilestone).optional().orElseThrow(() -> ApiException.notFound("milestone", id));
        if (milestone.status() == MilestoneStatus.COMPLETED) {
            return milestone;
        }
        notCancelledProject(milestone.projectId());
        jdbc.sql("""
                UPDATE psa.milestones SET status = 'COMPLETED', completed_at = now(), updated_at = now(),
                    correlation_id = COALESCE(:correlationId, correlation_id)
                WHERE id = :id
                """).param("correlationId", Correlation.current()).param("id", id).update();
        events.publish("psa", "milestone.completed", Map.of("milestoneId", id, "projectId", milestone.projectId()));
        return milestone(id);
    }

    public Milestone milestone(String id) {
        return jdbc.sql("SELECT * FROM psa.milestones WHERE id = :id").param("id", id).query(PsaService::mapMilestone)
                .optional().orElseThrow(() -> ApiException.notFound("milestone", id));
    }

    public List<Milestone> milestones(String projectId) {
        project(projectId);
        return jdbc.sql("SELECT * FROM psa.milestones WHERE project_id = :projectId ORDER BY due_date NULLS LAST, created_at, id")
                .param("projectId", projectId).query(PsaService::mapMilestone).list();
    }

    private static Milestone mapMilestone(ResultSet rs, int row) throws SQLException {
        return new Milestone(rs.getString("id"), rs.getString("project_id"), rs.getString("name"),
                Rows.decimal(rs, "amount"), rs.getString("currency"), Rows.date(rs, "due_date"),
                MilestoneStatus.valueOf(rs.getString("status")), Rows.instant(rs, "completed_at"),
                rs.getString("correlation_id"), Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"));
    }

    @Override
    public String system() {
        return "psa";
    }

    @Override
    public Map<String, List<?>> snapshot() {
        Map<String, List<?>> all = new LinkedHashMap<>();
        all.put("projects", projects(null, null));
        all.put("timeEntries", jdbc.sql("SELECT * FROM psa.time_entries ORDER BY created_at, id").query(PsaService::mapTimeEntry).list());
        all.put("expenses", jdbc.sql("SELECT * FROM psa.expenses ORDER BY created_at, id").query(PsaService::mapExpense).list());
        all.put("milestones", jdbc.sql("SELECT * FROM psa.milestones ORDER BY created_at, id").query(PsaService::mapMilestone).list());
        return all;
    }
}
