package dev.o2c.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CommandLineTest {

    @Test
    void helpExitsWithZero() {
        assertThat(CommandLine.run(new String[] {"--help"})).isZero();
        assertThat(CommandLine.usage()).contains("--root", "STARTER_PORT", "TEMPORAL_ADDRESS", "SANDBOX_DB_URL",
                "--dunning-schedule", "O2C_DUNNING_SCHEDULE", "--log-format", "O2C_LOG_FORMAT");
    }

    @Test
    void badUsageExitsWithTwo() {
        assertThat(CommandLine.run(new String[] {"--bogus"})).isEqualTo(2);
        assertThat(CommandLine.run(new String[] {"--root"})).isEqualTo(2);
        assertThat(CommandLine.run(new String[] {"--dunning-schedule"})).isEqualTo(2);
        assertThat(CommandLine.run(new String[] {"--dunning-schedule", "soon"})).as("a malformed schedule")
                .isEqualTo(2);
        assertThat(CommandLine.run(new String[] {"--log-format"})).isEqualTo(2);
        assertThat(CommandLine.run(new String[] {"--log-format", "xml"})).as("neither text nor json").isEqualTo(2);
    }
}
