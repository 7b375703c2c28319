package dev.o2c.workflows.cash;

import dev.o2c.workflows.model.Money;
import java.time.Instant;

/**
 * A payment and its application to the ERP receivable.
 *
 * @param status PENDING (queued), APPLIED, PARKED (a mismatch waits for finance-ops) or NOT_APPLIED (finance skipped
 *     it, e.g. an overpayment refunded outside o2c)
 * @param applyDelayMillis from {@code receivedAt} to {@code appliedAt}; null until applied
 * @param problem why it is parked or was not applied, else null
 */
public record PaymentView(String paymentId, Money amount, String status, Instant receivedAt, Instant appliedAt,
        Long applyDelayMillis, String erpPaymentId, String eventId, String problem) {

    public static final String PENDING = "PENDING";
    public static final String APPLIED = "APPLIED";
    public static final String PARKED = "PARKED";
    public static final String NOT_APPLIED = "NOT_APPLIED";
}
