package dev.o2c.workflows;

import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * What the replay tests share: the history files of a folder under {@code src/test/resources}, and one replay worker
 * for all of them, with a deadlock detection timeout far above the SDK's 1 s (the first replay in a cold JVM on a busy
 * 2-core machine can spend longer than that loading classes, which is no deadlock).
 */
public final class ReplayHistories implements AutoCloseable {

    private final TestWorkflowEnvironment environment;
    private final Worker worker;

    private ReplayHistories(Class<?>... workflowTypes) {
        environment = TestWorkflowEnvironment.newInstance();
        worker = environment.newWorker("replay",
                WorkerOptions.newBuilder().setDefaultDeadlockDetectionTimeout(10_000).build());
        worker.registerWorkflowImplementationTypes(workflowTypes);
    }

    /** A replay worker for these workflow implementations. */
    public static ReplayHistories worker(Class<?>... workflowTypes) {
        return new ReplayHistories(workflowTypes);
    }

    /** The {@code .json} files of the resource folder {@code folder}, sorted; none when it does not exist. */
    public static List<String> list(String folder) {
        URL url = ReplayHistories.class.getClassLoader().getResource(folder);
        if (url == null) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Replays {@code folder/file}; fails on non-determinism. */
    public void replay(String folder, String file) throws Exception {
        WorkflowReplayer.replayWorkflowExecutionFromResource(folder + "/" + file, worker);
    }

    @Override
    public void close() {
        environment.close();
    }
}
