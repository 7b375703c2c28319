package dev.o2c.workflows.common;

import java.util.Objects;

/**
 * An operator's decision on an open exception, sent to the parked workflow as a signal.
 *
 * @param exceptionId the exception record it resolves; a resolution for another (stale) exception is ignored
 * @param action what to do
 * @param actor who decided (user name or "system")
 * @param note free text for the audit trail, may be null
 */
public record Resolution(String exceptionId, ResolutionAction action, String actor, String note) {
    public Resolution {
        Objects.requireNonNull(exceptionId, "exceptionId");
        Objects.requireNonNull(action, "action");
        actor = actor == null || actor.isBlank() ? "operator" : actor;
    }
}
