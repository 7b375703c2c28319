package dev.o2c.devstack.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.o2c.devstack.client.O2cClient;
import dev.o2c.devstack.client.WorkflowHistories;
import dev.o2c.codec.EncryptionCodec;
import io.temporal.common.WorkflowExecutionHistory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code ./o2c bench}: opportunity-to-project throughput on a running local stack. First a baseline in the same
 * run: sagas one at a time (end-to-end latency from "deal won" in CRM to COMPLETED); then N sagas won at once.
 * Prints latency, sagas per second, the ratio of concurrent to sequential throughput, and the number of events in
 * one saga's history. Arguments: {@code [concurrent sagas, default 50] [sequential baseline sagas, default 5]}.
 */
public final class SagaBenchmark {

    public static void main(String[] args) throws Exception {
        int concurrent = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int sequential = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        O2cClient o2c = O2cClient.fromEnvironment();

        // warm-up: JIT and connection pools of every process, not measured
        runOne(o2c, deal(o2c));

        List<Long> latencies = new ArrayList<>();
        String sample = null;
        for (int i = 0; i < sequential; i++) {
            String opportunity = deal(o2c);
            latencies.add(runOne(o2c, opportunity));
            sample = opportunity;
        }
        latencies.sort(Long::compare);
        double meanMillis = latencies.stream().mapToLong(Long::longValue).average().orElseThrow();
        double sequentialPerSecond = 1000.0 / meanMillis;

        List<String> batch = new ArrayList<>();
        for (int i = 0; i < concurrent; i++) {
            batch.add(deal(o2c));
        }
        long started = System.nanoTime();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (String opportunity : batch) {
                pool.submit(() -> o2c.markWon(opportunity).expect(200));
            }
        }
        awaitAllCompleted(o2c, batch, Duration.ofMinutes(5));
        double concurrentSeconds = (System.nanoTime() - started) / 1e9;
        double concurrentPerSecond = concurrent / concurrentSeconds;

        WorkflowExecutionHistory history = WorkflowHistories.closed(O2cClient.env("TEMPORAL_ADDRESS",
                "127.0.0.1:7233"), O2cClient.env("TEMPORAL_NAMESPACE", "default"), "opportunity-to-project-" + sample);
        int events = history.getEvents().size();
        boolean encrypted = EncryptionCodec.isEncrypted(history.getEvents().getFirst()
                .getWorkflowExecutionStartedEventAttributes().getInput().getPayloads(0));

        System.out.println();
        System.out.println("opportunity-to-project benchmark (sandbox, worker, starter, Temporal on this machine)");
        System.out.printf("  sequential baseline  %d sagas, latency won->COMPLETED: mean %.0f ms, min %d ms, max %d ms"
                + " -> %.2f sagas/s%n", sequential, meanMillis, latencies.getFirst(), latencies.getLast(),
                sequentialPerSecond);
        System.out.printf("  concurrent           %d sagas won at once, all COMPLETED in %.1f s -> %.2f sagas/s%n",
                concurrent, concurrentSeconds, concurrentPerSecond);
        System.out.printf("  ratio                concurrent / sequential throughput = %.1fx%n",
                concurrentPerSecond / sequentialPerSecond);
        System.out.printf("  history              %d events in one saga's workflow history%n", events);
        System.out.printf("  payloads             %s%n", encrypted
                ? "encrypted (AES-256-GCM codec; O2C_CODEC=off ./o2c up for a plain baseline)"
                : "PLAIN (O2C_CODEC=off): the baseline of the codec's cost");
    }

    /** Marks the deal won (CRM sends the webhook that starts the saga) and times it until COMPLETED. */
    private static long runOne(O2cClient o2c, String opportunity) {
        long started = System.nanoTime();
        o2c.markWon(opportunity).expect(200);
        JsonNode state = o2c.awaitStatus("opportunity-to-project-" + opportunity,
                Set.of("COMPLETED", "COMPENSATED", "ABORTED", "NEEDS_ATTENTION"), Duration.ofMinutes(2));
        if (!"COMPLETED".equals(state.path("status").asText())) {
            throw new IllegalStateException("saga did not complete: " + state);
        }
        return (System.nanoTime() - started) / 1_000_000;
    }

    private static void awaitAllCompleted(O2cClient o2c, List<String> opportunities, Duration timeout) {
        Set<String> pending = new HashSet<>();
        opportunities.forEach(o -> pending.add("opportunity-to-project-" + o));
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!pending.isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(pending.size() + " sagas not COMPLETED within " + timeout);
            }
            JsonNode page = o2c.processes("type=opportunity-to-project&status=COMPLETED&limit=200").expect(200).body();
            page.path("items").forEach(item -> pending.remove(item.path("workflowId").asText()));
            O2cClient.sleep(100);
        }
    }

    private static String deal(O2cClient o2c) {
        String name = "Bench " + UUID.randomUUID().toString().substring(0, 8);
        return o2c.createOpportunity(o2c.createAccount(name, true), name);
    }
}
