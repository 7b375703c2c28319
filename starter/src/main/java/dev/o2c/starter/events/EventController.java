package dev.o2c.starter.events;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The inbound event ledger: every webhook o2c recorded, and the operator's replay of one that was not routed. */
@RestController
@RequestMapping(path = "/api/v1/events", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "events")
public class EventController {

    static final String ID = "{system}:{eventId}, e.g. crm:evt-1 (an event id is unique per system)";

    private final EventService events;

    public EventController(EventService events) {
        this.events = events;
    }

    @GetMapping
    @Operation(summary = "Inbound events newest first, from the inbound event ledger",
            description = "Every webhook that could be keyed (it had an event id) is recorded before it is answered:"
                    + " one entry per system and event id, however often it was delivered (attempts).")
    @ApiResponse(responseCode = "200", description = "one page")
    @ApiResponse(responseCode = "400", description = "invalid status, system, type, limit or cursor")
    @ApiResponse(responseCode = "503", description = "the inbound event ledger unavailable")
    public InboundEventPage list(
            @Parameter(description = "RECEIVED, STARTED, ROUTED, DUPLICATE, UNMANAGED, REFUSED or FAILED")
            @RequestParam(required = false) String status,
            @Parameter(description = "crm, psa, erp or invoicing") @RequestParam(required = false) String system,
            @Parameter(description = "event type, e.g. opportunity.won") @RequestParam(required = false) String type,
            @Parameter(description = "page size, 1..200") @RequestParam(required = false, defaultValue = "50")
            @Min(1) @Max(200) Integer limit,
            @Parameter(description = "nextCursor of the previous page") @RequestParam(required = false) String cursor) {
        return events.list(status, system, type, limit, cursor);
    }

    @GetMapping("/{id}")
    @Operation(summary = "One inbound event, with its verified payload")
    @ApiResponse(responseCode = "200", description = "the event")
    @ApiResponse(responseCode = "400", description = "id not {system}:{eventId}")
    @ApiResponse(responseCode = "404", description = "event-not-found")
    @ApiResponse(responseCode = "503", description = "the inbound event ledger unavailable")
    public InboundEventView get(@Parameter(description = ID) @PathVariable String id) {
        return events.get(id);
    }

    @PostMapping("/{id}/replay")
    @Operation(summary = "Route an event that was not routed again, from its stored payload",
            description = "For an UNMANAGED, REFUSED or FAILED event whose signature verified: routes it as its"
                    + " webhook would now (a process that runs by now takes it; else it stays parked). The caller is"
                    + " recorded as replayedBy.")
    @ApiResponse(responseCode = "200", description = "replayed: the event with its new status and routing")
    @ApiResponse(responseCode = "400", description = "id not {system}:{eventId}, or the routing refused its content")
    @ApiResponse(responseCode = "404", description = "event-not-found")
    @ApiResponse(responseCode = "409", description = "event-not-replayable: routed already (STARTED, ROUTED,"
            + " DUPLICATE), being routed (RECEIVED), or unverified; or the routing's own conflict (an amendment out"
            + " of order)")
    @ApiResponse(responseCode = "422", description = "the event type is not handled (yet): it stays REFUSED")
    @ApiResponse(responseCode = "503", description = "Temporal or the inbound event ledger unavailable")
    public InboundEventView replay(@Parameter(description = ID) @PathVariable String id) {
        return events.replay(id);
    }
}
