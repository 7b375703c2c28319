package dev.o2c.sandbox.psa;

import dev.o2c.sandbox.platform.data.BillingModel;
import dev.o2c.sandbox.platform.data.Checks;
import dev.o2c.sandbox.platform.data.ExternalRefs;
import dev.o2c.sandbox.platform.data.JsonColumns;
import dev.o2c.sandbox.platform.data.Phase;
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
import dev.o2c.sandbox.psa.PsaModels.TimeEntry;
import dev.o2c.sandbox.psa.PsaModels.TimeEntryRequest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    /** A project that accepts new entries (locked, so a concurrent cancel waits). */
    private Project activeProject(String id) {
        Project project = lockProject(id);
        if (project.status() == ProjectStatus.CANCELLED) {
            throw ApiException.conflict("Project " + id + " is CANCELLED").with("projectId", id);
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

    /** ACTIVE → CANCELLED; cancelling again answers the project unchanged. */
    public Project cancel(String id) {
        Project project = lockProject(id);
        if (project.status() == ProjectStatus.CANCELLED) {
            return project;
        }
        jdbc.sql("""
                UPDATE psa.projects SET status = 'CANCELLED', cancelled_at = now(), updated_at = now(),
                    correlation_id = COALESCE(:correlationId, correlation_id)
                WHERE id = :id
                """).param("correlationId", Correlation.current()).param("id", id).update();
        return project(id);
    }

    private Project mapProject(ResultSet rs, int row) throws SQLException {
        return new Project(rs.getString("id"), rs.getString("external_ref"), rs.getString("customer_ref"),
                rs.getString("name"), BillingModel.valueOf(rs.getString("billing_model")), rs.getString("currency"),
                Rows.date(rs, "start_date"), Rows.date(rs, "end_date"), ProjectStatus.valueOf(rs.getString("status")),
                json.read(rs.getString("phases"), PHASES), Rows.instant(rs, "cancelled_at"),
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
     * The approval itself, shared by time entries and expenses: the project must still be active; the row of
     * {@code table} becomes APPROVED and {@code event} is published (in the request's transaction, via the outbox).
     */
    private void markApproved(String table, String id, String projectId, String event, String idField) {
        activeProject(projectId);
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

    public List<TimeEntry> timeEntries(String projectId, EntryStatus status) {
        project(projectId);
        return jdbc.sql("""
                SELECT * FROM psa.time_entries
                 WHERE project_id = :projectId AND (CAST(:status AS text) IS NULL OR status = :status)
                 ORDER BY entry_date, created_at, id
                """).param("projectId", projectId).param("status", Rows.name(status)).query(PsaService::mapTimeEntry).list();
    }

    private static TimeEntry mapTimeEntry(ResultSet rs, int row) throws SQLException {
        return new TimeEntry(rs.getString("id"), rs.getString("project_id"), rs.getString("person"), rs.getString("role"),
                Rows.date(rs, "entry_date"), Rows.decimal(rs, "hours"), rs.getString("task_name"),
                rs.getString("description"), EntryStatus.valueOf(rs.getString("status")), Rows.instant(rs, "approved_at"),
                rs.getString("correlation_id"), Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"));
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

    public List<Expense> expenses(String projectId, EntryStatus status) {
        project(projectId);
        return jdbc.sql("""
                SELECT * FROM psa.expenses
                 WHERE project_id = :projectId AND (CAST(:status AS text) IS NULL OR status = :status)
                 ORDER BY expense_date, created_at, id
                """).param("projectId", projectId).param("status", Rows.name(status)).query(PsaService::mapExpense).list();
    }

    private static Expense mapExpense(ResultSet rs, int row) throws SQLException {
        return new Expense(rs.getString("id"), rs.getString("project_id"), Rows.date(rs, "expense_date"),
                rs.getString("category"), Rows.decimal(rs, "amount"), rs.getString("currency"),
                rs.getString("description"), EntryStatus.valueOf(rs.getString("status")), Rows.instant(rs, "approved_at"),
                rs.getString("correlation_id"), Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"));
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
        activeProject(milestone.projectId());
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
