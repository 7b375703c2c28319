package dev.o2c.starter.exception;

import com.fasterxml.jackson.annotation.JsonRawValue;
import io.swagger.v3.oas.annotations.media.Schema;
import java.net.URI;
import java.time.Instant;
import java.util.Map;

/** One exception record of the queue. {@code links} offers the actions that are allowed now. */
public record ExceptionDetails(
        String id,
        String workflowId,
        String runId,
        String processType,
        String businessKey,
        String step,
        @Schema(allowableValues = {"sales-ops", "pmo", "finance-ops", "it"}) String owner,
        String failureType,
        String cause,
        @JsonRawValue @Schema(types = {"object"}, description = "details (violations, the system's problem document)") String payload,
        boolean skippable,
        @Schema(allowableValues = {"OPEN", "RESOLVED"}) String status,
        @Schema(allowableValues = {"RETRY", "SKIP", "ABORT"}) String resolution,
        String resolvedBy,
        String resolutionNote,
        String correlationId,
        Instant openedAt,
        Instant abortAt,
        Instant resolvedAt,
        Map<String, URI> links) {}
