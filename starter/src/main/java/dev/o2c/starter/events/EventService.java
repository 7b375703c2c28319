package dev.o2c.starter.events;

import dev.o2c.ledger.query.Page;
import dev.o2c.ledger.query.PageRequest;
import dev.o2c.starter.security.Caller;
import dev.o2c.starter.web.ApiProblem;
import dev.o2c.starter.web.Ids;
import dev.o2c.starter.web.Links;
import dev.o2c.starter.web.ProblemTypes;
import java.net.URI;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/** The inbound event ledger as the API shows it, and an operator's replay of an event that was not routed. */
@Service
public class EventService {

    private static final Logger log = LoggerFactory.getLogger(EventService.class);

    private final InboundEvents events;
    private final EventRouter router;
    private final Links links;

    public EventService(InboundEvents events, EventRouter router, Links links) {
        this.events = events;
        this.router = router;
        this.links = links;
    }

    public InboundEventPage list(String status, String system, String type, Integer limit, String cursor) {
        InboundEventStatus statusFilter = status == null || status.isBlank() ? null : parseStatus(status);
        String systemFilter = Ids.checkedIfPresent("system", blankToNull(system), 20);
        String typeFilter = Ids.checkedIfPresent("type", blankToNull(type), Ids.MAX_BUSINESS_ID);
        Page<EventRecord> page = events.list(statusFilter, systemFilter, typeFilter, new PageRequest(limit, cursor));
        return new InboundEventPage(page.items().stream().map(event -> view(event, false)).toList(),
                page.nextCursor(), Links.page(page.nextCursor()));
    }

    /** @throws ApiProblem {@code 404 event-not-found} */
    public InboundEventView get(String id) {
        EventIds.Key key = EventIds.parse(id);
        return view(events.find(key.system(), key.eventId()).orElseThrow(() -> notFound(id)), true);
    }

    /**
     * Routes an event that was not routed (UNMANAGED, REFUSED, FAILED) again from its stored payload, recording the
     * caller as the one who replayed it.
     *
     * @return the event after the replay (its new status and routing)
     * @throws ApiProblem {@code 404 event-not-found}; {@code 409 event-not-replayable} when it was routed already, is
     *     being routed, or its signature did not verify; the routing's own problem when it is refused again
     */
    public InboundEventView replay(String id) {
        EventIds.Key key = EventIds.parse(id);
        String actor = Caller.current().actor();
        EventRecord taken = events.takeForReplay(key.system(), key.eventId(), actor)
                .orElseThrow(() -> notReplayable(id, events.find(key.system(), key.eventId())
                        .orElseThrow(() -> notFound(id))));
        log.info("{} replays inbound event {} ({}), {} before", actor, id, taken.type(), taken.outcome());
        router.route(taken);
        return get(id);
    }

    private ApiProblem notReplayable(String id, EventRecord event) {
        boolean unverified = event.verdict() != SignatureVerdict.VALID;
        boolean noPayload = !unverified && event.payload() == null
                && InboundEventStatus.REPLAYABLE.contains(event.status());
        String reason = unverified ? "UNVERIFIED" : noPayload ? "NO_PAYLOAD" : event.status().name();
        String detail = unverified
                ? "Event " + id + " was refused as " + event.verdict() + ": there is no verified payload to route"
                : noPayload ? "Event " + id + " has no stored payload to route (its body could not be stored)"
                : "Event " + id + " is " + event.status() + (event.routedTo() == null ? "" : " (" + event.routedTo()
                        + ")") + "; only " + InboundEventStatus.REPLAYABLE.stream().sorted().toList()
                        + " events are replayed";
        return new ApiProblem(HttpStatus.CONFLICT, ProblemTypes.EVENT_NOT_REPLAYABLE, "Event not replayable", detail)
                .with("reason", reason)
                .with("eventId", id);
    }

    private InboundEventView view(EventRecord event, boolean withPayload) {
        Map<String, URI> eventLinks = new LinkedHashMap<>();
        eventLinks.put("self", links.api("/events/{id}", event.id()));
        if (event.routedTo() != null) {
            eventLinks.put("process", links.process(event.routedTo()));
        }
        if (event.verdict() == SignatureVerdict.VALID && event.payload() != null
                && InboundEventStatus.REPLAYABLE.contains(event.status())) {
            eventLinks.put("replay", links.api("/events/{id}/replay", event.id()));
        }
        String payload = withPayload ? event.payload() : null;
        return new InboundEventView(event.id(), event.system(), event.eventId(), event.type(), event.verdict().name(),
                event.status().name(), event.outcome(), event.routedTo(), event.runId(), event.reason(),
                event.correlationId(), event.receivedAt(), event.lastDeliveryAt(), event.attempts(), event.replays(),
                event.replayedBy(), event.replayedAt(), payload, eventLinks);
    }

    private static InboundEventStatus parseStatus(String status) {
        try {
            return InboundEventStatus.valueOf(status.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiProblem.invalidField("status", "must be one of " + Arrays.toString(InboundEventStatus.values()));
        }
    }

    private static ApiProblem notFound(String id) {
        return ApiProblem.notFound(ProblemTypes.EVENT_NOT_FOUND, "No inbound event " + id);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
