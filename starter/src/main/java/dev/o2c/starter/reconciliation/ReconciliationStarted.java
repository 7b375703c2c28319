package dev.o2c.starter.reconciliation;

import io.swagger.v3.oas.annotations.media.Schema;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * Answer of {@code POST /api/v1/reconciliations}: {@code 202} when this call started the run, {@code 200} when one
 * was running already (it is answered; nothing starts).
 *
 * @param checks the run's checks, in order
 * @param links {@code self} (the run's report), {@code discrepancies}, {@code temporalUi} where the server has a UI
 */
public record ReconciliationStarted(
        String runId,
        @Schema(allowableValues = {"RUNNING", "COMPLETED", "FAILED"}) String status,
        boolean created,
        List<String> checks,
        Map<String, URI> links) {}
