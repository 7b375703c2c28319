package dev.o2c.workflows.saga;

import dev.o2c.workflows.common.Resolution;
import dev.o2c.workflows.common.ResolutionAction;

/**
 * How a park ended.
 *
 * @param resolution the operator's decision, or the system's ABORT when the park timed out
 * @param timedOut true when nobody decided within the park timeout
 */
public record ParkOutcome(Resolution resolution, boolean timedOut) {

    public ResolutionAction action() {
        return resolution.action();
    }

    /** "RETRY by alice (data fixed)", "ABORT by system (park timeout)". */
    public String describe() {
        String note = resolution.note() == null || resolution.note().isBlank() ? "" : " (" + resolution.note() + ")";
        return resolution.action() + " by " + resolution.actor() + note;
    }
}
