package dev.o2c.sandbox.platform.snapshot;

import dev.o2c.sandbox.platform.web.Systems;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Every object of every system, read in one repeatable-read transaction so it is consistent. */
@RestController
@Tag(name = "sandbox", description = "Faults, snapshot, webhook events, reset")
public class SnapshotController {

    private final List<SnapshotContributor> contributors;

    public SnapshotController(List<SnapshotContributor> contributors) {
        this.contributors = contributors;
    }

    @GetMapping("/sandbox/v1/snapshot")
    @Transactional(readOnly = true, isolation = org.springframework.transaction.annotation.Isolation.REPEATABLE_READ)
    public Map<String, Map<String, List<?>>> snapshot() {
        Map<String, Map<String, List<?>>> result = new LinkedHashMap<>();
        for (String system : Systems.SIMULATED) {
            contributors.stream().filter(c -> c.system().equals(system)).findFirst()
                    .ifPresent(c -> result.put(system, c.snapshot()));
        }
        return result;
    }
}
