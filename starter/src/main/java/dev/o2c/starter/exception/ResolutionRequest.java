package dev.o2c.starter.exception;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Size;

/** Optional body of the resolve actions. */
public record ResolutionRequest(
        @Schema(description = "free text for the audit trail", example = "tax id fixed in CRM") @Size(max = 2000) String note) {}
