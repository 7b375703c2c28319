package dev.o2c.sandbox.invoicing;

import dev.o2c.sandbox.platform.data.BillingModel;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** Invoicing platform request and response shapes. */
public final class InvoicingModels {

    private InvoicingModels() {
    }

    private static final String CURRENCY = "[A-Z]{3}";
    private static final String CURRENCY_MESSAGE = "must be an ISO 4217 code such as EUR";

    public enum BillingPeriod { WEEKLY, MONTHLY, QUARTERLY, MILESTONE, ON_DEMAND }

    public enum PlanStatus { ACTIVE, VOID }

    /**
     * DRAFT → FINALIZED (number assigned) → SENT → PARTIALLY_PAID → PAID; DRAFT, FINALIZED, SENT and REJECTED can be
     * VOIDed. The customer can reject a FINALIZED or SENT invoice (REJECTED); credit memos that take the balance to zero
     * make it CREDITED.
     */
    public enum InvoiceStatus { DRAFT, FINALIZED, SENT, PARTIALLY_PAID, PAID, VOID, REJECTED, CREDITED }

    public record BillingPlanRequest(
            @Size(max = 100) String externalRef,
            @NotBlank @Size(max = 100) String customerRef,
            @NotBlank @Size(max = 100) String projectRef,
            @NotNull BillingModel billingModel,
            @NotNull @Pattern(regexp = CURRENCY, message = CURRENCY_MESSAGE) String currency,
            @NotNull BillingPeriod billingPeriod,
            @Positive BigDecimal capAmount,
            LocalDate endDate,
            @Positive BigDecimal retainerMonthlyAmount) {
    }

    /** PATCH: fields present replace, absent or null keep their value. */
    public record BillingPlanUpdate(
            @Positive BigDecimal capAmount,
            LocalDate endDate,
            @Positive BigDecimal retainerMonthlyAmount,
            BillingPeriod billingPeriod) {
    }

    /** {@code capAmount} and {@code retainerMonthlyAmount} in the plan's currency. */
    public record BillingPlan(String id, String externalRef, String customerRef, String projectRef,
            BillingModel billingModel, String currency, BillingPeriod billingPeriod, BigDecimal capAmount,
            LocalDate endDate, BigDecimal retainerMonthlyAmount, PlanStatus status, Instant voidedAt,
            String correlationId, Instant createdAt, Instant updatedAt) {
    }

    /**
     * {@code amount} (the net amount) may be omitted (it is quantity × unitPrice, rounded half-up to cents); if given it
     * must match. {@code taxRatePercent} defaults to 0; {@code taxAmount} = net × rate / 100 half-up, must match if
     * given. {@code sourceRefs}: what the line bills (e.g. PSA entry ids).
     */
    public record LineRequest(
            @NotBlank @Size(max = 500) String description,
            @NotNull BigDecimal quantity,
            @NotNull BigDecimal unitPrice,
            BigDecimal amount,
            @PositiveOrZero @DecimalMax(value = "100", inclusive = false) BigDecimal taxRatePercent,
            BigDecimal taxAmount,
            @Size(max = 100_000) List<@NotBlank @Size(max = 100) String> sourceRefs) {
    }

    /** An {@code externalRef} a live (not VOID) invoice has → 409 with {@code existingId}. */
    public record InvoiceRequest(
            @Size(max = 100) String externalRef,
            @NotBlank String billingPlanId,
            @NotNull @Pattern(regexp = CURRENCY, message = CURRENCY_MESSAGE) String currency,
            @NotNull LocalDate issueDate,
            @NotNull LocalDate dueDate,
            @NotEmpty @Size(max = 1000) List<@Valid LineRequest> lines) {
    }

    /** {@code amount} = {@code netAmount} (kept for existing clients). */
    public record InvoiceLine(int lineNo, String description, BigDecimal quantity, BigDecimal unitPrice, BigDecimal amount,
            BigDecimal netAmount, BigDecimal taxRatePercent, BigDecimal taxAmount, List<String> sourceRefs) {

        /** Lines stored before tax existed: net = amount, no tax, no source refs. */
        InvoiceLine normalized() {
            return new InvoiceLine(lineNo, description, quantity, unitPrice, amount,
                    netAmount == null ? amount : netAmount,
                    taxRatePercent == null ? BigDecimal.ZERO.setScale(4) : taxRatePercent,
                    taxAmount == null ? BigDecimal.ZERO.setScale(2) : taxAmount, sourceRefs == null ? List.of() : sourceRefs);
        }
    }

    /** {@code total} = {@code subtotal} (net) + {@code taxTotal}; payments and {@code balance} are against the total. */
    public record Invoice(String id, String externalRef, String billingPlanId, String number, String currency,
            LocalDate issueDate, LocalDate dueDate, InvoiceStatus status, List<InvoiceLine> lines, BigDecimal subtotal,
            BigDecimal taxTotal, BigDecimal total, BigDecimal amountPaid,
            BigDecimal creditedAmount, BigDecimal balance, Instant finalizedAt, Instant sentAt, Instant voidedAt,
            Instant paidAt, String rejectionReason, Instant rejectedAt, String correlationId, Instant createdAt,
            Instant updatedAt) {
    }

    /** A source ref (e.g. a PSA entry id) on line {@code lineNo} of an invoice, with the invoice's status. */
    public record LineRef(String ref, String invoiceId, int lineNo, InvoiceStatus invoiceStatus) {
    }

    public record RejectRequest(@NotBlank @Size(max = 1000) String reason) {
    }

    /** A dunning reminder: {@code stage} 1..n (one reminder per stage), {@code number} its order on the invoice. */
    public record ReminderRequest(@NotNull @Positive @jakarta.validation.constraints.Max(100) Integer stage,
            @Size(max = 1000) String note) {
    }

    public record Reminder(String id, String invoiceId, int number, int stage, String note, Instant sentAt,
            String correlationId, Instant createdAt, Instant updatedAt) {
    }

    public record CreditMemoRequest(
            @NotNull @Positive BigDecimal amount,
            @NotNull @Pattern(regexp = CURRENCY, message = CURRENCY_MESSAGE) String currency,
            @NotBlank @Size(max = 1000) String reason) {
    }

    /** A credit memo, with the invoice's status and balance after it. */
    public record CreditMemo(String id, String invoiceId, String number, BigDecimal amount, String currency,
            String reason, InvoiceStatus invoiceStatus, BigDecimal invoiceBalance, String correlationId,
            Instant createdAt, Instant updatedAt) {
    }

    public record PaymentRequest(
            @NotNull @Positive BigDecimal amount,
            @NotNull @Pattern(regexp = CURRENCY, message = CURRENCY_MESSAGE) String currency,
            @Size(max = 100) String reference,
            @NotNull LocalDate receivedOn) {
    }

    /** A payment, with the invoice's status and balance after it. */
    public record Payment(String id, String invoiceId, BigDecimal amount, String currency, String reference,
            LocalDate receivedOn, InvoiceStatus invoiceStatus, BigDecimal invoiceBalance, String correlationId,
            Instant createdAt, Instant updatedAt) {
    }
}
