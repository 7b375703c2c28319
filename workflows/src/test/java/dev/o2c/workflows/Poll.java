package dev.o2c.workflows;

import java.util.function.Predicate;
import java.util.function.Supplier;

/** Polling for workflow tests that read live state (a query) until it shows what they wait for. */
public final class Poll {

    private Poll() {
    }

    /** Reads every 50 ms, for at most 15 s, until {@code condition} holds; answers that read. */
    public static <T> T until(Supplier<T> read, Predicate<T> condition) {
        T last = null;
        for (int i = 0; i < 300; i++) {
            last = read.get();
            if (last != null && condition.test(last)) {
                return last;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("condition not reached; last " + last);
    }
}
