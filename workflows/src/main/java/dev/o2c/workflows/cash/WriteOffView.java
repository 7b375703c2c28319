package dev.o2c.workflows.cash;

import dev.o2c.workflows.model.Money;
import java.time.Instant;

/** A write-off decided by finance; {@code erpWriteOffId} is null until the ERP has it. */
public record WriteOffView(int number, Money amount, String reason, String actor, Instant decidedAt,
        String erpWriteOffId) {}
