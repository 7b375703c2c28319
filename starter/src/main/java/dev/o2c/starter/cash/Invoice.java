package dev.o2c.starter.cash;

import dev.o2c.workflows.cash.CreditView;
import dev.o2c.workflows.cash.DisputeView;
import dev.o2c.workflows.cash.PaymentView;
import dev.o2c.workflows.cash.ReminderView;
import dev.o2c.workflows.cash.WriteOffView;
import dev.o2c.workflows.model.Money;
import io.swagger.v3.oas.annotations.media.Schema;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * An invoice as {@code GET /api/v1/invoices/{invoiceId}} (and the void and write-off answers) show it, from the
 * invoice-to-cash workflow's {@code invoice} query. Money is {@code {"amount": "12.30", "currency": "EUR"}}.
 *
 * @param processId the invoice-to-cash workflow id, {@code invoice-to-cash-{invoiceId}}
 * @param processStatus the process's status (RUNNING, NEEDS_ATTENTION, COMPLETED, ...); null when it cannot be told
 * @param status the invoice's status as o2c follows it
 * @param balance total − paid − credited − written off
 * @param payments each payment with {@code receivedAt}, {@code appliedAt}, {@code applyDelayMillis} (null until
 *     applied to the ERP receivable) and {@code erpPaymentId}
 * @param replaces voided invoices whose entries this invoice bills again (a re-issue)
 * @param links {@code self}, {@code process}, {@code disputes} (POST there), {@code projectBilling} when the invoice
 *     came from a project's billing, {@code temporalUi} when the Temporal server has a UI
 */
public record Invoice(
        String invoiceId,
        String number,
        String processId,
        @Schema(allowableValues = {"RUNNING", "NEEDS_ATTENTION", "COMPLETED", "COMPENSATING", "COMPENSATED", "ABORTED", "FAILED"})
        String processStatus,
        @Schema(allowableValues = {"ISSUED", "SENT", "PARTIALLY_PAID", "PAID", "REJECTED", "CREDITED", "WRITTEN_OFF",
                "VOID"}) String status,
        Money total,
        Money paid,
        Money credited,
        Money writtenOff,
        Money balance,
        LocalDate issueDate,
        LocalDate dueDate,
        String receivableId,
        String psaProjectId,
        String opportunityId,
        Dunning dunning,
        List<DisputeView> disputes,
        List<PaymentView> payments,
        List<CreditView> credits,
        List<WriteOffView> writeOffs,
        String rejectionReason,
        String voidReason,
        List<String> replaces,
        Map<String, URI> links) {

    /**
     * Dunning: the reminders of the schedule.
     *
     * @param stage reminders sent so far (0 = none)
     * @param stages the schedule's length
     * @param nextAt when the next reminder is due; null when none is due, dunning is held or the invoice is settled
     * @param held true while a dispute is open
     * @param escalated true once the schedule ran out and the invoice went to collections (finance-ops)
     */
    public record Dunning(int stage, int stages, Instant nextAt, boolean held, boolean escalated,
            List<ReminderView> reminders) {}
}
