package dev.o2c.sandbox.erp;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.o2c.sandbox.platform.data.Address;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
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

/** ERP request and response shapes. */
public final class ErpModels {

    private ErpModels() {
    }

    private static final String CURRENCY = "[A-Z]{3}";
    private static final String CURRENCY_MESSAGE = "must be an ISO 4217 code such as EUR";

    public enum CustomerStatus { ACTIVE, INACTIVE }

    public enum ProjectStatus { OPEN, CLOSED }

    /** How revenue is recognised for an ERP project. */
    public enum RevenueMethod { AS_INVOICED, PERCENT_COMPLETE, STRAIGHT_LINE, MILESTONE }

    /**
     * OPEN → PARTIALLY_PAID → PAID by payments; CREDITED (credits took the balance to zero), WRITTEN_OFF (a write-off
     * did), REVERSED (the invoice was voided before any payment; balance 0).
     */
    public enum ReceivableStatus { OPEN, PARTIALLY_PAID, PAID, CREDITED, WRITTEN_OFF, REVERSED }

    public record LegalEntity(String code, String name, String currency, String country) {
    }

    /** Upsert by {@code externalId}. A real ERP needs a legal entity, a tax id and a billing address. */
    public record CustomerRequest(
            @NotBlank @Size(max = 100) String externalId,
            @NotBlank @Size(max = 200) String name,
            @NotBlank String legalEntity,
            @NotBlank @Size(max = 50) String taxId,
            @NotNull @Pattern(regexp = CURRENCY, message = CURRENCY_MESSAGE) String currency,
            @NotNull @Valid Address billingAddress,
            @NotNull @PositiveOrZero @Max(365) Integer paymentTermsDays) {
    }

    /**
     * {@code created} is present on upsert answers only: true when the upsert created the customer. {@code version}
     * starts at 1 and every write bumps it (a PATCH names the version it read: {@code expectedVersion}).
     * {@code creditLimit} is the ERP's own (null: none set). {@code lastSynced}: the CRM-owned attributes as the
     * integration last wrote them (by the upsert, or a PATCH that sends {@code lastSynced}).
     */
    public record Customer(String id, String externalId, String name, String legalEntity, String taxId, String currency,
            Address billingAddress, int paymentTermsDays, CustomerStatus status, Instant deactivatedAt,
            @JsonInclude(JsonInclude.Include.NON_NULL) Boolean created, String correlationId, Instant createdAt,
            Instant updatedAt, long version, BigDecimal creditLimit, SyncedAttributes lastSynced) {

        Customer withCreated(boolean value) {
            return new Customer(id, externalId, name, legalEntity, taxId, currency, billingAddress, paymentTermsDays,
                    status, deactivatedAt, value, correlationId, createdAt, updatedAt, version, creditLimit,
                    lastSynced);
        }
    }

    /** The CRM-owned attributes of a customer as the integration last wrote them (its sync baseline). */
    public record SyncedAttributes(@Size(max = 200) String name, @Size(max = 50) String taxId,
            @Valid Address billingAddress) {
    }

    /**
     * PATCH of a customer: {@code expectedVersion} (required) must be the customer's current version, else 409 with
     * {@code currentVersion}; present fields replace the stored ones, absent (null) fields stay. An integration sends
     * {@code lastSynced} with what it wrote; a person editing the ERP does not, so the baseline keeps the last sync.
     */
    public record CustomerUpdate(
            @NotNull @Positive Long expectedVersion,
            @Size(min = 1, max = 200) String name,
            @Size(min = 1, max = 50) String taxId,
            @Valid Address billingAddress,
            @PositiveOrZero @Max(365) Integer paymentTermsDays,
            @PositiveOrZero BigDecimal creditLimit,
            @Valid SyncedAttributes lastSynced) {
    }

    public record ProjectRequest(
            @Size(max = 100) String externalRef,
            @NotBlank String customerId,
            @NotBlank @Size(max = 200) String name,
            @NotNull @Pattern(regexp = CURRENCY, message = CURRENCY_MESSAGE) String currency,
            @NotNull RevenueMethod revenueMethod) {
    }

    /** PATCH: fields present replace, absent or null keep; {@code contractAmount} in the project's currency. */
    public record ProjectUpdate(
            @Size(min = 1, max = 200) String name,
            RevenueMethod revenueMethod,
            LocalDate endDate,
            @PositiveOrZero BigDecimal contractAmount) {
    }

    public record ErpProject(String id, String externalRef, String customerId, String name, String currency,
            RevenueMethod revenueMethod, LocalDate endDate, BigDecimal contractAmount, ProjectStatus status, Instant closedAt, String correlationId, Instant createdAt,
            Instant updatedAt) {
    }

    public record ReceivableRequest(
            @NotBlank String customerId,
            @NotBlank @Size(max = 100) String invoiceRef,
            @NotNull @Positive BigDecimal amount,
            @NotNull @Pattern(regexp = CURRENCY, message = CURRENCY_MESSAGE) String currency,
            @NotNull LocalDate dueDate) {
    }

    public record Receivable(String id, String customerId, String invoiceRef, BigDecimal amount, BigDecimal balance,
            String currency, LocalDate dueDate, ReceivableStatus status, List<ReceivablePayment> payments,
            List<ReceivableCredit> credits, List<ReceivableWriteOff> writeOffs, Instant reversedAt, String reversalReason,
            String correlationId, Instant createdAt, Instant updatedAt) {
    }

    public record CreditRequest(
            @NotBlank @Size(max = 100) String creditRef,
            @NotNull @Positive BigDecimal amount,
            @NotNull @Pattern(regexp = CURRENCY, message = CURRENCY_MESSAGE) String currency,
            @NotBlank @Size(max = 1000) String reason) {
    }

    public record ReceivableCredit(String id, String receivableId, String creditRef, BigDecimal amount, String currency,
            String reason, String correlationId, Instant createdAt, Instant updatedAt) {
    }

    public record WriteOffRequest(
            @NotNull @Positive BigDecimal amount,
            @NotNull @Pattern(regexp = CURRENCY, message = CURRENCY_MESSAGE) String currency,
            @NotBlank @Size(max = 1000) String reason) {
    }

    public record ReceivableWriteOff(String id, String receivableId, BigDecimal amount, String currency, String reason,
            String correlationId, Instant createdAt, Instant updatedAt) {
    }

    /** A hand edit of a receivable's amount (sandbox only): the balance moves by the same difference. */
    public record ReceivableAmountRequest(@NotNull @Positive BigDecimal amount) {
    }

    public record ReverseRequest(@NotBlank @Size(max = 1000) String reason) {
    }

    public record PaymentRequest(
            @NotBlank @Size(max = 100) String paymentRef,
            @NotNull @Positive BigDecimal amount,
            @NotNull @Pattern(regexp = CURRENCY, message = CURRENCY_MESSAGE) String currency,
            @NotNull LocalDate receivedOn) {
    }

    public record ReceivablePayment(String id, String receivableId, String paymentRef, BigDecimal amount, String currency,
            LocalDate receivedOn, String correlationId, Instant createdAt, Instant updatedAt) {
    }

    /** The rate in force on {@code date}: 1 {@code from} = {@code rate} {@code to}; {@code effectiveFrom} null for from = to. */
    public record ExchangeRate(String from, String to, LocalDate date, BigDecimal rate, LocalDate effectiveFrom) {
    }

    /** The tax rate in force on {@code date}; {@code country} is the customer's, {@code matchedCountry} the row's ({@code *}: default). */
    public record TaxRate(String legalEntity, String country, LocalDate date, BigDecimal ratePercent, String taxCode,
            String matchedCountry, LocalDate effectiveFrom) {
    }

    public record ExchangeRateRequest(
            @NotNull @Pattern(regexp = CURRENCY, message = CURRENCY_MESSAGE) String from,
            @NotNull @Pattern(regexp = CURRENCY, message = CURRENCY_MESSAGE) String to,
            @NotNull LocalDate effectiveFrom,
            @NotNull @Positive BigDecimal rate) {
    }

    /** {@code country} an ISO 3166 code or {@code *} (the legal entity's default). */
    public record TaxRateRequest(
            @NotBlank String legalEntity,
            @NotBlank String country,
            @NotNull LocalDate effectiveFrom,
            @NotNull @PositiveOrZero @jakarta.validation.constraints.DecimalMax(value = "100", inclusive = false) BigDecimal ratePercent,
            @NotBlank @Size(max = 50) String taxCode) {
    }

    /** Revenue recognised for an ERP project in a period ({@code YYYY-MM}); unique per project, period and source ref. */
    public record RevenueEntryRequest(
            @NotBlank String projectId,
            @NotNull @Pattern(regexp = "\\d{4}-(0[1-9]|1[0-2])", message = "must be a month such as 2026-02") String period,
            @NotNull BigDecimal amount,
            @NotNull @Pattern(regexp = CURRENCY, message = CURRENCY_MESSAGE) String currency,
            @NotNull RevenueMethod method,
            @NotBlank @Size(max = 100) String sourceRef,
            @Size(max = 500) String description) {
    }

    public record RevenueEntry(String id, String projectId, String period, BigDecimal amount, String currency,
            RevenueMethod method, String sourceRef, String description, String correlationId, Instant createdAt,
            Instant updatedAt) {
    }
}
