package dev.o2c.workflows.model;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * The set of rates in force from {@code effectiveFrom} until the next version of the same {@link RateCard}.
 *
 * <p>Invariants: {@code effectiveFrom} is required; {@code rates} is non-empty, has each role at most once and
 * all rates are in one currency.
 */
public record RateCardVersion(LocalDate effectiveFrom, List<Rate> rates) {

    public RateCardVersion {
        Checks.requireNonNull(effectiveFrom, "RateCardVersion.effectiveFrom");
        rates = Checks.copyNonEmpty(rates, "RateCardVersion.rates");
        Checks.requireUnique(rates.stream().map(Rate::role).toList(), "RateCardVersion.rates role");
        String currency = rates.get(0).hourlyRate().currency();
        for (int i = 1; i < rates.size(); i++) {
            Checks.requireCurrencyOf(rates.get(i).hourlyRate(), currency, "RateCardVersion.rates[" + i + "]");
        }
    }

    public static RateCardVersion of(LocalDate effectiveFrom, Rate... rates) {
        return new RateCardVersion(effectiveFrom, List.of(rates));
    }

    /** The currency of all rates of this version. */
    public String currency() {
        return rates.get(0).hourlyRate().currency();
    }

    /** The hourly rate for {@code role}, empty when this version has no rate for it. */
    public Optional<Money> rateFor(String role) {
        return rates.stream().filter(r -> r.role().equals(role)).map(Rate::hourlyRate).findFirst();
    }
}
