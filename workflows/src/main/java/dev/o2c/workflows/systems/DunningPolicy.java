package dev.o2c.workflows.systems;

import java.time.Duration;
import java.util.List;

/**
 * The dunning schedule in force on the worker ({@code O2C_DUNNING_SCHEDULE}, default {@code 1,15,30} days overdue):
 * one reminder per offset, counted from the due date (and never before the invoice was sent).
 *
 * @param offsets ascending, positive: how long after the due date each stage is due
 */
public record DunningPolicy(List<Duration> offsets) {

    public DunningPolicy {
        offsets = offsets == null ? List.of() : List.copyOf(offsets);
    }
}
