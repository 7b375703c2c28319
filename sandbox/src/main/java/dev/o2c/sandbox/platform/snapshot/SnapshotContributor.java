package dev.o2c.sandbox.platform.snapshot;

import java.util.List;
import java.util.Map;

/** One simulated system's part of {@code GET /sandbox/v1/snapshot}: every object, by collection name. */
public interface SnapshotContributor {

    String system();

    Map<String, List<?>> snapshot();
}
