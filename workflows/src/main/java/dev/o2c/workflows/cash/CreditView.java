package dev.o2c.workflows.cash;

import dev.o2c.workflows.model.Money;

/**
 * A credit memo on the invoice and its credit on the ERP receivable.
 *
 * @param disputeId the upheld dispute it settles, or null for a credit memo issued in the invoicing platform
 * @param erpCreditId null until the ERP receivable is credited
 */
public record CreditView(String creditMemoId, String number, Money amount, String disputeId, String erpCreditId) {}
