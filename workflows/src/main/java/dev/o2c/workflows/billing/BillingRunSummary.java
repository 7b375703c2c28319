package dev.o2c.workflows.billing;

import dev.o2c.workflows.common.ProcessStatus;
import dev.o2c.workflows.model.Money;
import java.time.LocalDate;
import java.util.List;

/**
 * One billing run of a project as its project workflow knows it.
 *
 * @param trigger {@code PERIOD}, {@code BILL_NOW}, {@code MILESTONE} or {@code FINAL}
 * @param status RUNNING (or QUEUED as null) until the run ended, then its outcome
 * @param invoiceId null when the run found nothing to bill or did not complete
 * @param milestoneIds the milestones its invoice billed
 * @param replacesInvoiceIds voided invoices whose entries it billed again
 */
public record BillingRunSummary(
        int runNumber,
        String workflowId,
        String trigger,
        LocalDate through,
        ProcessStatus status,
        String invoiceId,
        String invoiceNumber,
        Money subtotal,
        Money taxTotal,
        Money total,
        int entriesBilled,
        Money heldBack,
        String detail,
        List<String> milestoneIds,
        List<String> replacesInvoiceIds) {

    public BillingRunSummary {
        milestoneIds = milestoneIds == null ? List.of() : List.copyOf(milestoneIds);
        replacesInvoiceIds = replacesInvoiceIds == null ? List.of() : List.copyOf(replacesInvoiceIds);
    }

    /** A summary without milestones or replaced invoices. */
    public BillingRunSummary(int runNumber, String workflowId, String trigger, LocalDate through,
            ProcessStatus status, String invoiceId, String invoiceNumber, Money subtotal, Money taxTotal, Money total,
            int entriesBilled, Money heldBack, String detail) {
        this(runNumber, workflowId, trigger, through, status, invoiceId, invoiceNumber, subtotal, taxTotal, total,
                entriesBilled, heldBack, detail, List.of(), List.of());
    }
}
