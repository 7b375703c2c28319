package dev.o2c.devstack;

import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Records workflow histories of the end-to-end tests for replay tests: with {@code -Do2c.recordHistories=true},
 * {@link #record} writes a workflow's history (as far as it got) to {@code target/histories/v0-<scenario>.json}, to be
 * committed under {@code workflows/src/test/resources/histories/}.
 */
final class Histories {

    private Histories() {
    }

    static boolean recording() {
        return Boolean.getBoolean("o2c.recordHistories");
    }

    /** Writes the history of {@code workflowId} of the shared stack when recording; else does nothing. */
    static void record(String workflowId, String scenario) {
        if (!recording()) {
            return;
        }
        Path file = Path.of("target", "histories", "v0-" + scenario + ".json");
        WorkflowServiceStubs service = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
                .setTarget(SharedStack.get().info().temporalAddress()).build());
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, WorkflowClient.newInstance(service).fetchHistory(workflowId).toJson(true));
        } catch (IOException e) {
            throw new IllegalStateException("could not record the history of " + workflowId, e);
        } finally {
            service.shutdown();
        }
        System.out.println("recorded history of " + workflowId + " in " + file.toAbsolutePath());
    }
}
