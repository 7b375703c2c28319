package dev.o2c.sandbox.platform.faults;

import jakarta.validation.Valid;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * Fault injection. A fault matches calls of one system whose operation name (see the OpenAPI operation ids,
 * {@code <system>.<operation>}) equals {@code operation}, or every call of the system for {@code *}.
 * Faults act before idempotency replay, and their answers are never stored as idempotent results.
 */
@RestController
@Tag(name = "sandbox", description = "Faults, snapshot, webhook events, reset")
@RequestMapping("/sandbox/v1/faults")
public class FaultController {

    private final FaultService faults;

    public FaultController(FaultService faults) {
        this.faults = faults;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    public Fault create(@Valid @RequestBody FaultRequest request) {
        return faults.create(request);
    }

    @GetMapping
    public List<Fault> list() {
        return faults.list();
    }

    @GetMapping("/{id}")
    public Fault get(@PathVariable String id) {
        return faults.get(id);
    }

    @DeleteMapping
    public Map<String, Integer> deleteAll() {
        return Map.of("deleted", faults.deleteAll());
    }

    @DeleteMapping("/{id}")
    public ResponseEntity<Void> delete(@PathVariable String id) {
        faults.delete(id);
        return ResponseEntity.noContent().build();
    }
}
