package dev.o2c.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

@EnabledOnOs(OS.LINUX)
class LeftoversTest {

    @TempDir
    Path stateDir;

    @Test
    void findsTheProcessesCarryingThisStateDirectorysWatchdogAndKillsThoseThatDoNotStop() throws Exception {
        Path agent = stateDir.resolve("o2c-watchdog.jar");
        // sh's $0 stands in for a JVM's -javaagent argument: only the command line matters
        Process leftover = new ProcessBuilder("sh", "-c", "sleep 60", "-javaagent:" + agent).start();
        Process other = new ProcessBuilder("sh", "-c", "sleep 60", "-javaagent:" + stateDir.resolve("x.jar")).start();
        try {
            List<ProcessHandle> found = Leftovers.find(agent);

            assertThat(found).extracting(ProcessHandle::pid).containsExactly(leftover.pid());
            Leftovers.awaitGone(found, Duration.ofMillis(300));
            assertThat(leftover.waitFor()).isEqualTo(137); // SIGKILLed after the grace time
            assertThat(other.isAlive()).isTrue();
        } finally {
            leftover.destroyForcibly();
            other.destroyForcibly();
        }
    }
}
