package dev.o2c.sandbox.invoicing;

import dev.o2c.sandbox.platform.data.BillingModel;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
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
     * DRAFT → FINALIZED (number assigned) → SENT → PARTIALLY_PAID → PAID; DRAFT, FINALIZED and SENT can be VOIDed.
     */
    public enum InvoiceStatus { DRAFT, FINALIZED, SENT, PARTIALLY_PAID, PAID, VOID }

    public record BillingPlanRequest(
            @Size(max = 100) String externalRef,
            @NotBlank @Size(max = 100) String customerRef,
            @NotBlank @Size(max = 100) String projectRef,
            @NotNull BillingModel billingModel,
            @NotNull @Pattern(regexp = CURRENCY, message = CURRENCY_MESSAGE) String currency,
            @NotNull BillingPeriod billingPeriod) {
    }

    public record BillingPlan(String id, String externalRef, String customerRef, String projectRef,
            BillingModel billingModel, String currency, BillingPeriod billingPeriod, PlanStatus status, Instant voidedAt,
            String correlationId, Instant createdAt, Instant updatedAt) {
    }

    /** {@code amount} may be omitted (it is quantity × unitPrice, rounded half-up to cents); if given it must match. */
    public record LineRequest(
            @NotBlank @Size(max = 500) String description,
            @NotNull BigDecimal quantity,
            @NotNull BigDecimal unitPrice,
            BigDecimal amount) {
    }

    public record InvoiceRequest(
            @NotBlank String billingPlanId,
            @NotNull @Pattern(regexp = CURRENCY, message = CURRENCY_MESSAGE) String currency,
            @NotNull LocalDate issueDate,
            @NotNull LocalDate dueDate,
            @NotEmpty @Size(max = 1000) List<@Valid LineRequest> lines) {
    }

    public record InvoiceLine(int lineNo, String description, BigDecimal quantity, BigDecimal unitPrice, BigDecimal amount) {
    }

    public record Invoice(String id, String billingPlanId, String number, String currency, LocalDate issueDate,
            LocalDate dueDate, InvoiceStatus status, List<InvoiceLine> lines, BigDecimal total, BigDecimal amountPaid,
            BigDecimal balance, Instant finalizedAt, Instant sentAt, Instant voidedAt, Instant paidAt,
            String correlationId, Instant createdAt, Instant updatedAt) {
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
