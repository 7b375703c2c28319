package dev.o2c.workflows.systems;

import java.math.BigDecimal;

/**
 * The ERP's tax rate for a legal entity, customer country and date; {@code found == false} when the ERP has none
 * (then the run parks for finance-ops).
 */
public record TaxRateRead(boolean found, BigDecimal ratePercent, String taxCode) {}
