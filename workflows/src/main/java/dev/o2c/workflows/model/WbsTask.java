package dev.o2c.workflows.model;

import java.math.BigDecimal;

/**
 * A task of a {@link Phase} in the work breakdown; time is booked against tasks by name.
 *
 * <p>Invariants: {@code name} is not blank; {@code estimateHours} is optional and, when present, not negative
 * and kept in canonical form (trailing zeros stripped: {@code 8.50} becomes {@code 8.5}).
 */
public record WbsTask(String name, BigDecimal estimateHours) {

    public WbsTask {
        Checks.requireNonBlank(name, "WbsTask.name");
        if (estimateHours != null) {
            estimateHours = Checks.canonicalQuantity(estimateHours, "WbsTask.estimateHours");
        }
    }

    public static WbsTask of(String name, String estimateHours) {
        return new WbsTask(name, estimateHours == null ? null : new BigDecimal(estimateHours));
    }
}
