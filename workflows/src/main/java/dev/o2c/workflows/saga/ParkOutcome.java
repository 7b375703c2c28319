package dev.o2c.workflows.saga;

import dev.o2c.workflows.common.Resolution;
import dev.o2c.workflows.common.ResolutionAction;

/**
 * How a park ended.
 *
 * @param resolution the operator's decision, or the system's ABORT when the park timed out
 * @param timedOut true when nobody decided within the park timeout
 * @param overtaken true when the process went on without a decision because something else settled the matter
 *     ({@link TrackedSaga#parkUntil}); the resolution is then the system's SKIP with the reason as its note
 */
public record ParkOutcome(Resolution resolution, boolean timedOut, boolean overtaken) {

    public ParkOutcome(Resolution resolution, boolean timedOut) {
        this(resolution, timedOut, false);
    }

    public ResolutionAction action() {
        return resolution.action();
    }

    /** "RETRY by alice (data fixed)", "ABORT by system (park timeout)". */
    public String describe() {
        String note = resolution.note() == null || resolution.note().isBlank() ? "" : " (" + resolution.note() + ")";
        return resolution.action() + " by " + resolution.actor() + note;
    }
}
