package dev.o2c.workflows.cash;

import java.time.Instant;

/** The customer rejected the invoice ({@code invoice.rejected}). */
public record InvoiceRejected(String invoiceId, String reason, String eventId, Instant receivedAt) {}
