package dev.o2c.starter.billing;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;

/** Body of {@code POST /api/v1/projects/{psaProjectId}/billing-runs}. */
public record BillNowBody(
        @Schema(description = "last day billed (inclusive): approved, unbilled work dated up to it; not in the future,"
                + " not before the contract starts", example = "2026-03-15") @NotNull LocalDate through) {}
