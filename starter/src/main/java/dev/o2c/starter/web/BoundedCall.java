package dev.o2c.starter.web;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.MDC;

/**
 * A blocking Temporal call (a query, an update) bounded in time: a workflow answers only while a worker holds it, and
 * the SDK would otherwise wait and retry for as long as the server keeps the call open. Runs on a virtual thread that
 * carries the caller's MDC (the correlation id travels with the call).
 */
public final class BoundedCall {

    private BoundedCall() {}

    /**
     * @param what for the message of an interruption, e.g. {@code querying <workflowId>}
     * @throws TimeoutException when no answer came within {@code timeout}
     * @throws RuntimeException the call's own failure, unwrapped
     */
    public static <T> T within(Duration timeout, String what, Supplier<T> call) throws TimeoutException {
        Map<String, String> mdc = MDC.getCopyOfContextMap();
        CompletableFuture<T> answer = CompletableFuture.supplyAsync(() -> {
            if (mdc != null) {
                MDC.setContextMap(mdc);
            }
            return call.get();
        }, command -> Thread.ofVirtual().start(command));
        try {
            return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + what, e);
        } finally {
            answer.cancel(true);
        }
    }
}
