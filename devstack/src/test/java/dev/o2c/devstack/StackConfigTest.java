package dev.o2c.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StackConfigTest {

    private static final Path ROOT = Path.of("/repo");

    @Test
    void defaultsFollowTheContracts() {
        StackConfig config = StackConfig.fromEnvironment(ROOT, Map.of());

        assertThat(config.pgPort()).isEqualTo(5432);
        assertThat(config.temporalPort()).isEqualTo(7233);
        assertThat(config.temporalUiPort()).isEqualTo(8233);
        assertThat(config.starterPort()).isEqualTo(8081);
        assertThat(config.starterManagementPort()).isEqualTo(8083);
        assertThat(config.workerPort()).isEqualTo(8082);
        assertThat(config.sandboxPort()).isEqualTo(8090);
        assertThat(config.idpPort()).isEqualTo(9000);
        assertThat(config.idpIssuer()).isEqualTo("http://localhost:9000");
        assertThat(config.jar("identity")).isEqualTo(Path.of("/repo/identity/target/identity-exec.jar"));
        assertThat(config.stateDir()).isEqualTo(Path.of("/repo/.o2c"));
        assertThat(config.logsDir()).isEqualTo(Path.of("/repo/.o2c/logs"));
        assertThat(config.jar("worker")).isEqualTo(Path.of("/repo/worker/target/worker-exec.jar"));
        assertThat(config.webhookSecret()).isEqualTo("o2c-dev-webhook-secret");
        assertThat(config.temporalNamespace()).isEqualTo("default");
        assertThat(config.temporalAddress()).isEmpty();
        assertThat(config.temporalMode()).isEqualTo(StackConfig.TemporalMode.AUTO);
        assertThat(config.needsEmbeddedPostgres()).isTrue();
        assertThat(config.appJvmOptions()).startsWith("-XX:+UseSerialGC", "-Xms64m", "-Xmx512m", "-Xss512k");
        assertThat(config.temporalHeap()).isEqualTo(StackConfig.DEFAULT_TEMPORAL_HEAP);
        assertThat(config.restartApps()).isTrue();
        assertThat(config.dunningSchedule()).isEmpty();
        assertThat(config.logFormat()).isEmpty();
    }

    @Test
    void aLogFormatIsTextOrJson() {
        assertThat(StackConfig.fromEnvironment(ROOT, Map.of("O2C_LOG_FORMAT", " JSON ")).logFormat()).contains("json");
        assertThat(StackConfig.fromEnvironment(ROOT, Map.of("O2C_LOG_FORMAT", "text")).logFormat()).contains("text");
        assertThat(StackConfig.fromEnvironment(ROOT, Map.of("O2C_LOG_FORMAT", " ")).logFormat()).isEmpty();
        assertThatThrownBy(() -> StackConfig.fromEnvironment(ROOT, Map.of("O2C_LOG_FORMAT", "ecs")))
                .hasMessageContaining("O2C_LOG_FORMAT=ecs");
    }

    @Test
    void aDunningScheduleIsCheckedAndKeptForTheWorker() {
        assertThat(StackConfig.fromEnvironment(ROOT, Map.of("O2C_DUNNING_SCHEDULE", " 20s, 40s,60s ")).dunningSchedule())
                .contains("20s,40s,60s");
        assertThat(StackConfig.fromEnvironment(ROOT, Map.of("O2C_DUNNING_SCHEDULE", "1,15,30")).dunningSchedule())
                .contains("1,15,30");
        assertThat(StackConfig.fromEnvironment(ROOT, Map.of("O2C_DUNNING_SCHEDULE", " ")).dunningSchedule()).isEmpty();
        for (String bad : new String[] {"soon", "20s,,40s", "1,15,", "-5", "10x"}) {
            assertThatThrownBy(() -> StackConfig.fromEnvironment(ROOT, Map.of("O2C_DUNNING_SCHEDULE", bad)))
                    .as(bad).hasMessageContaining("O2C_DUNNING_SCHEDULE=" + bad);
        }
    }

    @Test
    void theTestServerHeapAndTheRestartPolicyAreConfigurable() {
        StackConfig config = StackConfig.fromEnvironment(ROOT, Map.of("O2C_TEMPORAL_HEAP", "2g", "O2C_RESTART", "no"));

        assertThat(config.temporalHeap()).isEqualTo("2g");
        assertThat(config.restartApps()).isFalse();
        assertThatThrownBy(() -> StackConfig.fromEnvironment(ROOT, Map.of("O2C_TEMPORAL_HEAP", "lots")))
                .hasMessageContaining("O2C_TEMPORAL_HEAP=lots");
        assertThatThrownBy(() -> StackConfig.fromEnvironment(ROOT, Map.of("O2C_RESTART", "maybe")))
                .hasMessageContaining("O2C_RESTART=maybe");
    }

    @Test
    void environmentOverridesEverything() {
        StackConfig config = StackConfig.fromEnvironment(ROOT, Map.ofEntries(
                Map.entry("O2C_PG_PORT", "15432"),
                Map.entry("TEMPORAL_PORT", "17233"),
                Map.entry("STARTER_PORT", "18081"),
                Map.entry("STARTER_MANAGEMENT_PORT", "18083"),
                Map.entry("WORKER_PORT", "18082"),
                Map.entry("SANDBOX_PORT", "18090"),
                Map.entry("O2C_IDP_PORT", "19000"),
                Map.entry("TEMPORAL_ADDRESS", "temporal.example:7233"),
                Map.entry("SANDBOX_DB_URL", "jdbc:postgresql://db/sandbox"),
                Map.entry("SANDBOX_DB_USER", "sb"),
                Map.entry("O2C_DB_URL", "jdbc:postgresql://db/o2c"),
                Map.entry("O2C_JAVA_OPTS", " -Xmx1g  -XX:+UseG1GC "),
                Map.entry("O2C_STATE_DIR", "/tmp/state"),
                Map.entry("O2C_TEMPORAL_SERVER", "Java")));

        assertThat(config.pgPort()).isEqualTo(15432);
        assertThat(config.temporalPort()).isEqualTo(17233);
        assertThat(config.starterPort()).isEqualTo(18081);
        assertThat(config.starterManagementPort()).isEqualTo(18083);
        assertThat(config.workerPort()).isEqualTo(18082);
        assertThat(config.sandboxPort()).isEqualTo(18090);
        assertThat(config.idpPort()).isEqualTo(19000);
        assertThat(config.idpIssuer()).isEqualTo("http://localhost:19000");
        assertThat(config.temporalAddress()).contains("temporal.example:7233");
        assertThat(config.sandboxDb()).contains(new JdbcTarget("jdbc:postgresql://db/sandbox", "sb", "postgres"));
        assertThat(config.o2cDb()).contains(new JdbcTarget("jdbc:postgresql://db/o2c", "postgres", "postgres"));
        assertThat(config.needsEmbeddedPostgres()).isFalse();
        assertThat(config.appJvmOptions()).containsExactly("-Xmx1g", "-XX:+UseG1GC");
        assertThat(config.stateDir()).isEqualTo(Path.of("/tmp/state"));
        assertThat(config.temporalMode()).isEqualTo(StackConfig.TemporalMode.JAVA);
        assertThat(TemporalServer.plan(config, Map.of())).isEqualTo(TemporalServer.Kind.EXTERNAL);
    }

    @Test
    void oneExternalDatabaseStillNeedsTheEmbeddedServerForTheOther() {
        StackConfig config = StackConfig.fromEnvironment(ROOT, Map.of("O2C_DB_URL", "jdbc:postgresql://db/o2c"));

        assertThat(config.needsEmbeddedPostgres()).isTrue();
    }

    @Test
    void aBadPortIsNamed() {
        assertThatThrownBy(() -> StackConfig.fromEnvironment(ROOT, Map.of("STARTER_PORT", "80a")))
                .isInstanceOf(StackException.class)
                .hasMessageContaining("STARTER_PORT=80a");
    }

    @Test
    void withoutTheCliTheJavaTestServerRuns() {
        StackConfig config = StackConfig.fromEnvironment(ROOT, Map.of());

        assertThat(TemporalServer.plan(config, Map.of("PATH", "/nonexistent")))
                .isEqualTo(TemporalServer.Kind.JAVA_TEST_SERVER);
        assertThatThrownBy(() -> TemporalServer.plan(
                StackConfig.fromEnvironment(ROOT, Map.of("O2C_TEMPORAL_SERVER", "cli")), Map.of("PATH", "/nonexistent")))
                .hasMessageContaining("no 'temporal' on PATH");
    }

    @Test
    void theAppsRunInTheDevProfilePlusWhateverTheLauncherActivates() {
        assertThat(LocalStack.profiles(null)).isEqualTo("dev");
        assertThat(LocalStack.profiles(" ")).isEqualTo("dev");
        assertThat(LocalStack.profiles("local, dev,trace")).isEqualTo("dev,local,trace");
    }
}
