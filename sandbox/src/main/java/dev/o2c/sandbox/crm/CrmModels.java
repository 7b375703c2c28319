package dev.o2c.sandbox.crm;

import dev.o2c.sandbox.platform.data.Address;
import dev.o2c.sandbox.platform.data.BillingModel;
import dev.o2c.sandbox.platform.data.Phase;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** CRM request and response shapes. Money: {@code amount} decimal string next to {@code currency}. */
public final class CrmModels {

    private CrmModels() {
    }

    public enum Stage { OPEN, WON, LOST }

    /**
     * Create ({@code name} required) and PATCH (absent fields unchanged). Finance attributes are optional in CRM:
     * o2c detects what is missing and parks.
     */
    public record AccountRequest(
            @Size(max = 200) String name,
            @Email String ownerEmail,
            @Size(max = 20) String legalEntity,
            @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code such as EUR") String currency,
            @Size(max = 50) String taxId,
            @Valid Address billingAddress,
            @PositiveOrZero @Max(365) Integer paymentTermsDays) {
    }

    /** {@code version} starts at 1; every PATCH bumps it (and emits {@code account.updated} carrying it). */
    public record Account(String id, String name, String ownerEmail, String legalEntity, String currency, String taxId,
            Address billingAddress, Integer paymentTermsDays, String correlationId, Instant createdAt, Instant updatedAt,
            long version) {
    }

    public record ContactRequest(@NotBlank @Size(max = 200) String name, @Email String email, @Size(max = 50) String phone,
            @Size(max = 100) String title, Boolean primary) {
    }

    public record Contact(String id, String accountId, String name, String email, String phone, String title,
            boolean primary, String correlationId, Instant createdAt, Instant updatedAt) {
    }

    public record Rate(@NotBlank String role, @NotNull @PositiveOrZero BigDecimal hourlyRate) {
    }

    public record RateCardVersion(@NotNull LocalDate effectiveFrom, @NotEmpty List<@Valid Rate> rates) {
    }

    /** Effective-dated versions; the version in force on a date is the latest with {@code effectiveFrom <= date}. */
    public record RateCard(@NotEmpty List<@Valid RateCardVersion> versions) {
    }

    public record OpportunityMilestone(@NotBlank String name, @NotNull @PositiveOrZero BigDecimal amount, LocalDate dueDate) {
    }

    public record WorkBreakdown(List<@Valid Phase> phases) {
    }

    /**
     * Create ({@code accountId}, {@code name}, {@code currency}, {@code billingModel} required; stage is always OPEN)
     * and PATCH (absent fields unchanged; stage changes only through /won and /lost).
     */
    public record OpportunityRequest(
            String accountId,
            @Size(max = 200) String name,
            Stage stage,
            @PositiveOrZero BigDecimal amount,
            @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code such as EUR") String currency,
            BillingModel billingModel,
            LocalDate startDate,
            LocalDate endDate,
            @PositiveOrZero BigDecimal capAmount,
            @Valid RateCard rateCard,
            List<@Valid OpportunityMilestone> milestones,
            @PositiveOrZero BigDecimal retainerMonthlyAmount,
            @Valid WorkBreakdown workBreakdown) {
    }

    /** Delivery write-back from o2c: ids created downstream and a status such as {@code ACTIVE} or {@code PARKED}. */
    public record DeliveryRequest(String psaProjectId, String erpCustomerId, String erpProjectId, String billingPlanId,
            @NotBlank @Pattern(regexp = "[A-Z][A-Z_]*", message = "must be an UPPER_SNAKE status such as ACTIVE") String deliveryStatus) {
    }

    public record Delivery(String psaProjectId, String erpCustomerId, String erpProjectId, String billingPlanId,
            String deliveryStatus, Instant updatedAt) {
    }

    public record LoseRequest(@Size(max = 500) String reason) {
    }

    public record Opportunity(String id, String accountId, String name, Stage stage, BigDecimal amount, String currency,
            BillingModel billingModel, LocalDate startDate, LocalDate endDate, BigDecimal capAmount, RateCard rateCard,
            List<OpportunityMilestone> milestones, BigDecimal retainerMonthlyAmount, WorkBreakdown workBreakdown,
            Instant wonAt, Instant lostAt, String lostReason, Delivery delivery, String correlationId,
            Instant createdAt, Instant updatedAt) {
    }

    public record TaskRequest(@NotBlank String accountId, String opportunityId, @NotBlank @Size(max = 300) String subject,
            @Size(max = 10_000) String body, @Size(max = 200) String assignee) {
    }

    public record CrmTask(String id, String accountId, String opportunityId, String subject, String body, String assignee,
            String correlationId, Instant createdAt, Instant updatedAt) {
    }

    /**
     * An amendment of a WON opportunity's contract terms: {@code number} is the next one (1, 2, ...); at least one
     * term; the terms given replace the opportunity's from {@code effectiveFrom}.
     */
    public record AmendmentRequest(
            @NotNull @jakarta.validation.constraints.Positive Integer number,
            @NotNull LocalDate effectiveFrom,
            @Valid RateCard rateCard,
            @jakarta.validation.constraints.Positive BigDecimal capAmount,
            LocalDate endDate,
            List<@Valid OpportunityMilestone> milestones,
            @jakarta.validation.constraints.Positive BigDecimal retainerMonthlyAmount,
            @Size(max = 500) String reason) {
    }

    public record Amendment(String id, String opportunityId, int number, LocalDate effectiveFrom, RateCard rateCard,
            BigDecimal capAmount, LocalDate endDate, List<OpportunityMilestone> milestones,
            BigDecimal retainerMonthlyAmount, String reason, String correlationId, Instant createdAt, Instant updatedAt) {
    }

    /** The status of an invoice o2c raised for the opportunity (upserted by invoice ref). */
    public record InvoiceStatusRequest(
            @NotBlank @Size(max = 50) String status,
            @NotNull @PositiveOrZero BigDecimal total,
            @NotNull @PositiveOrZero BigDecimal balance,
            @NotNull @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code such as EUR") String currency,
            LocalDate dueDate) {
    }

    public record OpportunityInvoice(String id, String opportunityId, String invoiceRef, String status, BigDecimal total,
            BigDecimal balance, String currency, LocalDate dueDate, String correlationId, Instant createdAt,
            Instant updatedAt) {
    }
}
