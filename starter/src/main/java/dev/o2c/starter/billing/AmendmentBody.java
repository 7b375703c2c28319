package dev.o2c.starter.billing;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Body of {@code POST /api/v1/projects/{psaProjectId}/amendments}: a numbered change of the contract terms. Absent
 * terms stay as they are; present ones replace the contract's ({@code rateCard} is the complete card,
 * {@code milestones} the complete list). Amounts are decimal strings (or JSON numbers) in the contract's currency; an
 * amount may also be given as {@code {"amount": "150.00", "currency": "EUR"}}, whose currency must be the contract's.
 */
public record AmendmentBody(
        @Schema(description = "the project's lastAmendmentNumber + 1 (the first is 1)", example = "1")
        @NotNull @Min(1) Integer number,
        @Schema(description = "first day the change applies to; after the last billed period", example = "2026-04-01")
        @NotNull LocalDate effectiveFrom,
        @Valid RateCardBody rateCard,
        @Schema(type = "string", description = AMOUNT, example = "120000.00") JsonNode capAmount,
        LocalDate endDate,
        @Valid List<MilestoneBody> milestones,
        @Schema(type = "string", description = AMOUNT, example = "8000.00") JsonNode retainerMonthlyAmount,
        @Schema(description = "why (audit trail)", example = "scope extended to phase 2") @NotBlank @Size(max = 2000)
        String reason) {

    static final String AMOUNT = "decimal string (or number) in the contract's currency";

    /** The complete effective-dated rate card. */
    public record RateCardBody(@Valid List<VersionBody> versions) {}

    public record VersionBody(@Schema(example = "2026-04-01") LocalDate effectiveFrom, @Valid List<RateBody> rates) {}

    public record RateBody(
            @Schema(example = "Senior Consultant") String role,
            @Schema(type = "string", description = AMOUNT, example = "165.00") JsonNode hourlyRate) {}

    /** A milestone; {@code id} is the PSA's, absent for a new one. */
    public record MilestoneBody(
            String id,
            @Schema(example = "Phase 2 sign-off") String name,
            @Schema(type = "string", description = AMOUNT, example = "25000.00") JsonNode amount,
            @Schema(example = "2026-06-30") LocalDate dueDate) {}
}
