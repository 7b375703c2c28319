package dev.o2c.workflows.cash;

import dev.o2c.workflows.model.Money;

/** Write off (part of) the open balance in the ERP: a finance decision. A write-off to zero settles the invoice. */
public record WriteOffRequest(Money amount, String reason, String actor) {}
