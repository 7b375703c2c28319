package dev.o2c.workflows.systems;

/** Result of a side-effecting call that returns nothing else. {@code attempt} is the activity attempt that succeeded. */
public record Ack(int attempt) {}
