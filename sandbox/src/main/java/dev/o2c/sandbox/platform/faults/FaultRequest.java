package dev.o2c.sandbox.platform.faults;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * @param system    {@code crm|psa|erp|invoicing}
 * @param operation an operation name such as {@code customers.upsert}, or {@code *} for every operation of the system
 * @param times     how many calls it affects; absent: until deleted
 * @param probability the share of matching calls it acts on, drawn per call (a chaos soak's "30 % of calls fail");
 *     absent: every call. A call it spares goes on to the next matching fault and does not count against
 *     {@code times}
 */
public record FaultRequest(
        @NotBlank @Pattern(regexp = "crm|psa|erp|invoicing", message = "must be one of crm, psa, erp, invoicing") String system,
        @NotBlank String operation,
        @NotNull FaultMode mode,
        @Min(1) Integer times,
        @Min(400) @Max(599) Integer status,
        @Min(1) @Max(60_000) Integer latencyMs,
        @Min(0) @Max(3600) Integer retryAfterSeconds,
        @DecimalMin(value = "0", inclusive = false) @DecimalMax("1") Double probability) {
}
