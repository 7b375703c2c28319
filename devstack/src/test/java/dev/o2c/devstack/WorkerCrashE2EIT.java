package dev.o2c.devstack;

import static dev.o2c.devstack.client.O2cClient.objects;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.o2c.devstack.client.O2cClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Thirty sagas in flight while the worker is SIGKILLed twice at random moments; the launcher's restart policy, not
 * the test, starts it again each time. Every saga still ends COMPLETED, with exactly one object per system per deal.
 * Without sticky execution on the Java test server (the local stack turns it off there), no workflow waits on the
 * dead worker's sticky queue.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 8, unit = TimeUnit.MINUTES)
@ExtendWith(SharedStack.class)
@Order(3)
class WorkerCrashE2EIT {

    private static final int SAGAS = 30;
    private static final Set<String> ENDED = Set.of("COMPLETED", "COMPENSATED", "ABORTED", "NEEDS_ATTENTION", "LOST");

    private LocalStack stack;
    private O2cClient o2c;

    @BeforeAll
    void useTheSharedStack() {
        stack = SharedStack.get().stack();
        o2c = SharedStack.get().client();
    }

    @AfterEach
    void clearFaults() {
        o2c.clearFaults();
    }

    @Test
    void thirtySagasSurviveTheWorkerKilledTwiceAndRestartedByTheLauncher() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        System.out.println("WorkerCrashE2EIT random seed " + seed);
        List<String[]> deals = new ArrayList<>(); // account id, opportunity id
        for (int i = 0; i < SAGAS; i++) {
            String name = "Crash " + UUID.randomUUID().toString().substring(0, 8);
            String account = o2c.createAccount(name, true);
            deals.add(new String[] {account, o2c.createOpportunity(account, name + " rollout")});
        }
        int restartsBefore = stack.restarts("worker");

        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (String[] deal : deals) {
                pool.submit(() -> o2c.markWon(deal[1]).expect(200));
            }
        }

        int progress = 0;
        for (int kill = 1; kill <= 2; kill++) {
            // a random moment while the sagas progress: after a random number of further system objects exist
            progress = awaitProgress(deals, progress + 3 + random.nextInt(kill == 1 ? 40 : 30));
            O2cClient.sleep(random.nextInt(300));
            ProcessHandle worker = stack.process("worker").orElseThrow();
            System.out.println("WorkerCrashE2EIT: SIGKILL worker pid " + worker.pid() + " (kill " + kill + ") with "
                    + progress + " of " + 4 * SAGAS + " system objects created");
            worker.destroyForcibly();
            worker.onExit().get(10, TimeUnit.SECONDS);
            awaitRestarts(restartsBefore + kill, Duration.ofMinutes(3));
            assertThat(stack.process("worker").orElseThrow().pid()).isNotEqualTo(worker.pid());
        }

        List<String> notCompleted = new ArrayList<>();
        for (String[] deal : deals) {
            JsonNode state = o2c.awaitStatus("opportunity-to-project-" + deal[1], ENDED, Duration.ofMinutes(3));
            if (!"COMPLETED".equals(state.path("status").asText())) {
                notCompleted.add(state.toString());
            }
        }
        assertThat(notCompleted).as("sagas not COMPLETED").isEmpty();

        JsonNode snapshot = o2c.snapshot();
        for (String[] deal : deals) {
            assertThat(objects(snapshot, "erp", "customers", "externalId", deal[0])).as("ERP customer of %s", deal[1])
                    .singleElement().satisfies(n -> assertThat(n.path("status").asText()).isEqualTo("ACTIVE"));
            assertThat(objects(snapshot, "psa", "projects", "externalRef", deal[1])).as("PSA project of %s", deal[1])
                    .singleElement().satisfies(n -> assertThat(n.path("status").asText()).isEqualTo("ACTIVE"));
            assertThat(objects(snapshot, "invoicing", "billingPlans", "externalRef", deal[1]))
                    .as("billing plan of %s", deal[1])
                    .singleElement().satisfies(n -> assertThat(n.path("status").asText()).isEqualTo("ACTIVE"));
            assertThat(objects(snapshot, "erp", "projects", "externalRef", deal[1])).as("ERP project of %s", deal[1])
                    .singleElement().satisfies(n -> assertThat(n.path("status").asText()).isEqualTo("OPEN"));
        }
        assertThat(stack.restarts("worker")).isEqualTo(restartsBefore + 2);
        assertThat(stack.failure()).isNotDone();
    }

    /**
     * Waits until at least {@code objects} of the deals' system objects (ERP customer, PSA project, billing plan, ERP
     * project: four per deal) exist, or 60 s; returns how many exist.
     */
    private int awaitProgress(List<String[]> deals, int objects) {
        Instant deadline = Instant.now().plusSeconds(60);
        int count;
        do {
            JsonNode snapshot = o2c.snapshot();
            count = 0;
            for (String[] deal : deals) {
                count += objects(snapshot, "erp", "customers", "externalId", deal[0]).isEmpty() ? 0 : 1;
                count += objects(snapshot, "psa", "projects", "externalRef", deal[1]).isEmpty() ? 0 : 1;
                count += objects(snapshot, "invoicing", "billingPlans", "externalRef", deal[1]).isEmpty() ? 0 : 1;
                count += objects(snapshot, "erp", "projects", "externalRef", deal[1]).isEmpty() ? 0 : 1;
            }
            if (count >= Math.min(objects, 4 * SAGAS - 1)) {
                return count;
            }
            O2cClient.sleep(100);
        } while (Instant.now().isBefore(deadline));
        return count;
    }

    private void awaitRestarts(int count, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (stack.restarts("worker") < count) {
            assertThat(Instant.now()).as("the launcher restarted the worker %d times", count).isBefore(deadline);
            assertThat(stack.failure()).as("the stack gave up").isNotDone();
            O2cClient.sleep(250);
        }
    }
}
