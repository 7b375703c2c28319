package dev.o2c.workflows.cash;

import dev.o2c.workflows.model.Money;
import java.time.Instant;

/**
 * A payment the invoicing platform recorded ({@code payment.received}).
 *
 * @param paymentId the platform's payment id: the deduplication key (the same id again is ignored)
 * @param eventId the webhook event that carried it
 * @param receivedAt when o2c received the event: the payment-applied delay is measured from it
 */
public record PaymentReceived(String paymentId, String invoiceId, Money amount, String eventId, Instant receivedAt) {}
