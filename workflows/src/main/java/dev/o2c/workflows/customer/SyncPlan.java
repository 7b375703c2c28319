package dev.o2c.workflows.customer;

import java.util.List;

/**
 * What one comparison of the CRM account with the ERP customer found ({@link MasterDataRules#plan}).
 *
 * @param changes the attributes to write to the ERP (null: leave as is)
 * @param baseline the sync baseline to record with the write: per attribute, the CRM value o2c has now carried over
 *     (or, after a SKIP, decided not to), else the previous baseline
 * @param changed names of the attributes in {@code changes}
 * @param conflicts attributes both sides changed: the process parks on them
 * @param drifted attributes changed only in the ERP since the last sync, the CRM's unchanged: left alone (no CRM change
 *     to carry over; a reconciliation's business)
 * @param baselineMoved true when {@code baseline} differs from the ERP's recorded one (a write is due even without
 *     changes: both sides came to agree by themselves, or a SKIP)
 */
public record SyncPlan(MasterAttributes changes, MasterAttributes baseline, List<String> changed,
        List<AttributeConflict> conflicts, List<String> drifted, boolean baselineMoved) {

    public SyncPlan {
        changed = List.copyOf(changed);
        conflicts = List.copyOf(conflicts);
        drifted = List.copyOf(drifted);
    }

    public boolean hasConflicts() {
        return !conflicts.isEmpty();
    }

    /** Whether anything must be written to the ERP (changes or a new baseline). */
    public boolean needsWrite() {
        return !changed.isEmpty() || baselineMoved;
    }
}
