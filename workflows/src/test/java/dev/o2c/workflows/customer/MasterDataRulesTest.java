package dev.o2c.workflows.customer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o2c.workflows.model.Address;
import org.junit.jupiter.api.Test;

/** The ownership rules, attribute by attribute: CRM change, ERP drift, both (conflict), agreement, none. */
class MasterDataRulesTest {

    static final Address BERLIN = new Address("Hauptstraße 1", null, "Berlin", "10115", null, "DE");
    static final Address KOELN = new Address("Domplatz 2", null, "Köln", "50667", null, "DE");
    static final MasterAttributes SYNCED = new MasterAttributes("A", "T1", BERLIN);

    @Test
    void onlyTheCrmChangedItIsWritten() {
        SyncPlan plan = MasterDataRules.plan(new MasterAttributes("B", "T1", KOELN), SYNCED, SYNCED);

        assertThat(plan.changed()).containsExactly("name", "billingAddress");
        assertThat(plan.changes()).isEqualTo(new MasterAttributes("B", null, KOELN));
        assertThat(plan.baseline()).isEqualTo(new MasterAttributes("B", "T1", KOELN));
        assertThat(plan.conflicts()).isEmpty();
        assertThat(plan.needsWrite()).isTrue();
    }

    @Test
    void bothChangedDifferentlyIsAConflictWithBothValuesAndTheBaseline() {
        SyncPlan plan = MasterDataRules.plan(new MasterAttributes("A", "T2", BERLIN),
                new MasterAttributes("A", "T3", KOELN), SYNCED);

        assertThat(plan.conflicts()).singleElement().satisfies(c -> {
            assertThat(c.attribute()).isEqualTo("taxId");
            assertThat(c.describe()).isEqualTo("taxId: CRM 'T2' vs ERP 'T3' (last synced 'T1')");
        });
        assertThat(plan.drifted()).containsExactly("billingAddress"); // ERP only: left alone
        assertThat(plan.changed()).isEmpty();

        SyncPlan skipped = MasterDataRules.skipConflicts(plan, new MasterAttributes("A", "T2", BERLIN));
        assertThat(skipped.hasConflicts()).isFalse();
        assertThat(skipped.changes()).isEqualTo(MasterAttributes.none());
        assertThat(skipped.baseline().taxId()).isEqualTo("T2");
        assertThat(skipped.needsWrite()).isTrue();
    }

    @Test
    void bothChangedToTheSameValueIsInSyncAndOnlyTheBaselineMoves() {
        MasterAttributes both = new MasterAttributes("A", "T9", BERLIN);
        SyncPlan plan = MasterDataRules.plan(both, both, SYNCED);

        assertThat(plan.changed()).isEmpty();
        assertThat(plan.conflicts()).isEmpty();
        assertThat(plan.baseline()).isEqualTo(both);
        assertThat(plan.needsWrite()).isTrue();
        assertThat(MasterDataRules.plan(SYNCED, SYNCED, SYNCED).needsWrite()).isFalse();
    }

    @Test
    void aValueTheCrmDoesNotHaveNeverClearsTheErps() {
        SyncPlan plan = MasterDataRules.plan(new MasterAttributes("A", null, null), SYNCED, SYNCED);

        assertThat(plan.needsWrite()).isFalse();
        assertThat(plan.changes()).isEqualTo(MasterAttributes.none());
    }

    @Test
    void withoutBaselineTheErpsCurrentValuesCount() {
        SyncPlan plan = MasterDataRules.plan(new MasterAttributes("B", "T1", BERLIN), SYNCED, null);

        assertThat(plan.changed()).containsExactly("name");
        assertThat(plan.baseline()).isEqualTo(new MasterAttributes("B", "T1", BERLIN));
    }

    @Test
    void anAddressIsDescribedForPeople() {
        assertThat(MasterAttributes.describe(KOELN)).isEqualTo("Domplatz 2, 50667 Köln, DE");
        assertThat(MasterAttributes.describe(null)).isEqualTo("(none)");
    }
}
