package dev.o2c.devstack.soak;

import dev.o2c.devstack.LocalStack;
import dev.o2c.devstack.client.O2cClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntSupplier;

/**
 * Kills the worker with SIGKILL at random moments and has the stack start it again. The moments are seeded: kill
 * {@code i} comes once the soak made a random share (5 to 85 %) of its expected progress, plus a random 0 to 1.5 s,
 * and never before the worker made progress since the previous kill (a worker killed before it did anything proves
 * nothing more). Each kill records when it happened and when the new worker was ready; the recovery (kill → first
 * progress after it) is read from the driver's progress times afterwards.
 */
final class Killer implements Runnable {

    /** One kill: nano times of the SIGKILL and of the restarted worker's readiness. */
    record Kill(int number, long killedAt, long readyAt, long oldPid, long newPid) {
        Duration toReady() {
            return Duration.ofNanos(readyAt - killedAt);
        }
    }

    private final LocalStack stack;
    private final IntSupplier progress;
    private final List<Integer> thresholds = new ArrayList<>();
    private final Random random;
    private final List<Kill> kills = new ArrayList<>();
    private volatile boolean stopped;
    private volatile String failure;

    Killer(LocalStack stack, IntSupplier progress, int count, int expectedProgress, Random random) {
        this.stack = stack;
        this.progress = progress;
        this.random = random;
        for (int i = 0; i < count; i++) {
            thresholds.add((int) Math.ceil(expectedProgress * (0.05 + 0.80 * random.nextDouble())));
        }
        thresholds.sort(null);
    }

    @Override
    public void run() {
        int progressAtLastKill = -1;
        for (int i = 0; i < thresholds.size() && !stopped; i++) {
            int threshold = Math.max(thresholds.get(i), progressAtLastKill + 1);
            while (!stopped && progress.getAsInt() < threshold) {
                O2cClient.sleep(100);
            }
            if (stopped) {
                return;
            }
            O2cClient.sleep(random.nextInt(1500));
            long oldPid = stack.process("worker").map(ProcessHandle::pid).orElse(-1L);
            long killedAt = System.nanoTime();
            try {
                stack.crashAndRestart("worker");
            } catch (RuntimeException e) {
                failure = "kill " + (i + 1) + ": the worker did not come back: " + e.getMessage();
                return;
            }
            long readyAt = System.nanoTime();
            long newPid = stack.process("worker").map(ProcessHandle::pid).orElse(-1L);
            synchronized (kills) {
                kills.add(new Kill(i + 1, killedAt, readyAt, oldPid, newPid));
            }
            progressAtLastKill = progress.getAsInt();
            System.out.printf("soak: kill %d of %d: SIGKILL worker pid %d at progress %d, restarted as pid %d, ready"
                    + " after %.1f s%n", i + 1, thresholds.size(), oldPid, threshold, newPid,
                    (readyAt - killedAt) / 1e9);
        }
    }

    void stop() {
        stopped = true;
    }

    List<Kill> kills() {
        synchronized (kills) {
            return List.copyOf(kills);
        }
    }

    String failure() {
        return failure;
    }
}
