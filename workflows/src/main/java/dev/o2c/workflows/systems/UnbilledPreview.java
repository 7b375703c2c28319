package dev.o2c.workflows.systems;

import dev.o2c.workflows.model.Money;

/** Approved, unbilled work of a project as it would bill now: net amount and number of entries. */
public record UnbilledPreview(Money amount, int entries) {}
