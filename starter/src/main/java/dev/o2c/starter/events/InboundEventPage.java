package dev.o2c.starter.events;

import java.net.URI;
import java.util.List;
import java.util.Map;

/** A page of inbound events, newest first; {@code nextCursor} (and {@code links.next}) absent on the last page. */
public record InboundEventPage(List<InboundEventView> items, String nextCursor, Map<String, URI> links) {}
