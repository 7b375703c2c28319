package dev.o2c.ledger.query;

import java.time.Instant;
import java.util.List;

/**
 * One discrepancy (ledger table {@code discrepancy}): a difference between systems that waits for a fix at its
 * owner, closed by the first run that no longer finds it.
 *
 * @param fingerprint the kind and the ids of the objects it is about ({@code RECEIVABLE_AMOUNT_MISMATCH|inv_…|rcv_…})
 * @param check the check that finds it ({@code receivables}, …)
 * @param ownerTeam wire code of the team that fixes it
 * @param subjectId the object the check walked (an opportunity, entry, invoice or payment)
 * @param cause the objects and the values that differ, as the last run that found it saw them
 * @param objects every object concerned, with its system
 * @param status {@code OPEN}, {@code ACKNOWLEDGED} or {@code CLOSED}
 * @param firstRunId the run that opened it
 * @param lastRunId the last run that found it (or skipped its subject)
 * @param closedRunId the run that no longer found it; null while open
 */
public record DiscrepancyView(
        String id,
        String fingerprint,
        String check,
        String kind,
        String ownerTeam,
        String subjectId,
        String cause,
        List<ObjectRef> objects,
        String status,
        String firstRunId,
        String lastRunId,
        String closedRunId,
        Instant openedAt,
        Instant lastSeenAt,
        Instant closedAt) {

    public DiscrepancyView {
        objects = List.copyOf(objects);
    }

    /** An object in one of the systems, e.g. {@code (erp, receivable, rcv_…)}. */
    public record ObjectRef(String system, String type, String id) {}
}
