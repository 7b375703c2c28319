package dev.o2c.workflows.common;

import java.util.List;
import java.util.Objects;

/**
 * An operator's decision on an open exception, sent to the parked workflow as an Update (a signal in histories
 * recorded before the Update).
 *
 * @param exceptionId the exception record it resolves; a resolution for another (stale) exception is refused
 * @param action what to do
 * @param actor who decided (the caller's name from its token, or "system")
 * @param note free text for the audit trail, may be null
 * @param teams the owner teams ({@link OwnerTeam#code()}) the decider may decide for; null: every team (an admin, the
 *     system, and every decision recorded before teams were checked). The process refuses a decision on an exception
 *     owned by another team ({@link DecisionRefusal#OTHER_TEAM})
 */
public record Resolution(String exceptionId, ResolutionAction action, String actor, String note, List<String> teams) {
    public Resolution {
        Objects.requireNonNull(exceptionId, "exceptionId");
        Objects.requireNonNull(action, "action");
        actor = actor == null || actor.isBlank() ? "operator" : actor;
        teams = teams == null ? null : List.copyOf(teams);
    }

    /** A decision by someone who may decide for every team. */
    public Resolution(String exceptionId, ResolutionAction action, String actor, String note) {
        this(exceptionId, action, actor, note, null);
    }

    /** Whether the decider may decide an exception owned by {@code owner}. */
    public boolean mayDecideFor(OwnerTeam owner) {
        return teams == null || owner == null || teams.contains(owner.code());
    }
}
