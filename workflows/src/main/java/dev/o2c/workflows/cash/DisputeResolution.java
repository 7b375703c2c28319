package dev.o2c.workflows.cash;

/** Finance's resolution of a dispute. */
public record DisputeResolution(String disputeId, DisputeOutcome outcome, String note, String actor) {}
