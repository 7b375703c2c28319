package dev.o2c.starter.exception;

import java.net.URI;
import java.util.List;
import java.util.Map;

/** A page of exception records, newest first; {@code nextCursor} (and {@code links.next}) absent on the last page. */
public record ExceptionPage(List<ExceptionDetails> items, String nextCursor, Map<String, URI> links) {}
