package dev.o2c.workflows.model;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collection;
import java.util.Currency;

/**
 * An amount of money in one currency.
 *
 * <p>Invariants: {@code currency} is an ISO 4217 code (upper case, e.g. {@code "EUR"}) of a currency that has a
 * minor unit; {@code amount} is non-null and is <b>rounded at construction</b> to the currency's minor unit
 * ({@link Currency#getDefaultFractionDigits()}: JPY 0, EUR 2, BHD 3) with {@link RoundingMode#HALF_UP} (halves
 * away from zero, so {@code -0.005 EUR} becomes {@code -0.01 EUR}). Because the scale is normalised, {@code 10.0
 * EUR} and {@code 10.00 EUR} are {@code equals} and have the same hash code. Amounts may be negative (credits,
 * adjustments); records that need non-negative money check it themselves.
 *
 * <p>Arithmetic ({@link #plus}, {@link #minus}, {@link #times}) rounds the result the same way. Combining or
 * comparing different currencies throws {@link CurrencyMismatchException}.
 *
 * <p>JSON: {@code {"amount":"12.30","currency":"EUR"}}; the amount is a string so no consumer turns it into a
 * binary floating-point number.
 */
@JsonPropertyOrder({"amount", "currency"})
public record Money(@JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount, String currency) {

    /** Rounding applied to every amount: half away from zero, to the currency's minor unit. */
    public static final RoundingMode ROUNDING = RoundingMode.HALF_UP;

    public Money {
        Checks.requireNonNull(amount, "Money.amount");
        Checks.requireCurrency(currency, "Money.currency");
        amount = amount.setScale(Currency.getInstance(currency).getDefaultFractionDigits(), ROUNDING);
    }

    /** {@code Money.of("12.30", "EUR")}; the amount is a plain decimal string. */
    public static Money of(String amount, String currency) {
        Checks.requireNonBlank(amount, "Money.amount");
        BigDecimal parsed;
        try {
            parsed = new BigDecimal(amount.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Money.amount '" + amount + "' is not a decimal number");
        }
        return new Money(parsed, currency);
    }

    public static Money of(BigDecimal amount, String currency) {
        return new Money(amount, currency);
    }

    public static Money zero(String currency) {
        return new Money(BigDecimal.ZERO, currency);
    }

    /** Sum of {@code values}, all in {@code currency}; zero when empty. */
    public static Money sum(String currency, Collection<Money> values) {
        Money total = zero(currency);
        for (Money value : Checks.requireNonNull(values, "values")) {
            total = total.plus(value);
        }
        return total;
    }

    public Money plus(Money other) {
        requireSameCurrency(other);
        return new Money(amount.add(other.amount), currency);
    }

    public Money minus(Money other) {
        requireSameCurrency(other);
        return new Money(amount.subtract(other.amount), currency);
    }

    /** This amount times {@code factor} (hours, quantity, percentage), rounded HALF_UP to the minor unit. */
    public Money times(BigDecimal factor) {
        Checks.requireNonNull(factor, "factor");
        return new Money(amount.multiply(factor), currency);
    }

    public Money negate() {
        return new Money(amount.negate(), currency);
    }

    @JsonIgnore
    public boolean isZero() {
        return amount.signum() == 0;
    }

    @JsonIgnore
    public boolean isNegative() {
        return amount.signum() < 0;
    }

    @JsonIgnore
    public boolean isPositive() {
        return amount.signum() > 0;
    }

    /** Strictly greater; throws {@link CurrencyMismatchException} across currencies. */
    public boolean isGreaterThan(Money other) {
        requireSameCurrency(other);
        return amount.compareTo(other.amount) > 0;
    }

    /** Strictly less; throws {@link CurrencyMismatchException} across currencies. */
    public boolean isLessThan(Money other) {
        requireSameCurrency(other);
        return amount.compareTo(other.amount) < 0;
    }

    /** The smaller of the two (this one when equal); throws {@link CurrencyMismatchException} across currencies. */
    public Money min(Money other) {
        return other.isLessThan(this) ? other : this;
    }

    private void requireSameCurrency(Money other) {
        Checks.requireNonNull(other, "other");
        if (!currency.equals(other.currency)) {
            throw new CurrencyMismatchException(
                    "cannot combine " + currency + " with " + other.currency + " (" + this + " and " + other + ")",
                    currency, other.currency);
        }
    }

    /** {@code "12.30 EUR"}. */
    @Override
    public String toString() {
        return amount.toPlainString() + " " + currency;
    }
}
