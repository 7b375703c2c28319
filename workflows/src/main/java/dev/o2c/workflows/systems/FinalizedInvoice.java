package dev.o2c.workflows.systems;

import dev.o2c.workflows.model.Money;

/** An invoice after finalize: its number ({@code INV-n}) and the totals the invoicing platform computed. */
public record FinalizedInvoice(String id, String number, String status, Money subtotal, Money taxTotal, Money total,
        int attempt) {}
