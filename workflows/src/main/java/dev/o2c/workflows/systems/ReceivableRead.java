package dev.o2c.workflows.systems;

import dev.o2c.workflows.model.Money;

/**
 * The ERP receivable of an invoice; a {@code null} {@code id} when the ERP has none.
 *
 * @param status OPEN, PARTIALLY_PAID, PAID, CREDITED, WRITTEN_OFF or REVERSED
 */
public record ReceivableRead(String id, String invoiceRef, String status, Money amount, Money balance) {}
