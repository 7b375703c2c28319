package dev.o2c.workflows.billing;

import dev.o2c.workflows.common.ProcessStatus;
import dev.o2c.workflows.model.Money;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * Outcome of a {@link BillingRunWorkflow}.
 *
 * @param status COMPLETED (with or without an invoice), COMPENSATED (refused: draft voided, entries released) or
 *     ABORTED (operator or park timeout)
 * @param invoiceId the finalized invoice, null when nothing was billed
 * @param subtotal net amount invoiced (zero when nothing)
 * @param entriesBilled time entries, expenses, milestones and fee lines on the invoice
 * @param heldBack net amount held back by the cap (left unbilled), zero when none
 * @param milestonesBilled PSA milestone ids on the invoice
 * @param projectStatus the PSA project status the run saw
 * @param createdIds ids in force (invoiceId, receivableId, revenueEntryId)
 */
public record BillingRunResult(
        ProcessStatus status,
        int runNumber,
        LocalDate through,
        String invoiceId,
        String invoiceNumber,
        Money subtotal,
        Money taxTotal,
        Money total,
        int entriesBilled,
        Money heldBack,
        int entriesHeld,
        List<String> milestonesBilled,
        String projectStatus,
        String detail,
        Map<String, String> createdIds) {

    public BillingRunResult {
        milestonesBilled = milestonesBilled == null ? List.of() : List.copyOf(milestonesBilled);
        createdIds = createdIds == null ? Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(createdIds));
    }
}
