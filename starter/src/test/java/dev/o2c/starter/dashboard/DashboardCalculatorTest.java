package dev.o2c.starter.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o2c.ledger.query.DashboardQueries.OpenException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The calculator's statistics and bucket edges, which the scenario test does not all reach. */
class DashboardCalculatorTest {

    static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");

    @Test
    void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwoAndP95IsTheNearestRank() {
        assertThat(DashboardCalculator.median(List.of(3.0, 1.0, 2.0))).isEqualTo(2.0);
        assertThat(DashboardCalculator.median(List.of(4.0, 1.0, 2.0, 3.0))).isEqualTo(2.5);
        assertThat(DashboardCalculator.median(List.of())).isNull();
        // 20 values 1..20: rank ceil(0.95 * 20) = 19
        List<Double> twenty = java.util.stream.IntStream.rangeClosed(1, 20).mapToDouble(i -> i).boxed().toList();
        assertThat(DashboardCalculator.p95(twenty)).isEqualTo(19.0);
        // 21 values: rank ceil(19.95) = 20
        List<Double> twentyOne = java.util.stream.IntStream.rangeClosed(1, 21).mapToDouble(i -> i).boxed().toList();
        assertThat(DashboardCalculator.p95(twentyOne)).isEqualTo(20.0);
        assertThat(DashboardCalculator.p95(List.of(7.0))).isEqualTo(7.0);
        assertThat(DashboardCalculator.p95(List.of())).isNull();
    }

    @Test
    void ageBucketsCountWholeDaysAndIncludeTheirUpperBound() {
        long[] upper = {7, 30, 60};
        assertThat(DashboardCalculator.bucket(0, upper, DashboardCalculator.UNBILLED_AGES)).isEqualTo("0-7d");
        assertThat(DashboardCalculator.bucket(7, upper, DashboardCalculator.UNBILLED_AGES)).isEqualTo("0-7d");
        assertThat(DashboardCalculator.bucket(8, upper, DashboardCalculator.UNBILLED_AGES)).isEqualTo("8-30d");
        assertThat(DashboardCalculator.bucket(60, upper, DashboardCalculator.UNBILLED_AGES)).isEqualTo("31-60d");
        assertThat(DashboardCalculator.bucket(61, upper, DashboardCalculator.UNBILLED_AGES)).isEqualTo(">60d");

        var open = DashboardCalculator.exceptions(List.of(
                new OpenException("it", NOW.minus(Duration.ofHours(47))),      // 1 whole day
                new OpenException("it", NOW.minus(Duration.ofHours(48))),      // 2 days
                new OpenException("pmo", NOW.minus(Duration.ofDays(8)))), NOW);
        assertThat(open.byAge()).extracting(OperationsDashboard.Point::value).containsExactly(1L, 1L, 0L, 1L);
        assertThat(open.byOwnerTeam()).extracting(OperationsDashboard.Point::label).containsExactly("it", "pmo");
    }

    @Test
    void noFactsGiveZerosAndNoStatistics() {
        OperationsDashboard d = DashboardCalculator.compute(new DashboardFacts(NOW, List.of(), List.of(), List.of(),
                List.of(), List.of(), List.of(), List.of(), List.of(), List.of()));
        assertThat(d.unbilledWork().entries()).isZero();
        assertThat(d.paymentSyncDelay().median()).isNull();
        assertThat(d.paymentSyncDelay().worstOpen()).isNull();
        assertThat(d.wonToCash().count()).isZero();
        assertThat(d.dso().byCurrency()).isEmpty();
        assertThat(d.provisioningFailures().windows()).extracting(OperationsDashboard.Window::total)
                .containsExactly(0L, 0L);
    }
}
