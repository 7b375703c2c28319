package dev.o2c.sandbox.psa;

import dev.o2c.sandbox.psa.PsaModels.BulkTimeEntries;
import dev.o2c.sandbox.psa.PsaModels.BulkTimeEntriesRequest;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Sandbox-only PSA seeding for benchmarks (never faulted, like all of {@code /sandbox/v1}). */
@RestController
@Tag(name = "sandbox", description = "Faults, snapshot, webhook events, reset")
public class PsaSeedController {

    private final PsaService psa;

    public PsaSeedController(PsaService psa) {
        this.psa = psa;
    }

    /** {@code count} APPROVED time entries in one INSERT; no {@code time.approved} events. */
    @PostMapping("/sandbox/v1/psa/projects/{id}/time-entries/bulk")
    public ResponseEntity<BulkTimeEntries> seedTimeEntries(@PathVariable String id,
            @Valid @RequestBody BulkTimeEntriesRequest request) {
        return ResponseEntity.status(201).body(psa.seedTimeEntries(id, request));
    }
}
