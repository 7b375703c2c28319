package dev.o2c.workflows.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MoneyTest {

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
        "12.345, EUR, 12.35",
        "12.344, EUR, 12.34",
        "-12.345, EUR, -12.35",
        "10, EUR, 10.00",
        "1234.5, JPY, 1235",
        "1234.4, JPY, 1234",
        "1.2345, BHD, 1.235",
        "1.2344, BHD, 1.234",
        "0.005, USD, 0.01",
    })
    void roundsHalfUpToTheCurrencyMinorUnit(String amount, String currency, String expected) {
        Money money = Money.of(amount, currency);
        assertThat(money.amount()).isEqualTo(new BigDecimal(expected));
        assertThat(money.amount().scale()).isEqualTo(new BigDecimal(expected).scale());
    }

    @Test
    void equalityIgnoresTheInputScale() {
        assertThat(Money.of("10.0", "EUR")).isEqualTo(Money.of("10.00", "EUR")).isEqualTo(Money.of("10", "EUR"));
        assertThat(Money.of("10.0", "EUR")).hasSameHashCodeAs(Money.of("10.00", "EUR"));
        assertThat(Money.of("10", "EUR")).isNotEqualTo(Money.of("10", "USD"));
        assertThat(Money.zero("EUR")).isEqualTo(new Money(BigDecimal.ZERO, "EUR"));
    }

    @Test
    void rejectsInvalidInput() {
        assertThatThrownBy(() -> new Money(null, "EUR")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Money.amount");
        assertThatThrownBy(() -> Money.of("1", null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Money.currency");
        assertThatThrownBy(() -> Money.of("1", "EURO")).hasMessageContaining("not an ISO 4217");
        assertThatThrownBy(() -> Money.of("1", "eur")).hasMessageContaining("not an ISO 4217");
        assertThatThrownBy(() -> Money.of("1", "ZZZ")).hasMessageContaining("not an ISO 4217");
        assertThatThrownBy(() -> Money.of("1", "XAU")).hasMessageContaining("not an ISO 4217"); // no minor unit
        assertThatThrownBy(() -> Money.of("1,5", "EUR")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a decimal number");
        assertThatThrownBy(() -> Money.of(" ", "EUR")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void arithmetic() {
        Money a = Money.of("10.10", "EUR");
        Money b = Money.of("0.95", "EUR");
        assertThat(a.plus(b)).isEqualTo(Money.of("11.05", "EUR"));
        assertThat(a.minus(b)).isEqualTo(Money.of("9.15", "EUR"));
        assertThat(b.minus(a)).isEqualTo(Money.of("-9.15", "EUR"));
        assertThat(a.negate()).isEqualTo(Money.of("-10.10", "EUR"));
        assertThat(Money.of("110", "EUR").times(new BigDecimal("7.5"))).isEqualTo(Money.of("825.00", "EUR"));
        assertThat(Money.of("99.99", "EUR").times(new BigDecimal("0.333"))).isEqualTo(Money.of("33.30", "EUR"));
        assertThat(Money.of("1000", "JPY").times(new BigDecimal("0.0015"))).isEqualTo(Money.of("2", "JPY"));
        assertThat(Money.sum("EUR", List.of(a, b, b))).isEqualTo(Money.of("12.00", "EUR"));
        assertThat(Money.sum("EUR", List.of())).isEqualTo(Money.zero("EUR"));
    }

    @Test
    void signAndComparison() {
        assertThat(Money.zero("EUR").isZero()).isTrue();
        assertThat(Money.of("0.001", "EUR").isZero()).isTrue(); // rounds to 0.00
        assertThat(Money.of("-1", "EUR").isNegative()).isTrue();
        assertThat(Money.of("1", "EUR").isPositive()).isTrue();
        assertThat(Money.of("1", "EUR").isNegative()).isFalse();
        assertThat(Money.of("2", "EUR").isGreaterThan(Money.of("1.99", "EUR"))).isTrue();
        assertThat(Money.of("2", "EUR").isGreaterThan(Money.of("2.00", "EUR"))).isFalse();
        assertThat(Money.of("1", "EUR").isLessThan(Money.of("2", "EUR"))).isTrue();
        assertThat(Money.of("3", "EUR").min(Money.of("2", "EUR"))).isEqualTo(Money.of("2", "EUR"));
    }

    @Test
    void crossCurrencyOperationsThrow() {
        Money eur = Money.of("1", "EUR");
        Money usd = Money.of("1", "USD");
        assertThatThrownBy(() -> eur.plus(usd)).isInstanceOf(CurrencyMismatchException.class)
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("EUR").hasMessageContaining("USD");
        assertThatThrownBy(() -> eur.minus(usd)).isInstanceOf(CurrencyMismatchException.class);
        assertThatThrownBy(() -> eur.isGreaterThan(usd)).isInstanceOf(CurrencyMismatchException.class);
        assertThatThrownBy(() -> eur.isLessThan(usd)).isInstanceOf(CurrencyMismatchException.class);
        assertThatThrownBy(() -> Money.sum("EUR", List.of(usd))).isInstanceOf(CurrencyMismatchException.class)
                .satisfies(e -> {
                    CurrencyMismatchException mismatch = (CurrencyMismatchException) e;
                    assertThat(mismatch.expected()).isEqualTo("EUR");
                    assertThat(mismatch.actual()).isEqualTo("USD");
                });
    }

    @Test
    void toStringIsPlain() {
        assertThat(Money.of("1E+3", "EUR")).hasToString("1000.00 EUR");
    }
}
