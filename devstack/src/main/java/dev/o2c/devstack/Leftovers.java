package dev.o2c.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Children of an earlier launcher of the same state directory that was killed (SIGKILL): they carry its watchdog
 * agent ({@code -javaagent:<state>/o2c-watchdog.jar}) and are stopping on their own, which takes a few seconds (a
 * graceful Spring shutdown). Until they are gone they hold the ports; {@link #awaitGone} waits for them, then kills
 * what is left, so that {@code ./o2c up} right after a {@code kill -9} does not fail on "port in use".
 */
final class Leftovers {

    private Leftovers() {
    }

    /** The processes, other than this one, whose command line carries {@code agentJar} as their agent. */
    static List<ProcessHandle> find(Path agentJar) {
        String marker = "-javaagent:" + agentJar;
        long self = ProcessHandle.current().pid();
        return ProcessHandle.allProcesses()
                .filter(p -> p.pid() != self)
                .filter(p -> commandLine(p).contains(marker))
                .toList();
    }

    /** Waits up to {@code timeout} for them all to exit, then SIGKILLs the rest. */
    static void awaitGone(List<ProcessHandle> leftovers, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (ProcessHandle process : leftovers) {
            try {
                process.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException | ExecutionException e) {
                process.destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** From {@code /proc} ({@link ProcessHandle.Info} leaves out the arguments of a long command line). */
    private static String commandLine(ProcessHandle process) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(process.pid()), "cmdline")).replace('\0', ' ');
        } catch (IOException | RuntimeException e) {
            return process.info().commandLine().orElse("");
        }
    }
}
