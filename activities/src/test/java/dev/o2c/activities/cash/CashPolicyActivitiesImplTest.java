package dev.o2c.activities.cash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class CashPolicyActivitiesImplTest {

    @Test
    void theDefaultScheduleIsDaysAfterTheDueDate() {
        assertThat(CashPolicyActivitiesImpl.parse(CashPolicyActivitiesImpl.DEFAULT_SCHEDULE))
                .containsExactly(Duration.ofDays(1), Duration.ofDays(15), Duration.ofDays(30));
        assertThat(new CashPolicyActivitiesImpl(CashPolicyActivitiesImpl.DEFAULT_SCHEDULE).dunningPolicy().offsets())
                .containsExactly(Duration.ofDays(1), Duration.ofDays(15), Duration.ofDays(30));
    }

    @Test
    void offsetsTakeAUnit() {
        assertThat(CashPolicyActivitiesImpl.parse("30s, 1m,2H ,3d"))
                .containsExactly(Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofHours(2),
                        Duration.ofDays(3));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "abc", "1,x", "1,,15", "1,15,", ",", "-1", "1.5", "10w", "1 d", "1234567"})
    void aMalformedScheduleIsRefusedNamingTheVariable(String schedule) {
        assertThatThrownBy(() -> CashPolicyActivitiesImpl.parse(schedule))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("O2C_DUNNING_SCHEDULE");
    }

    @Test
    void aZeroOffsetIsRefused() {
        assertThatThrownBy(() -> CashPolicyActivitiesImpl.parse("0,15"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("O2C_DUNNING_SCHEDULE")
                .hasMessageContaining("positive");
        assertThatThrownBy(() -> CashPolicyActivitiesImpl.parse("1,0s"))
                .hasMessageContaining("O2C_DUNNING_SCHEDULE")
                .hasMessageContaining("positive");
    }

    @Test
    void offsetsThatDoNotAscendAreRefused() {
        for (String schedule : new String[] {"15,1", "1,1", "1d,24h", "2h,30m"}) {
            assertThatThrownBy(() -> CashPolicyActivitiesImpl.parse(schedule))
                    .as(schedule)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("O2C_DUNNING_SCHEDULE")
                    .hasMessageContaining("strictly ascending");
        }
    }

    @Test
    void aMalformedScheduleStopsTheBeanFromBeingCreated() {
        assertThatThrownBy(() -> new CashPolicyActivitiesImpl("1,15,"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("O2C_DUNNING_SCHEDULE");
    }
}
