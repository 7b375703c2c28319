package dev.o2c.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher itself SIGKILLed ({@code kill -9} on {@code ./o2c up}): no child may outlive it holding a port. The
 * JVM children (Temporal test server, sandbox, worker, starter) stop on their own through the watchdog agent; the
 * detached PostgreSQL is stopped by the next start ({@link EmbeddedDatabase#stopStale}). Runs its own launcher
 * process, before the shared stack starts.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
@Order(-1)
class LauncherKilledIT {

    @TempDir
    Path stateDir;

    @Test
    void killingTheLauncherEndsEveryChildAndFreesEveryPort() throws Exception {
        List<Integer> ports = FreePorts.take(TestStacks.PORTS);
        Map<String, String> env = TestStacks.environment(stateDir, ports);
        Path output = stateDir.resolve("launcher.out");
        ProcessBuilder builder = new ProcessBuilder(JavaCommand.javaBinary(), "-cp",
                System.getProperty("java.class.path"), LocalStack.class.getName(),
                "--root", TestStacks.repositoryRoot().toString())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        Process launcher = builder.start();
        try {
            awaitReady(launcher, output, Duration.ofMinutes(3));
            List<ProcessHandle> children = launcher.descendants().toList();
            Optional<ProcessHandle> postgres = postmaster(stateDir.resolve("pg"));
            assertThat(children).as("Temporal, sandbox, identity, worker, starter").hasSizeGreaterThanOrEqualTo(5);
            assertThat(postgres).isPresent();

            launcher.toHandle().destroyForcibly(); // SIGKILL: no shutdown hook runs
            launcher.waitFor(10, TimeUnit.SECONDS);

            for (ProcessHandle child : children) {
                child.onExit().get(30, TimeUnit.SECONDS);
                assertThat(child.isAlive()).as("pid %d %s", child.pid(), child.info().commandLine().orElse(""))
                        .isFalse();
            }
            for (int port : ports.subList(1, 5)) {
                assertThat(PortCheck.isFree(port)).as("port %d", port).isTrue();
            }
            assertThat(PortCheck.isFree(ports.get(6))).as("identity provider port").isTrue();

            // the next start stops the PostgreSQL the killed launcher left behind
            assertThat(postgres.get().isAlive()).isTrue();
            assertThat(EmbeddedDatabase.stopStale(stateDir.resolve("pg"))).contains(postgres.get().pid());
            assertThat(postgres.get().isAlive()).isFalse();
            assertThat(PortCheck.isFree(ports.get(0))).as("PostgreSQL port").isTrue();
        } finally {
            launcher.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            launcher.destroyForcibly();
            EmbeddedDatabase.stopStale(stateDir.resolve("pg"));
        }
    }

    private static void awaitReady(Process launcher, Path output, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            String text = Files.exists(output) ? Files.readString(output) : "";
            if (text.contains("local stack ready")) {
                return;
            }
            if (!launcher.isAlive() || Instant.now().isAfter(deadline)) {
                throw new AssertionError("the launcher did not get ready:\n" + text);
            }
            Thread.sleep(500);
        }
    }

    private static Optional<ProcessHandle> postmaster(Path dataDir) {
        try (var lines = Files.lines(dataDir.resolve("postmaster.pid"))) {
            return lines.findFirst().map(String::trim).map(Long::parseLong).flatMap(ProcessHandle::of);
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
