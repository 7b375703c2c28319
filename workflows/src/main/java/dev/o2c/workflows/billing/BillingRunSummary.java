package dev.o2c.workflows.billing;

import dev.o2c.workflows.common.ProcessStatus;
import dev.o2c.workflows.model.Money;
import java.time.LocalDate;

/**
 * One billing run of a project as its project workflow knows it.
 *
 * @param trigger {@code PERIOD}, {@code BILL_NOW}, {@code MILESTONE} or {@code FINAL}
 * @param status RUNNING (or QUEUED as null) until the run ended, then its outcome
 * @param invoiceId null when the run found nothing to bill or did not complete
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
        String detail) {}
