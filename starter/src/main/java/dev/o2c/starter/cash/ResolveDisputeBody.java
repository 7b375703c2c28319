package dev.o2c.starter.cash;

import dev.o2c.workflows.cash.DisputeOutcome;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** Body of {@code POST /api/v1/invoices/{invoiceId}/disputes/{disputeId}/resolve}. */
public record ResolveDisputeBody(
        @Schema(description = "UPHELD: a credit memo for the disputed amount; REJECTED: dunning resumes")
        @NotNull DisputeOutcome outcome,
        @Schema(description = "free text for the audit trail", example = "customer right: hours billed twice")
        @Size(max = 2000) String note) {}
