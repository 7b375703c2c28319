package dev.o2c.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Environments for stacks under test: free ports, a temporary state directory, the Java test server. */
final class TestStacks {

    /** The dunning schedule of stacks under test, in days. */
    static final String DUNNING_SCHEDULE = "1,15,30,60";

    private TestStacks() {
    }

    /** The reconciliation settle window of stacks under test (also how late a payment may be applied). */
    static final java.time.Duration RECONCILIATION_SETTLE = java.time.Duration.ofSeconds(5);
    static final String RECONCILIATION_SETTLE_VARIABLE = StackConfig.RECONCILIATION_PREFIX + "SETTLE";

    /** How many free ports a stack under test needs: {@link #environment} takes them in this order. */
    static final int PORTS = IsolatedStack.PORTS;

    /** {@link IsolatedStack#environment} with the settings the end-to-end tests rely on. */
    static Map<String, String> environment(Path stateDir, List<Integer> ports) {
        Map<String, String> env = IsolatedStack.environment(stateDir, ports);
        // four stages (the worker's default has three): InvoiceToCashE2EIT sees that the stack passes it on
        env.put(StackConfig.DUNNING_SCHEDULE, DUNNING_SCHEDULE);
        // ReconciliationE2EIT: a short settle window (objects it changed are compared seconds later, not an hour),
        // and no schedule: its runs are its own
        env.put(RECONCILIATION_SETTLE_VARIABLE, RECONCILIATION_SETTLE.toString());
        env.put("O2C_RECONCILIATION_PERIOD", "off");
        return env;
    }

    static Console console() {
        return new Console(System.out, false, 8);
    }

    /** {@code -Do2c.root} (set by the pom to the reactor root), else the parent of the module directory. */
    static Path repositoryRoot() {
        String configured = System.getProperty("o2c.root");
        Path root = configured == null || configured.isBlank()
                ? Path.of("").toAbsolutePath().getParent()
                : Path.of(configured).toAbsolutePath().normalize();
        assertThat(root.resolve("pom.xml")).as("repository root %s", root).exists();
        assertThat(Files.isDirectory(root.resolve("devstack"))).as("devstack module under %s", root).isTrue();
        return root;
    }
}
