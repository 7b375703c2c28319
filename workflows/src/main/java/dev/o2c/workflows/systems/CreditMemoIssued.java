package dev.o2c.workflows.systems;

import dev.o2c.workflows.model.Money;

/** A credit memo the invoicing platform issued: its id, number ({@code CM-n}) and the invoice's balance after it. */
public record CreditMemoIssued(String id, String number, Money invoiceBalance, String invoiceStatus, int attempt) {}
