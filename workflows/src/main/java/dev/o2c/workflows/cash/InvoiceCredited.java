package dev.o2c.workflows.cash;

import dev.o2c.workflows.model.Money;

/**
 * A credit memo on the invoice ({@code invoice.credited}). One o2c issued itself (an upheld dispute) is recognised by
 * its id and changes nothing; another is credited on the ERP receivable.
 */
public record InvoiceCredited(String creditMemoId, String invoiceId, Money amount, String eventId) {}
