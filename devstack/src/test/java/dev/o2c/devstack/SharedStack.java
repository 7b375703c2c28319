package dev.o2c.devstack;

import dev.o2c.devstack.client.O2cClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One local stack for all the end-to-end test classes of a test run ({@code @ExtendWith(SharedStack.class)}):
 * started by the first class that needs it, stopped when the whole run ends (through the root context's store),
 * so that the stack's minute of start-up is paid once. Classes must leave it usable: clear their faults, and a
 * class that restarts the Temporal server (which ends every running saga) runs last (see
 * {@code junit-platform.properties} and the classes' {@code @Order}).
 */
final class SharedStack implements BeforeAllCallback {

    private static Running running;

    record Running(LocalStack stack, StackInfo info, O2cClient client, List<Integer> ports, Path stateDir)
            implements AutoCloseable {
        @Override
        public void close() {
            stack.close();
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        get(context);
    }

    static synchronized Running get(ExtensionContext context) {
        if (running == null) {
            Path stateDir;
            try {
                stateDir = Files.createTempDirectory("o2c-e2e-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            List<Integer> ports = FreePorts.take(TestStacks.PORTS);
            Map<String, String> env = TestStacks.environment(stateDir, ports);
            LocalStack stack = new LocalStack(StackConfig.fromEnvironment(TestStacks.repositoryRoot(), env), env,
                    TestStacks.console());
            StackInfo info = stack.start();
            System.out.println(info.table());
            running = new Running(stack, info, new O2cClient(info.starterUrl(), info.sandboxUrl(),
                    info.identityUrl()), ports, stateDir);
            context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).put(SharedStack.class, running);
        }
        return running;
    }

    /** The running shared stack; only after {@link #beforeAll}. */
    static synchronized Running get() {
        if (running == null) {
            throw new IllegalStateException("no shared stack: annotate the class with @ExtendWith(SharedStack.class)");
        }
        return running;
    }
}
