package dev.o2c.workflows.systems;

/**
 * Result of a create call.
 *
 * @param id the id the system gave the object
 * @param attempt the activity attempt that succeeded
 */
public record Created(String id, int attempt) {}
