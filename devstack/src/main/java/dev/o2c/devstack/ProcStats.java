package dev.o2c.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What Linux's {@code /proc} says about a process: its resident memory and the CPU time it has used. The parked
 * workflows benchmark measures the worker with it from outside, so it sees what the operating system charges the
 * process (heap, metaspace, thread stacks, direct buffers), not only what the JVM reports about its heap.
 */
public final class ProcStats {

    /**
     * Clock ticks per second of {@code /proc/<pid>/stat}'s times ({@code USER_HZ}): 100 on every Linux the JDK runs
     * on, since the kernel scales them to this value whatever its internal tick rate.
     */
    public static final long TICKS_PER_SECOND = 100;

    private final long pid;

    private ProcStats(long pid) {
        this.pid = pid;
    }

    /** The process {@code pid}. */
    public static ProcStats of(long pid) {
        return new ProcStats(pid);
    }

    /** The process that listens on the TCP {@code port}, when {@code /proc} shows it. */
    public static Optional<ProcStats> listeningOn(int port) {
        return PortOwner.pid(port).map(ProcStats::new);
    }

    public long pid() {
        return pid;
    }

    /** Resident set size in bytes ({@code VmRSS} of {@code /proc/<pid>/status}). */
    public long rssBytes() {
        return statusKilobytes("VmRSS:") * 1024;
    }

    /** The most the resident set has ever been, in bytes ({@code VmHWM}: the high-water mark since the start). */
    public long peakRssBytes() {
        return statusKilobytes("VmHWM:") * 1024;
    }

    /** CPU time used so far, user plus system, in clock ticks ({@code utime + stime} of {@code /proc/<pid>/stat}). */
    public long cpuTicks() {
        String[] fields = statFields(read("stat"));
        // fields[0] is field 3 (state); utime is field 14, stime field 15
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /**
     * The fields of a {@code /proc/<pid>/stat} line after the command name, from field 3 (state) on. The command
     * name (field 2) is in brackets and may hold spaces or brackets: count fields after the last ')'.
     */
    private static String[] statFields(String stat) {
        return stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
    }

    /**
     * CPU time used so far by the process and its children, in clock ticks: its own {@code utime + stime}, the
     * {@code cutime + cstime} of children it has waited for, and the same of every live descendant (PostgreSQL does
     * its work in one child process per connection). Zero once the process has ended.
     */
    public long treeCpuTicks() {
        // one read of every process's stat: its parent, and its ticks (own, and of its waited-for children)
        Map<Long, List<Long>> children = new HashMap<>();
        Map<Long, Long> ticks = new HashMap<>();
        try (var dirs = Files.list(Path.of("/proc"))) {
            dirs.map(d -> d.getFileName().toString()).filter(n -> n.chars().allMatch(Character::isDigit))
                    .forEach(n -> {
                        long process = Long.parseLong(n);
                        String[] fields = stat(process);
                        if (fields == null) {
                            return; // ended meanwhile
                        }
                        // fields[1]: ppid; [11] utime, [12] stime, [13] cutime, [14] cstime
                        children.computeIfAbsent(Long.parseLong(fields[1]), k -> new ArrayList<>()).add(process);
                        ticks.put(process, Long.parseLong(fields[11]) + Long.parseLong(fields[12])
                                + Long.parseLong(fields[13]) + Long.parseLong(fields[14]));
                    });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return tree(pid, children, ticks);
    }

    private static long tree(long pid, Map<Long, List<Long>> children, Map<Long, Long> ticks) {
        long sum = ticks.getOrDefault(pid, 0L);
        for (long child : children.getOrDefault(pid, List.of())) {
            sum += tree(child, children, ticks);
        }
        return sum;
    }

    /** The fields of {@code /proc/<pid>/stat} after the command name, or null once the process has ended. */
    private static String[] stat(long pid) {
        try {
            return statFields(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
        } catch (IOException | RuntimeException gone) {
            return null;
        }
    }

    /** A CPU sample: ticks used and when they were read. */
    public record CpuSample(long ticks, long nanoTime) {}

    public CpuSample cpuSample() {
        return new CpuSample(cpuTicks(), System.nanoTime());
    }

    /** CPU used between two samples, in percent of one core (200 on two busy cores). */
    public static double cpuPercent(CpuSample from, CpuSample to) {
        double cpuSeconds = (double) (to.ticks() - from.ticks()) / TICKS_PER_SECOND;
        double wallSeconds = (to.nanoTime() - from.nanoTime()) / 1e9;
        return wallSeconds <= 0 ? 0 : 100.0 * cpuSeconds / wallSeconds;
    }

    private long statusKilobytes(String key) {
        for (String line : read("status").split("\n")) {
            if (line.startsWith(key)) {
                return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
            }
        }
        throw new IllegalStateException("/proc/" + pid + "/status has no " + key);
    }

    private String read(String file) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/" + pid + "/" + file + " (has the process ended?)", e);
        }
    }
}
