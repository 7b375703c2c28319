package dev.o2c.starter.process;

import java.net.URI;
import java.time.Instant;
import java.util.Map;

/** One process in {@code GET /api/v1/processes}, from the ledger projection. */
public record ProcessSummary(
        String workflowId,
        String processType,
        String businessKey,
        String status,
        String correlationId,
        String currentStep,
        String detail,
        Map<String, String> createdIds,
        Instant startedAt,
        Instant updatedAt,
        int incarnation,
        Map<String, URI> links) {}
