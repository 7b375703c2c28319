package dev.o2c.activities.reconciliation;

import dev.o2c.workflows.reconciliation.DiscrepancyKind;
import java.util.List;

/**
 * A difference one page of a check found, before it is written to the ledger.
 *
 * @param subjectId the object the check walked (an invoice id, or the invoice ref of an orphan receivable): skipping
 *     it later keeps this discrepancy open
 * @param keyIds the ids that identify the difference, in a fixed order; with the kind they are its fingerprint, so
 *     the values that differ (in {@code cause}) may change without it becoming another discrepancy
 * @param objects every object concerned, for the links
 */
record Found(DiscrepancyKind kind, String subjectId, List<String> keyIds, String cause, List<ObjectRef> objects) {

    Found {
        keyIds = List.copyOf(keyIds);
        objects = List.copyOf(objects);
    }

    String fingerprint() {
        return kind.name() + "|" + String.join("|", keyIds);
    }

    /** An object in one of the systems, e.g. {@code (erp, receivable, rcv_…)}. */
    record ObjectRef(String system, String type, String id) {}
}
