package dev.o2c.workflows.systems;

import java.time.LocalDate;

/** A PSA project's status ({@code ACTIVE}, {@code ON_HOLD}, {@code CLOSED}, {@code CANCELLED}) and end date. */
public record PsaProjectRead(String id, String status, LocalDate endDate) {

    public static final String ACTIVE = "ACTIVE";
    public static final String ON_HOLD = "ON_HOLD";
    public static final String CLOSED = "CLOSED";
    public static final String CANCELLED = "CANCELLED";
}
