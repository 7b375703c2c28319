package dev.o2c.starter.reconciliation;

import io.swagger.v3.oas.annotations.media.Schema;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A difference between the systems that reconciliation found: it waits for a fix at its owner system, and the first
 * run that no longer finds it closes it.
 *
 * @param fingerprint its kind and the ids of the objects it is about: the same difference found again is the same
 *     discrepancy
 * @param subjectId the object the check walked (an opportunity, entry, invoice or payment)
 * @param cause the objects and the values that differ, as the last run that found it saw them
 * @param objects every object concerned, with its system and the o2c views of it
 * @param firstRunId the run that opened it
 * @param lastRunId the last run that found it (or skipped its subject, which keeps it open)
 * @param closedRunId the run that no longer found it
 * @param links {@code firstRun}, {@code lastRun}, {@code closedRun} (when closed): their reports
 */
public record Discrepancy(
        String id,
        String fingerprint,
        String kind,
        @Schema(allowableValues = {"provisioning", "work", "receivables", "payments"}) String check,
        @Schema(allowableValues = {"sales-ops", "pmo", "finance-ops", "it"}) String ownerTeam,
        String subjectId,
        String cause,
        List<SystemObject> objects,
        @Schema(allowableValues = {"OPEN", "ACKNOWLEDGED", "CLOSED"}) String status,
        Instant openedAt,
        Instant lastSeenAt,
        Instant closedAt,
        String firstRunId,
        String lastRunId,
        String closedRunId,
        Map<String, URI> links) {

    /**
     * An object in one of the systems.
     *
     * @param system {@code crm}, {@code psa}, {@code erp} or {@code invoicing}
     * @param type e.g. {@code opportunity}, {@code project}, {@code time-entry}, {@code invoice}, {@code receivable}
     * @param links the o2c views of it: {@code process} (an opportunity's provisioning), {@code projectBilling} (a
     *     PSA project's billing), {@code invoice} (an invoice and its invoice-to-cash process); none for objects o2c
     *     has no view of
     */
    public record SystemObject(String system, String type, String id, Map<String, URI> links) {}
}
