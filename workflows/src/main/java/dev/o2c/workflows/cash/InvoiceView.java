package dev.o2c.workflows.cash;

import dev.o2c.workflows.model.Money;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The invoice as invoice-to-cash follows it (the {@code invoice} query and {@code GET /api/v1/invoices/{id}}).
 *
 * @param balance total − paid − credited − written off
 * @param dunningStage reminders sent so far (0 = none); {@code dunningStages} the schedule's length
 * @param nextDunningAt when the next reminder is due (null: none due, held or settled)
 * @param dunningHeld true while a dispute is open
 * @param escalated true once the schedule ran out and the invoice went to collections (finance-ops)
 * @param rejectionReason the customer's reason, when rejected
 * @param voidReason finance's reason, when voided
 * @param replaces voided invoices whose entries this invoice bills again
 */
public record InvoiceView(
        String invoiceId,
        String number,
        CashStatus status,
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
        int dunningStage,
        int dunningStages,
        Instant nextDunningAt,
        boolean dunningHeld,
        boolean escalated,
        List<ReminderView> reminders,
        List<DisputeView> disputes,
        List<PaymentView> payments,
        List<CreditView> credits,
        List<WriteOffView> writeOffs,
        String rejectionReason,
        String voidReason,
        List<String> replaces) {

    public InvoiceView {
        reminders = reminders == null ? List.of() : List.copyOf(reminders);
        disputes = disputes == null ? List.of() : List.copyOf(disputes);
        payments = payments == null ? List.of() : List.copyOf(payments);
        credits = credits == null ? List.of() : List.copyOf(credits);
        writeOffs = writeOffs == null ? List.of() : List.copyOf(writeOffs);
        replaces = replaces == null ? List.of() : List.copyOf(replaces);
    }
}
