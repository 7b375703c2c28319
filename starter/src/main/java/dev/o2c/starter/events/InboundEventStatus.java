package dev.o2c.starter.events;

import java.util.Set;

/** Where an inbound event stands (column {@code inbound_event.status}). */
public enum InboundEventStatus {
    /** Recorded, being routed (or its routing was interrupted: a redelivery routes it again). */
    RECEIVED,
    /** It started a process ({@code opportunity.won}). */
    STARTED,
    /** It went to a running process (a signal, or an Update the process took). */
    ROUTED,
    /** The process it means had it already (a process that exists, a taken amendment number, a settled invoice). */
    DUPLICATE,
    /** No process took it: parked as {@code inbound-event-{eventId}} for an operator. */
    UNMANAGED,
    /** Answered 4xx (signature, system, content, type o2c does not handle yet, out of order): the sender redelivers. */
    REFUSED,
    /** Answered 5xx (Temporal or a process unavailable): the sender redelivers. */
    FAILED;

    /** Answered 2xx: a redelivery is a duplicate, answered from the record without routing it again. */
    public static final Set<InboundEventStatus> ACKNOWLEDGED = Set.of(STARTED, ROUTED, DUPLICATE, UNMANAGED);

    /** Not routed: an operator may replay these. */
    public static final Set<InboundEventStatus> REPLAYABLE = Set.of(UNMANAGED, REFUSED, FAILED);

    /** The status of a receipt's outcome ({@code started}, {@code routed}, {@code applied}, …). */
    public static InboundEventStatus ofOutcome(String outcome) {
        return switch (outcome) {
            case "started" -> STARTED;
            case "duplicate" -> DUPLICATE;
            case "unmanaged" -> UNMANAGED;
            // routed, and a CRM amendment the project took (applied) or took and refused to apply (refused)
            default -> ROUTED;
        };
    }
}
