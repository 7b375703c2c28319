package dev.o2c.sandbox.psa;

import dev.o2c.sandbox.platform.data.BillingModel;
import dev.o2c.sandbox.platform.data.Phase;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** PSA request and response shapes. */
public final class PsaModels {

    private PsaModels() {
    }

    private static final String CURRENCY = "[A-Z]{3}";
    private static final String CURRENCY_MESSAGE = "must be an ISO 4217 code such as EUR";

    /**
     * ACTIVE → ON_HOLD (hold) → ACTIVE (resume); ACTIVE or ON_HOLD → CLOSED (close) or CANCELLED (cancel). CLOSED and
     * CANCELLED are final.
     */
    public enum ProjectStatus { ACTIVE, ON_HOLD, CLOSED, CANCELLED }

    public enum EntryStatus { SUBMITTED, APPROVED }

    public enum MilestoneStatus { OPEN, COMPLETED }

    public record ProjectRequest(
            @Size(max = 100) String externalRef,
            @NotBlank @Size(max = 100) String customerRef,
            @NotBlank @Size(max = 200) String name,
            @NotNull BillingModel billingModel,
            @NotNull @Pattern(regexp = CURRENCY, message = CURRENCY_MESSAGE) String currency,
            LocalDate startDate,
            LocalDate endDate,
            List<@Valid Phase> phases) {
    }

    /** PATCH: fields present replace, absent or null keep; {@code budgetAmount} in the project's currency. */
    public record ProjectUpdate(
            @Size(min = 1, max = 200) String name,
            LocalDate endDate,
            @PositiveOrZero BigDecimal budgetAmount,
            @PositiveOrZero BigDecimal budgetHours) {
    }

    public record Project(String id, String externalRef, String customerRef, String name, BillingModel billingModel,
            String currency, LocalDate startDate, LocalDate endDate, BigDecimal budgetAmount, BigDecimal budgetHours,
            ProjectStatus status, List<Phase> phases,
            Instant cancelledAt, Instant closedAt, String correlationId, Instant createdAt, Instant updatedAt) {
    }

    public record TimeEntryRequest(
            @NotBlank @Size(max = 200) String person,
            @NotBlank @Size(max = 100) String role,
            @NotNull LocalDate date,
            @NotNull @Positive @DecimalMax("24") BigDecimal hours,
            @Size(max = 200) String taskName,
            @Size(max = 2000) String description) {
    }

    public record TimeEntry(String id, String projectId, String person, String role, LocalDate date, BigDecimal hours,
            String taskName, String description, EntryStatus status, Instant approvedAt, String billedInvoiceRef,
            Instant billedAt, String correlationId, Instant createdAt, Instant updatedAt) {
    }

    public record ExpenseRequest(
            @NotNull LocalDate date,
            @NotBlank @Size(max = 100) String category,
            @NotNull @Positive BigDecimal amount,
            @NotNull @Pattern(regexp = CURRENCY, message = CURRENCY_MESSAGE) String currency,
            @Size(max = 2000) String description) {
    }

    public record Expense(String id, String projectId, LocalDate date, String category, BigDecimal amount, String currency,
            String description, EntryStatus status, Instant approvedAt, String billedInvoiceRef, Instant billedAt,
            String correlationId, Instant createdAt, Instant updatedAt) {
    }

    /** {@code currency} defaults to the project's. */
    public record MilestoneRequest(
            @NotBlank @Size(max = 200) String name,
            @NotNull @PositiveOrZero BigDecimal amount,
            @Pattern(regexp = CURRENCY, message = CURRENCY_MESSAGE) String currency,
            LocalDate dueDate) {
    }

    /** A time entry or an expense, as a reconciliation compares it with invoice lines ({@code kind} TIME or EXPENSE). */
    public record WorkEntry(String id, String kind, String projectId, LocalDate date, EntryStatus status,
            String billedInvoiceRef, Instant updatedAt) {
    }

    public record Milestone(String id, String projectId, String name, BigDecimal amount, String currency,
            LocalDate dueDate, MilestoneStatus status, Instant completedAt, String correlationId, Instant createdAt,
            Instant updatedAt) {
    }

    /** Marks approved entries as billed to {@code invoiceRef}; at least one id in all. */
    public record BillingMarkRequest(
            @NotBlank @Size(max = 100) String invoiceRef,
            @Size(max = 100_000) List<@NotBlank String> timeEntryIds,
            @Size(max = 100_000) List<@NotBlank String> expenseIds) {
    }

    public record BillingReleaseRequest(@NotBlank @Size(max = 100) String invoiceRef) {
    }

    /** The entries billed to (or, after a release, released from) {@code invoiceRef}, ids sorted. */
    public record BillingMarks(String invoiceRef, List<String> timeEntryIds, List<String> expenseIds) {
    }

    /**
     * Benchmark seeding: {@code count} APPROVED time entries, {@code perDay} a day from {@code from}, each of
     * {@code hours}; {@code person} and {@code role} default to {@code bench@o2c.dev} and {@code Engineer}.
     */
    public record BulkTimeEntriesRequest(
            @NotNull @Positive @jakarta.validation.constraints.Max(1_000_000) Integer count,
            @NotNull LocalDate from,
            @Positive @jakarta.validation.constraints.Max(1_000) Integer perDay,
            @Positive @DecimalMax("24") BigDecimal hours,
            @Size(max = 200) String person,
            @Size(max = 100) String role) {
    }

    public record BulkTimeEntries(String projectId, int created, LocalDate from, LocalDate to) {
    }
}
