package dev.o2c.workflows.model;

import java.util.List;

/**
 * A won opportunity as read from CRM, before validation: every component is nullable and free-form, so a
 * connector can map whatever CRM returns without failing. {@link EngagementValidation#validate} turns it into an
 * {@link Engagement} or reports every problem. Nested drafts that are {@code null} are reported field by field as
 * missing.
 *
 * <p>Invariants: none beyond immutability (lists are copied; {@code null} lists and elements are kept, to be
 * reported by validation).
 */
public record EngagementDraft(
        String opportunityId,
        String accountId,
        String name,
        String ownerEmail,
        CustomerDraft customer,
        ContractDraft contract,
        List<PhaseDraft> workBreakdown) {

    public EngagementDraft {
        workBreakdown = Checks.copyLenient(workBreakdown);
    }
}
