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
        String stat = read("stat");
        // the command name (field 2) is in brackets and may hold spaces or brackets: count fields after the last ')'
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        // fields[0] is field 3 (state); utime is field 14, stime field 15
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /**
     * CPU time used so far by the process and its children, in clock ticks: its own {@code utime + stime}, the
     * {@code cutime + cstime} of children it has waited for, and the same of every live descendant (PostgreSQL does
     * its work in one child process per connection). Zero once the process has ended.
     */
    public long treeCpuTicks() {
        Map<Long, List<Long>> children = new HashMap<>();
        try (var dirs = Files.list(Path.of("/proc"))) {
            dirs.map(d -> d.getFileName().toString()).filter(n -> n.chars().allMatch(Character::isDigit))
                    .forEach(n -> {
                        long child = Long.parseLong(n);
                        long parent = field(child, 1);
                        if (parent > 0) {
                            children.computeIfAbsent(parent, k -> new ArrayList<>()).add(child);
                        }
                    });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return tree(pid, children);
    }

    private static long tree(long pid, Map<Long, List<Long>> children) {
        long ticks = Math.max(0, field(pid, 11)) + Math.max(0, field(pid, 12)) + Math.max(0, field(pid, 13))
                + Math.max(0, field(pid, 14));
        for (long child : children.getOrDefault(pid, List.of())) {
            ticks += tree(child, children);
        }
        return ticks;
    }

    /** Field {@code index} after the command name of {@code /proc/<pid>/stat} (0: state, 1: ppid, 11: utime), or -1. */
    private static long field(long pid, int index) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+")[index]);
        } catch (IOException | RuntimeException gone) {
            return -1; // ended meanwhile
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
