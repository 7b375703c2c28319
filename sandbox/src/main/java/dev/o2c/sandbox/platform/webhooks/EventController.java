package dev.o2c.sandbox.platform.webhooks;

import dev.o2c.sandbox.platform.web.ApiException;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import io.swagger.v3.oas.annotations.tags.Tag;

/** The webhook outbox: what was emitted, what is delivered, what is still pending (with attempts and last error). */
@RestController
@Tag(name = "sandbox", description = "Faults, snapshot, webhook events, reset")
@RequestMapping("/sandbox/v1/events")
public class EventController {

    private final EventOutbox outbox;

    public EventController(EventOutbox outbox) {
        this.outbox = outbox;
    }

    /** {@code status}: {@code pending} or {@code delivered} (any case); {@code type} such as {@code opportunity.won}. */
    @GetMapping
    public List<Event> list(@RequestParam(required = false) String status, @RequestParam(required = false) String type) {
        String normalized = status == null ? null : status.toUpperCase(Locale.ROOT);
        if (normalized != null && !normalized.equals("PENDING") && !normalized.equals("DELIVERED")) {
            throw ApiException.invalid("status", "must be pending or delivered");
        }
        return outbox.list(normalized, type);
    }

    @GetMapping("/{id}")
    public Event get(@PathVariable String id) {
        return outbox.get(id);
    }

    /** Sends the event again as soon as possible, with the same id and body. */
    @PostMapping("/{id}/redeliver")
    @ResponseStatus(HttpStatus.ACCEPTED)
    public Event redeliver(@PathVariable String id) {
        return outbox.redeliver(id);
    }
}
