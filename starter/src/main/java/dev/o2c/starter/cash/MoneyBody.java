package dev.o2c.starter.cash;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** An amount in a request body: {@code {"amount": "12.30", "currency": "EUR"}} (the amount a decimal string). */
public record MoneyBody(
        @Schema(description = "decimal string, at most 2 decimals", example = "120.00")
        @NotNull @Pattern(regexp = "[0-9]{1,15}(\\.[0-9]{1,2})?", message = "must be a decimal string like 12.30")
        String amount,
        @Schema(description = "ISO 4217 code, the invoice's currency", example = "EUR")
        @NotBlank @Pattern(regexp = "[A-Z]{3}", message = "must be 3 upper-case letters") String currency) {}
