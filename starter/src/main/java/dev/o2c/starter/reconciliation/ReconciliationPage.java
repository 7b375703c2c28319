package dev.o2c.starter.reconciliation;

import java.net.URI;
import java.util.List;
import java.util.Map;

/** A page of reconciliation runs, newest first; {@code nextCursor} (and {@code links.next}) absent on the last page. */
public record ReconciliationPage(List<Reconciliation> items, String nextCursor, Map<String, URI> links) {}
