package dev.o2c.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PortCheckTest {

    @Test
    void freePortsPass() {
        List<Integer> ports = FreePorts.take(2);

        PortCheck.requireFree(List.of(
                new PortCheck.Claim(ports.get(0), "the sandbox", "SANDBOX_PORT"),
                new PortCheck.Claim(ports.get(1), "the worker", "WORKER_PORT")));
    }

    @Test
    void aTakenPortNamesThePortWhoWantsItWhoHoldsItAndHowToMoveIt() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();

            assertThatThrownBy(() -> PortCheck.requireFree(List.of(
                    new PortCheck.Claim(port, "the starter", "STARTER_PORT"))))
                    .isInstanceOf(StackException.class)
                    .hasMessageContaining("port " + port + " is already in use")
                    .hasMessageContaining("the starter needs it")
                    .hasMessageContaining("set STARTER_PORT to a free port")
                    .hasMessageContaining("held by pid " + ProcessHandle.current().pid());
        }
    }

    @Test
    void twoPartsOnOnePortAreRefused() {
        int port = FreePorts.take(1).getFirst();

        assertThatThrownBy(() -> PortCheck.requireFree(List.of(
                new PortCheck.Claim(port, "the worker", "WORKER_PORT"),
                new PortCheck.Claim(port, "the starter", "STARTER_PORT"))))
                .hasMessageContaining("port " + port + " is configured for both the worker (WORKER_PORT) and the starter"
                        + " (STARTER_PORT)");
    }

    @Test
    void theStackFailsFastWhenOneOfItsPortsIsTaken(@TempDir Path stateDir) throws Exception {
        List<Integer> ports = FreePorts.take(TestStacks.PORTS);
        try (ServerSocket taken = new ServerSocket(ports.get(4))) {
            var env = TestStacks.environment(stateDir, ports);
            LocalStack stack = new LocalStack(StackConfig.fromEnvironment(stateDir, env), env, TestStacks.console());

            long started = System.nanoTime();
            assertThatThrownBy(stack::start)
                    .isInstanceOf(StackException.class)
                    .hasMessageContaining("port " + ports.get(4) + " is already in use")
                    .hasMessageContaining("the starter needs it")
                    .hasMessageContaining("STARTER_PORT");
            assertThat(System.nanoTime() - started).as("nanoseconds to fail").isLessThan(5_000_000_000L);
            assertThat(stack.processes()).isEmpty();
        }
    }
}
