package dev.o2c.devstack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One child process of the stack: started with its own environment, its stdout and stderr copied line by
 * line to the console (behind its name) and to {@code <logs>/<name>.log}, stopped politely then firmly.
 */
public final class ManagedProcess {

    private static final int TAIL_LINES = 200;
    private static final String SETSID = findSetsid();

    private final String name;
    private final Process process;
    private final Path logFile;
    private final Deque<String> tail = new ArrayDeque<>();
    private final Thread pump;
    private final Instant startedAt = Instant.now();
    private volatile boolean stopping;

    private ManagedProcess(String name, Process process, Path logFile, Writer log, Console console) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
        this.pump = Thread.ofPlatform().daemon().name("o2c-" + name + "-output")
                .start(() -> copyOutput(log, console));
    }

    /**
     * Starts {@code command} in {@code workDir} with the current environment plus {@code env}; stderr is
     * merged into stdout. The log file is truncated.
     *
     * <p>Where {@code setsid} exists the child gets its own session, so a Ctrl-C at the terminal reaches only
     * the launcher, which then stops the children in order (apps before Temporal before PostgreSQL) instead of
     * everything dying at once and the apps logging connection errors on the way out.
     *
     * <p>The child's stdin is a pipe from this JVM that stays open and silent as long as this JVM lives: the kernel
     * closes it when the launcher exits, even by SIGKILL, and the launcher's watchdog agent in each child JVM
     * ({@link dev.o2c.devstack.watchdog.ParentWatchdog}) stops the child on that end of file.
     */
    public static ManagedProcess start(String name, List<String> command, Map<String, String> env, Path workDir,
                                       Path logFile, Console console) {
        return start(name, command, env, workDir, logFile, console, false);
    }

    /** As {@link #start(String, List, Map, Path, Path, Console)}, appending to the log when {@code append}. */
    public static ManagedProcess start(String name, List<String> command, Map<String, String> env, Path workDir,
                                       Path logFile, Console console, boolean append) {
        try {
            Files.createDirectories(logFile.getParent());
            Writer log = append
                    ? Files.newBufferedWriter(logFile, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                            StandardOpenOption.APPEND)
                    : Files.newBufferedWriter(logFile, StandardCharsets.UTF_8);
            ProcessBuilder builder = new ProcessBuilder(inOwnSession(command))
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.PIPE);
            builder.environment().putAll(env);
            Process process = builder.start(); // stdin stays open: see above
            return new ManagedProcess(name, process, logFile, log, console);
        } catch (IOException e) {
            throw new StackException("could not start " + name + " (" + String.join(" ", command) + "): "
                    + e.getMessage(), e);
        }
    }

    private static List<String> inOwnSession(List<String> command) {
        if (SETSID == null) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(command.size() + 1);
        wrapped.add(SETSID); // a child of the JVM is no process group leader, so setsid execs without forking
        wrapped.addAll(command);
        return wrapped;
    }

    private static String findSetsid() {
        for (String dir : List.of("/usr/bin", "/bin", "/usr/local/bin")) {
            Path setsid = Path.of(dir, "setsid");
            if (Files.isExecutable(setsid)) {
                return setsid.toString();
            }
        }
        return null;
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    /** When it was started. */
    public Instant startedAt() {
        return startedAt;
    }

    public ProcessHandle handle() {
        return process.toHandle();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path logFile() {
        return logFile;
    }

    /** Completes when the process has exited, whatever the reason. */
    public CompletableFuture<Process> onExit() {
        return process.onExit();
    }

    /** True once {@link #stop} was called: an exit after that is expected. */
    public boolean stopping() {
        return stopping;
    }

    /** {@code "exited with code 1"}, or {@code "is running"}. */
    public String status() {
        return process.isAlive() ? "is running" : "exited with code " + process.exitValue();
    }

    /** The last {@code n} lines it printed. */
    public List<String> tail(int n) {
        synchronized (tail) {
            List<String> all = new ArrayList<>(tail);
            return all.subList(Math.max(0, all.size() - n), all.size());
        }
    }

    /** The last lines of output with a header, for error messages. */
    public String tailReport(int n) {
        awaitOutput();
        List<String> lines = tail(n);
        if (lines.isEmpty()) {
            return name + " printed nothing (log: " + logFile + ")";
        }
        return "last " + lines.size() + " lines of " + logFile + ":\n    " + String.join("\n    ", lines);
    }

    /**
     * SIGTERM (the JVM runs its shutdown hooks; Spring shuts down gracefully), then after {@code grace}
     * SIGKILL for it and anything it started.
     */
    public void stop(Duration grace) {
        stopping = true;
        // Signals go through the ProcessHandle: Process.destroy() would also close our end of the pipe and
        // lose whatever the child prints while it shuts down.
        ProcessHandle handle = process.toHandle();
        List<ProcessHandle> descendants = handle.descendants().toList();
        if (handle.isAlive()) {
            handle.destroy();
            try {
                if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                    handle.destroyForcibly();
                    process.waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                handle.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        awaitOutput();
    }

    /** SIGKILL, as a crash would: no shutdown hook, no graceful shutdown. Returns once it is gone. */
    public void kill() {
        stopping = true;
        ProcessHandle handle = process.toHandle();
        List<ProcessHandle> descendants = handle.descendants().toList();
        handle.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        awaitOutput();
    }

    private void awaitOutput() {
        if (!process.isAlive()) {
            try {
                pump.join(Duration.ofSeconds(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void copyOutput(Writer log, Console console) {
        try (log; BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                log.write(line);
                log.write(System.lineSeparator());
                log.flush();
                synchronized (tail) {
                    if (tail.size() == TAIL_LINES) {
                        tail.removeFirst();
                    }
                    tail.addLast(line);
                }
                console.line(name, line);
            }
        } catch (IOException e) {
            // The JDK closes the pipe once the process has exited: its output ends here either way.
        }
    }
}
