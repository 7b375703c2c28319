package dev.o2c.workflows.systems;

import dev.o2c.workflows.model.Money;
import java.time.LocalDate;

/**
 * An invoice as the invoicing platform has it (after a send, or read).
 *
 * @param status the platform's status: FINALIZED, SENT, PARTIALLY_PAID, PAID, REJECTED, CREDITED, VOID, ...
 * @param balance total − amountPaid − creditedAmount
 */
public record InvoiceRead(String id, String number, String status, Money total, Money amountPaid, Money credited,
        Money balance, LocalDate dueDate, int attempt) {}
