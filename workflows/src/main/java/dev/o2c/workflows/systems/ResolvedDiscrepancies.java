package dev.o2c.workflows.systems;

import java.util.Map;

/** The discrepancies a finished reconciliation closed because it no longer found them, by kind name. */
public record ResolvedDiscrepancies(String runId, Map<String, Integer> closed) {

    public ResolvedDiscrepancies {
        closed = Map.copyOf(closed);
    }

    public int total() {
        return closed.values().stream().mapToInt(Integer::intValue).sum();
    }
}
