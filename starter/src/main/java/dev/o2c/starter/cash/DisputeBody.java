package dev.o2c.starter.cash;

import dev.o2c.starter.process.StartRequest;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Body of {@code POST /api/v1/invoices/{invoiceId}/disputes}. */
public record DisputeBody(
        @Schema(description = "why the customer disputes the invoice", example = "hours billed twice")
        @NotBlank @Size(max = 500) String reason,
        @Schema(description = "the disputed amount, in the invoice's currency; absent: the whole open balance")
        @Valid MoneyBody amount,
        @Schema(description = "the caller's idempotency key: the same id again answers the same dispute",
                example = "req-42")
        @Size(max = 100) @Pattern(regexp = StartRequest.ID_PATTERN, message = "may only contain letters, digits and"
                + " . _ : -") String requestId) {}
