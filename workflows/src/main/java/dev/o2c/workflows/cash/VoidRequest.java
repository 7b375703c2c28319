package dev.o2c.workflows.cash;

/** Void an unpaid invoice: the invoice is voided, the receivable reversed and its entries released for billing again. */
public record VoidRequest(String reason, String actor) {}
