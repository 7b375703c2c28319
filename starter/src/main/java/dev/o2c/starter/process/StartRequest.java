package dev.o2c.starter.process;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Body of {@code POST /api/v1/opportunity-to-project}. */
public record StartRequest(
        @Schema(description = "the won CRM opportunity", example = "opp_1042")
        @NotBlank
        @Size(max = 100)
        @Pattern(regexp = StartRequest.ID_PATTERN, message = "may only contain letters, digits and . _ : -")
        String opportunityId) {

    /** Ids become part of workflow ids, idempotency keys and URLs: keep them to safe characters. */
    public static final String ID_PATTERN = dev.o2c.starter.web.Ids.ID_PATTERN;
}
