package dev.o2c.devstack.soak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SoakOptionsTest {

    @Test
    void defaultsAreTheFullSoak() {
        SoakOptions options = SoakOptions.parse("--seed", "5");
        assertThat(options).isEqualTo(new SoakOptions(1000, 10, 0.3, 5, Duration.ofMinutes(30)));
        assertThat(options.parkedOnPurpose()).isEqualTo(20);
    }

    @Test
    void optionsAreParsedAndBadOnesRefused() {
        SoakOptions options = SoakOptions.parse("--sagas", "1_00", "--kills", "2", "--fault-rate", "0.1", "--seed",
                "9", "--timeout-minutes", "4");
        assertThat(options).isEqualTo(new SoakOptions(100, 2, 0.1, 9, Duration.ofMinutes(4)));
        assertThat(options.parkedOnPurpose()).isEqualTo(2);
        assertThatThrownBy(() -> SoakOptions.parse("--sagas")).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> SoakOptions.parse("--chaos", "1")).hasMessageContaining("unknown option");
        assertThatThrownBy(() -> SoakOptions.parse("--fault-rate", "1")).hasMessageContaining("[0, 1)");
        assertThatThrownBy(() -> SoakOptions.parse("--sagas", "3")).hasMessageContaining("at least 4");
    }
}
