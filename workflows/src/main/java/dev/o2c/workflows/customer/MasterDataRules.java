package dev.o2c.workflows.customer;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The ownership rules of customer master data (docs/processes.md, "Customer master data"), as a pure function of the
 * CRM account's current values, the ERP customer's current values and the baseline (what o2c last wrote to the ERP).
 * Per CRM-owned attribute:
 *
 * <ul>
 *   <li>the CRM has no value: nothing (the CRM clearing a value never clears the ERP's);</li>
 *   <li>CRM = ERP: in sync (the baseline follows, if it lagged);</li>
 *   <li>CRM = baseline (only the ERP changed): drift, left alone;</li>
 *   <li>ERP = baseline (only the CRM changed): the CRM's value is written;</li>
 *   <li>otherwise both changed: a conflict, the process parks.</li>
 * </ul>
 *
 * Old or repeated events change nothing here: the inputs are the systems' current state, never an event's payload.
 */
public final class MasterDataRules {

    private MasterDataRules() {}

    /**
     * @param lastSynced the ERP customer's baseline; null (never synced) counts as the ERP's current values
     */
    public static SyncPlan plan(MasterAttributes crm, MasterAttributes erp, MasterAttributes lastSynced) {
        MasterAttributes base = lastSynced == null ? erp : lastSynced;
        MasterAttributes changes = MasterAttributes.none();
        MasterAttributes baseline = base;
        List<String> changed = new ArrayList<>();
        List<AttributeConflict> conflicts = new ArrayList<>();
        List<String> drifted = new ArrayList<>();
        for (String attribute : MasterAttributes.ALL) {
            Object c = crm.get(attribute);
            Object e = erp.get(attribute);
            Object b = base.get(attribute);
            if (c == null) {
                continue;
            }
            if (Objects.equals(c, e)) {
                baseline = baseline.with(attribute, c);
            } else if (Objects.equals(c, b)) {
                drifted.add(attribute);
            } else if (Objects.equals(e, b)) {
                changes = changes.with(attribute, c);
                baseline = baseline.with(attribute, c);
                changed.add(attribute);
            } else {
                conflicts.add(new AttributeConflict(attribute, MasterAttributes.describe(c), MasterAttributes.describe(e),
                        MasterAttributes.describe(b)));
            }
        }
        return new SyncPlan(changes, baseline, changed, conflicts, drifted, !baseline.equals(lastSynced));
    }

    /**
     * The plan after an operator's SKIP of its conflicts: the ERP keeps its values, and the CRM values seen are
     * recorded as synced, so that the same difference does not park again (a later CRM change of the attribute does).
     */
    public static SyncPlan skipConflicts(SyncPlan plan, MasterAttributes crm) {
        MasterAttributes baseline = plan.baseline();
        for (AttributeConflict conflict : plan.conflicts()) {
            baseline = baseline.with(conflict.attribute(), crm.get(conflict.attribute()));
        }
        return new SyncPlan(plan.changes(), baseline, plan.changed(), List.of(), plan.drifted(), true);
    }
}
