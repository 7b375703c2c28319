package dev.o2c.starter.process;

import java.net.URI;
import java.util.List;
import java.util.Map;

/** A page of processes, newest first; {@code nextCursor} (and {@code links.next}) absent on the last page. */
public record ProcessPage(List<ProcessSummary> items, String nextCursor, Map<String, URI> links) {}
