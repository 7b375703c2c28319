package dev.o2c.sandbox.psa;

import dev.o2c.sandbox.platform.data.KeyRange;
import dev.o2c.sandbox.platform.data.Page;
import dev.o2c.sandbox.platform.web.SandboxOperation;
import dev.o2c.sandbox.psa.PsaModels.BillingMarkRequest;
import dev.o2c.sandbox.psa.PsaModels.BillingMarks;
import dev.o2c.sandbox.psa.PsaModels.BillingReleaseRequest;
import dev.o2c.sandbox.psa.PsaModels.EntryStatus;
import dev.o2c.sandbox.psa.PsaModels.Expense;
import dev.o2c.sandbox.psa.PsaModels.ExpenseRequest;
import dev.o2c.sandbox.psa.PsaModels.Milestone;
import dev.o2c.sandbox.psa.PsaModels.MilestoneRequest;
import dev.o2c.sandbox.psa.PsaModels.Project;
import dev.o2c.sandbox.psa.PsaModels.ProjectRequest;
import dev.o2c.sandbox.psa.PsaModels.ProjectStatus;
import dev.o2c.sandbox.psa.PsaModels.ProjectUpdate;
import dev.o2c.sandbox.psa.PsaModels.TimeEntry;
import dev.o2c.sandbox.psa.PsaModels.WorkEntry;
import dev.o2c.sandbox.psa.PsaModels.TimeEntryRequest;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import java.time.LocalDate;
import java.util.List;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Writes to a CANCELLED project (entries, approvals, milestones) answer 409; a CLOSED one refuses new entries,
 * expenses and milestones (409) but still takes approvals, milestone completion and billing marks.
 */
@RestController
@RequestMapping("/psa/v1")
@Tag(name = "psa", description = "Simulated PSA: projects, work breakdown, time, expenses, milestones")
public class PsaController {

    private final PsaService psa;

    public PsaController(PsaService psa) {
        this.psa = psa;
    }

    /** A live (ACTIVE) project with the same {@code externalRef} answers 409 with its id; a CANCELLED one does not block. */
    @PostMapping("/projects")
    @SandboxOperation("projects.create")
    public ResponseEntity<Project> createProject(@Valid @RequestBody ProjectRequest request) {
        Project project = psa.createProject(request);
        return ResponseEntity.created(URI.create("/psa/v1/projects/" + project.id())).body(project);
    }

    @GetMapping("/projects/{id}")
    @SandboxOperation("projects.get")
    public Project project(@PathVariable String id) {
        return psa.project(id);
    }

    /**
     * Without paging parameters every project (filtered), oldest first. With {@code externalRefAfter},
     * {@code externalRefThrough}, {@code limit} or {@code cursor}: a page ({@code items, nextCursor}) of those whose
     * external ref lies in the range, by external ref then id (byte order), for a reconciliation.
     */
    @GetMapping("/projects")
    @SandboxOperation("projects.list")
    public Object projects(@RequestParam(required = false) String externalRef,
            @RequestParam(required = false) ProjectStatus status, @RequestParam(required = false) String externalRefAfter,
            @RequestParam(required = false) String externalRefThrough, @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        if (!KeyRange.requested(externalRefAfter, externalRefThrough, limit, cursor)) {
            return psa.projects(externalRef, status);
        }
        return psa.projectsByExternalRef(externalRefAfter, externalRefThrough, limit, cursor);
    }

    /** Changes {@code name, endDate, budgetAmount, budgetHours} (present fields); CANCELLED or CLOSED → 409. */
    @PatchMapping("/projects/{id}")
    @SandboxOperation("projects.update")
    public Project updateProject(@PathVariable String id, @Valid @RequestBody ProjectUpdate request) {
        return psa.updateProject(id, request);
    }

    /** ACTIVE or ON_HOLD → CANCELLED; idempotent; CLOSED → 409. */
    @PostMapping("/projects/{id}/cancel")
    @SandboxOperation("projects.cancel")
    public Project cancel(@PathVariable String id) {
        return psa.cancel(id);
    }

    /** ACTIVE → ON_HOLD; idempotent; CLOSED or CANCELLED → 409. */
    @PostMapping("/projects/{id}/hold")
    @SandboxOperation("projects.hold")
    public Project hold(@PathVariable String id) {
        return psa.hold(id);
    }

    /** ON_HOLD → ACTIVE; idempotent (an ACTIVE project answers unchanged); CLOSED or CANCELLED → 409. */
    @PostMapping("/projects/{id}/resume")
    @SandboxOperation("projects.resume")
    public Project resume(@PathVariable String id) {
        return psa.resume(id);
    }

    /** ACTIVE or ON_HOLD → CLOSED; idempotent; CANCELLED → 409. */
    @PostMapping("/projects/{id}/close")
    @SandboxOperation("projects.close")
    public Project close(@PathVariable String id) {
        return psa.close(id);
    }

    @PostMapping("/projects/{id}/time-entries")
    @SandboxOperation("time-entries.create")
    public ResponseEntity<TimeEntry> createTimeEntry(@PathVariable String id, @Valid @RequestBody TimeEntryRequest request) {
        return ResponseEntity.status(201).body(psa.createTimeEntry(id, request));
    }

    @GetMapping("/projects/{id}/time-entries")
    @SandboxOperation("time-entries.list")
    public Object timeEntries(@PathVariable String id, @RequestParam(required = false) EntryStatus status,
            @RequestParam(required = false) Boolean billed,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            @RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
        if (limit == null && cursor == null) {
            return psa.timeEntries(id, status, billed, to);
        }
        return psa.timeEntryPage(id, status, billed, to, limit, cursor);
    }

    /**
     * A page ({@code items, nextCursor}) of the time entries and expenses of every project in id order (byte order)
     * after {@code after}; {@code nextCursor} is the last id, the next page's {@code after}. For a reconciliation.
     */
    @GetMapping("/entries")
    @SandboxOperation("entries.page")
    public Page<WorkEntry> entries(@RequestParam(required = false) EntryStatus status,
            @RequestParam(required = false) String after, @RequestParam(required = false) Integer limit) {
        return psa.workEntryPage(status, after, limit);
    }

    @GetMapping("/time-entries/{id}")
    @SandboxOperation("time-entries.get")
    public TimeEntry timeEntry(@PathVariable String id) {
        return psa.timeEntry(id);
    }

    /** SUBMITTED → APPROVED, emits {@code time.approved}; idempotent. */
    @PostMapping("/time-entries/{id}/approve")
    @SandboxOperation("time-entries.approve")
    public TimeEntry approveTimeEntry(@PathVariable String id) {
        return psa.approveTimeEntry(id);
    }

    @PostMapping("/projects/{id}/expenses")
    @SandboxOperation("expenses.create")
    public ResponseEntity<Expense> createExpense(@PathVariable String id, @Valid @RequestBody ExpenseRequest request) {
        return ResponseEntity.status(201).body(psa.createExpense(id, request));
    }

    @GetMapping("/projects/{id}/expenses")
    @SandboxOperation("expenses.list")
    public Object expenses(@PathVariable String id, @RequestParam(required = false) EntryStatus status,
            @RequestParam(required = false) Boolean billed,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            @RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
        if (limit == null && cursor == null) {
            return psa.expenses(id, status, billed, to);
        }
        return psa.expensePage(id, status, billed, to, limit, cursor);
    }

    @GetMapping("/expenses/{id}")
    @SandboxOperation("expenses.get")
    public Expense expense(@PathVariable String id) {
        return psa.expense(id);
    }

    /** SUBMITTED → APPROVED, emits {@code expense.approved}; idempotent. */
    @PostMapping("/expenses/{id}/approve")
    @SandboxOperation("expenses.approve")
    public Expense approveExpense(@PathVariable String id) {
        return psa.approveExpense(id);
    }

    @PostMapping("/projects/{id}/milestones")
    @SandboxOperation("milestones.create")
    public ResponseEntity<Milestone> createMilestone(@PathVariable String id, @Valid @RequestBody MilestoneRequest request) {
        return ResponseEntity.status(201).body(psa.createMilestone(id, request));
    }

    @GetMapping("/projects/{id}/milestones")
    @SandboxOperation("milestones.list")
    public List<Milestone> milestones(@PathVariable String id) {
        return psa.milestones(id);
    }

    @GetMapping("/milestones/{id}")
    @SandboxOperation("milestones.get")
    public Milestone milestone(@PathVariable String id) {
        return psa.milestone(id);
    }

    /** OPEN → COMPLETED, emits {@code milestone.completed}; idempotent. */
    @PostMapping("/milestones/{id}/complete")
    @SandboxOperation("milestones.complete")
    public Milestone completeMilestone(@PathVariable String id) {
        return psa.completeMilestone(id);
    }

    /**
     * Marks APPROVED time entries and expenses billed to {@code invoiceRef}, all or nothing: unknown ids 400; an entry
     * not APPROVED or billed to another invoice 409 with {@code ids}. Answers every entry billed to the invoice.
     */
    @PostMapping("/billing-marks")
    @SandboxOperation("billing-marks.create")
    public BillingMarks markBilled(@Valid @RequestBody BillingMarkRequest request) {
        return psa.markBilled(request);
    }

    /** Releases every entry billed to {@code invoiceRef} (the invoice was voided); answers the released ids. */
    @PostMapping("/billing-marks/release")
    @SandboxOperation("billing-marks.release")
    public BillingMarks releaseBilled(@Valid @RequestBody BillingReleaseRequest request) {
        return psa.releaseBilled(request.invoiceRef());
    }

    @GetMapping("/billing-marks")
    @SandboxOperation("billing-marks.get")
    public BillingMarks billingMarks(@RequestParam String invoiceRef) {
        return psa.billingMarks(invoiceRef);
    }
}
