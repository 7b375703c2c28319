package dev.o2c.workflows.model;

import static dev.o2c.workflows.model.Samples.JAN_1;
import static dev.o2c.workflows.model.Samples.JUL_1;
import static dev.o2c.workflows.model.Samples.eur;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rate, RateCardVersion and RateCard. */
class RateCardTest {

    @Test
    void rate() {
        assertThat(Rate.of("Consultant", "0", "EUR").hourlyRate().isZero()).isTrue();
        assertThatThrownBy(() -> new Rate(" ", eur("1"))).hasMessageContaining("Rate.role");
        assertThatThrownBy(() -> new Rate("x", null)).hasMessageContaining("Rate.hourlyRate");
        assertThatThrownBy(() -> Rate.of("x", "-1", "EUR")).hasMessageContaining("must not be negative");
    }

    @Test
    void versionRules() {
        RateCardVersion version = RateCardVersion.of(JAN_1, Rate.of("A", "1", "EUR"), Rate.of("B", "2", "EUR"));
        assertThat(version.rateFor("B")).contains(eur("2"));
        assertThat(version.rateFor("b")).isEmpty(); // roles are exact
        assertThat(version.currency()).isEqualTo("EUR");
        assertThatThrownBy(() -> new RateCardVersion(null, List.of(Rate.of("A", "1", "EUR"))))
                .hasMessageContaining("effectiveFrom");
        assertThatThrownBy(() -> new RateCardVersion(JAN_1, List.of())).hasMessageContaining("must not be empty");
        assertThatThrownBy(() -> new RateCardVersion(JAN_1, null)).hasMessageContaining("must not be empty");
        assertThatThrownBy(() -> RateCardVersion.of(JAN_1, Rate.of("A", "1", "EUR"), Rate.of("A", "2", "EUR")))
                .hasMessageContaining("'A' more than once");
        assertThatThrownBy(() -> RateCardVersion.of(JAN_1, Rate.of("A", "1", "EUR"), Rate.of("B", "2", "USD")))
                .isInstanceOf(CurrencyMismatchException.class);
        List<Rate> withNull = new ArrayList<>();
        withNull.add(null);
        assertThatThrownBy(() -> new RateCardVersion(JAN_1, withNull)).hasMessageContaining("rates[0] must not be null");
    }

    @Test
    void listsAreCopied() {
        List<Rate> rates = new ArrayList<>(List.of(Rate.of("A", "1", "EUR")));
        RateCardVersion version = new RateCardVersion(JAN_1, rates);
        rates.add(Rate.of("B", "2", "EUR"));
        assertThat(version.rates()).hasSize(1);
        assertThatThrownBy(() -> version.rates().add(Rate.of("C", "3", "EUR")))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void looksUpTheRateInForceOnEachDate() {
        RateCard card = Samples.rateCard();
        assertThat(card.rateFor("Consultant", JAN_1.minusDays(1))).isEmpty();
        assertThat(card.rateFor("Consultant", JAN_1)).contains(eur("100"));
        assertThat(card.rateFor("Consultant", LocalDate.of(2025, 6, 30))).contains(eur("100"));
        assertThat(card.rateFor("Consultant", JUL_1)).contains(eur("110"));
        assertThat(card.rateFor("Manager", LocalDate.of(2030, 1, 1))).contains(eur("165"));
        assertThat(card.rateFor("Architect", JUL_1)).isEmpty();
        assertThat(card.versionInForceOn(LocalDate.of(2025, 3, 1))).get()
                .extracting(RateCardVersion::effectiveFrom).isEqualTo(JAN_1);
        assertThat(card.currency()).isEqualTo("EUR");
    }

    @Test
    void aRoleDroppedFromALaterVersionHasNoRateThen() {
        RateCard card = RateCard.of(RateCardVersion.of(JAN_1, Rate.of("A", "1", "EUR"), Rate.of("B", "2", "EUR")),
                RateCardVersion.of(JUL_1, Rate.of("A", "3", "EUR")));
        assertThat(card.rateFor("B", JUL_1.minusDays(1))).contains(eur("2"));
        assertThat(card.rateFor("B", JUL_1)).isEmpty();
    }

    @Test
    void versionsMustBeStrictlyOrderedAndInOneCurrency() {
        RateCardVersion jan = RateCardVersion.of(JAN_1, Rate.of("A", "1", "EUR"));
        RateCardVersion jul = RateCardVersion.of(JUL_1, Rate.of("A", "2", "EUR"));
        assertThatThrownBy(() -> RateCard.of(jul, jan)).hasMessageContaining("strictly increasing");
        assertThatThrownBy(() -> RateCard.of(jan, RateCardVersion.of(JAN_1, Rate.of("A", "2", "EUR"))))
                .hasMessageContaining("strictly increasing");
        assertThatThrownBy(() -> RateCard.of(jan, RateCardVersion.of(JUL_1, Rate.of("A", "2", "USD"))))
                .isInstanceOf(CurrencyMismatchException.class);
        assertThatThrownBy(() -> new RateCard(List.of())).hasMessageContaining("must not be empty");
    }

    @Test
    void withVersionInsertsOrReplaces() {
        RateCard card = Samples.rateCard();
        RateCardVersion april = RateCardVersion.of(LocalDate.of(2025, 4, 1), Rate.of("Consultant", "105", "EUR"));
        RateCard inserted = card.withVersion(april);
        assertThat(inserted.versions()).extracting(RateCardVersion::effectiveFrom)
                .containsExactly(JAN_1, LocalDate.of(2025, 4, 1), JUL_1);
        assertThat(inserted.rateFor("Consultant", LocalDate.of(2025, 5, 1))).contains(eur("105"));
        RateCard replaced = card.withVersion(RateCardVersion.of(JUL_1, Rate.of("Consultant", "111", "EUR")));
        assertThat(replaced.versions()).hasSize(2);
        assertThat(replaced.rateFor("Consultant", JUL_1)).contains(eur("111"));
        assertThatThrownBy(() -> card.withVersion(RateCardVersion.of(LocalDate.of(2026, 1, 1),
                Rate.of("Consultant", "1", "USD")))).isInstanceOf(CurrencyMismatchException.class);
    }
}
