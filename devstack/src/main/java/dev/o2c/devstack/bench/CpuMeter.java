package dev.o2c.devstack.bench;

import dev.o2c.devstack.ProcStats;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time of the stack's processes over a phase of the benchmark, read from {@code /proc} (each process with its
 * children: PostgreSQL works in one child per connection). Where the time goes when many run at once on a small
 * machine is mostly a question of who burns the cores.
 */
public final class CpuMeter {

    private final Map<String, ProcStats> processes;

    private CpuMeter(Map<String, ProcStats> processes) {
        this.processes = processes;
    }

    /**
     * The processes listening on {@code ports} (by name; those not found on this machine are left out) and this JVM
     * as {@code self}.
     */
    public static CpuMeter of(Map<String, Integer> ports, String self) {
        Map<String, ProcStats> found = new LinkedHashMap<>();
        ports.forEach((name, port) -> ProcStats.listeningOn(port).ifPresent(p -> found.put(name, p)));
        found.put(self, ProcStats.of(ProcessHandle.current().pid()));
        return new CpuMeter(found);
    }

    /** CPU ticks used so far, per process. */
    public Map<String, Long> sample() {
        Map<String, Long> ticks = new LinkedHashMap<>();
        processes.forEach((name, p) -> ticks.put(name, p.treeCpuTicks()));
        return ticks;
    }

    /** Milliseconds of CPU per process between two samples, divided by {@code per}. */
    public static Map<String, Double> millisPer(Map<String, Long> from, Map<String, Long> to, int per) {
        Map<String, Double> millis = new LinkedHashMap<>();
        from.forEach((name, ticks) -> millis.put(name,
                (to.getOrDefault(name, ticks) - ticks) * 1000.0 / ProcStats.TICKS_PER_SECOND / per));
        return millis;
    }
}
