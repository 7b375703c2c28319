package dev.o2c.starter.reconciliation;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * What an on-demand reconciliation checks.
 *
 * @param checks the checks to run, in this order; absent or empty: all four
 */
public record ReconciliationRequestBody(
        @Size(max = 4) @ArraySchema(schema = @Schema(allowableValues = {"provisioning", "work", "receivables",
                "payments"})) List<String> checks) {}
