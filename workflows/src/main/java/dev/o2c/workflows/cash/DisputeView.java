package dev.o2c.workflows.cash;

import dev.o2c.workflows.model.Money;
import java.time.Instant;

/**
 * A dispute: {@code D-n} of the invoice.
 *
 * @param status OPEN, UPHELD or REJECTED
 * @param creditMemoId the credit memo of an upheld dispute (once issued), with its number
 * @param erpCreditId the credit on the ERP receivable of an upheld dispute (once posted)
 */
public record DisputeView(String disputeId, String reason, Money amount, String status, String openedBy,
        Instant openedAt, String resolvedBy, Instant resolvedAt, String note, String creditMemoId,
        String creditMemoNumber, String erpCreditId, String requestId) {

    public static final String OPEN = "OPEN";
}
