package dev.o2c.starter.cash;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** Body of {@code POST /api/v1/invoices/{invoiceId}/write-off}. */
public record WriteOffBody(
        @Schema(description = "the amount written off, in the invoice's currency, at most the open balance")
        @NotNull @Valid MoneyBody amount,
        @Schema(description = "why", example = "small balance after a short payment") @NotBlank @Size(max = 500)
        String reason) {}
