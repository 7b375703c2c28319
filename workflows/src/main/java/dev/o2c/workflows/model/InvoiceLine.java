package dev.o2c.workflows.model;

import java.math.BigDecimal;

/**
 * One line of an {@link Invoice}: {@code quantity} units (hours, items, 1 for a fee) at {@code unitPrice}.
 *
 * <p>Invariants: {@code description} is not blank; {@code quantity} is not negative (canonical form, trailing zeros
 * stripped); {@code unitPrice} is required and may be negative (discounts, cap adjustments); {@code amount} equals
 * {@code unitPrice.times(quantity)}, i.e. the product rounded HALF_UP to the currency's minor unit. Use
 * {@link #of} to have the amount computed.
 */
public record InvoiceLine(String description, BigDecimal quantity, Money unitPrice, Money amount) {

    public InvoiceLine {
        Checks.requireNonBlank(description, "InvoiceLine.description");
        quantity = Checks.canonicalQuantity(quantity, "InvoiceLine.quantity");
        Checks.requireNonNull(unitPrice, "InvoiceLine.unitPrice");
        Checks.requireNonNull(amount, "InvoiceLine.amount");
        Checks.requireCurrencyOf(amount, unitPrice.currency(), "InvoiceLine.amount");
        Money expected = unitPrice.times(quantity);
        if (!amount.equals(expected)) {
            throw new IllegalArgumentException("InvoiceLine.amount " + amount + " must equal quantity "
                    + quantity.toPlainString() + " x unitPrice " + unitPrice + " = " + expected);
        }
    }

    /** A line whose amount is {@code unitPrice.times(quantity)}. */
    public static InvoiceLine of(String description, BigDecimal quantity, Money unitPrice) {
        Checks.requireNonNull(quantity, "InvoiceLine.quantity");
        Checks.requireNonNull(unitPrice, "InvoiceLine.unitPrice");
        return new InvoiceLine(description, quantity, unitPrice, unitPrice.times(quantity));
    }
}
