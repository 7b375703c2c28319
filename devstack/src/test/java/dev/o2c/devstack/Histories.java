package dev.o2c.devstack;

import dev.o2c.devstack.client.WorkflowHistories;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Records workflow histories of the end-to-end tests for replay tests: with {@code -Do2c.recordHistories=true},
 * {@link #record} writes a workflow's history (as far as it got, every payload decrypted) to
 * {@code target/histories/v0-<scenario>.json}, to be committed under {@code workflows/src/test/resources/histories/}.
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
        SharedStack.Running shared = SharedStack.get();
        try {
            Files.createDirectories(file.getParent());
            // decoded: the stack encrypts payloads, the replay tests read plain histories
            Files.writeString(file, WorkflowHistories.decoded(
                    WorkflowHistories.fetch(shared.info().temporalAddress(), "default", workflowId),
                    shared.stack().codecKeys().codec()).toJson(true));
        } catch (IOException e) {
            throw new IllegalStateException("could not record the history of " + workflowId, e);
        }
        System.out.println("recorded history of " + workflowId + " in " + file.toAbsolutePath());
    }
}
