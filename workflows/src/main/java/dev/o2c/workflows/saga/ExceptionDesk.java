package dev.o2c.workflows.saga;

import dev.o2c.workflows.common.DecisionAccepted;
import dev.o2c.workflows.common.DecisionRefusal;
import dev.o2c.workflows.common.Decisions;
import dev.o2c.workflows.common.FailureTypes;
import dev.o2c.workflows.common.OpenException;
import dev.o2c.workflows.common.Resolution;
import dev.o2c.workflows.common.ResolutionAction;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;

/**
 * Where a parked process waits for its operator. Decisions arrive as the {@code decide} Update: {@link #validate}
 * refuses (before anything reaches history) what the desk would not take, {@link #accept} takes the rest. Exactly one
 * decision per open exception is accepted; the refusals, each an {@code ApplicationFailure} of type
 * {@link FailureTypes#DECISION_REFUSED} with the {@link DecisionRefusal} name as its detail, checked in this order:
 * <ul>
 *   <li>{@link DecisionRefusal#DUPLICATE}: an operator already decided this exception (a second click, a redelivered
 *       request), whether the process still waits to act on it, has resumed, or is parked again elsewhere;</li>
 *   <li>{@link DecisionRefusal#NOT_PARKED}: nothing is open: not parked yet, already resumed, or the exception was
 *       closed without an operator decision (park timeout, cancellation);</li>
 *   <li>{@link DecisionRefusal#STALE}: another exception is open;</li>
 *   <li>{@link DecisionRefusal#SKIP_NOT_ALLOWED}: SKIP of a step that cannot be skipped.</li>
 * </ul>
 * An accepted decision resumes the waiting process in the same workflow task.
 *
 * <p>The {@code resolve} <em>signal</em> of histories recorded before the Update existed goes through
 * {@link #receive}, which applies the same rules but can only log and ignore:
 * <ul>
 *   <li>a resolution for an exception that is not the open one (stale, from another run, mistyped);</li>
 *   <li>a second resolution of the same exception (duplicate, or arriving after the decision was taken);</li>
 *   <li>{@link ResolutionAction#SKIP} of an exception whose step is not skippable (the process keeps waiting).</li>
 * </ul>
 * Update and signal handlers and the waiting workflow code run on the same workflow thread, one at a time: no locking
 * needed.
 */
public final class ExceptionDesk {

    private static final Logger log = Workflow.getLogger(ExceptionDesk.class);

    /** Exceptions closed with an operator's decision, by id (insertion order: the order they were decided). */
    private final Map<String, Resolution> decided = new LinkedHashMap<>();
    /** Exceptions closed without one (park timeout, cancellation). */
    private final Set<String> closedUndecided = new LinkedHashSet<>();
    private OpenException open;
    private Resolution decision;

    /**
     * Update validator: throws unless {@link #accept} would take {@code resolution} now. Read-only (validators must
     * not change state).
     *
     * @throws ApplicationFailure of type {@link FailureTypes#DECISION_REFUSED}, detail the {@link DecisionRefusal}
     *     name, message starting with that name and {@code ": "} (read it with {@link Decisions#refusal})
     */
    public void validate(Resolution resolution) {
        refusal(resolution).ifPresent(refusal -> {
            throw ApplicationFailure.newNonRetryableFailure(Decisions.refusalMessage(refusal.reason(),
                    refusal.message()), FailureTypes.DECISION_REFUSED, refusal.reason().name());
        });
    }

    /** Update handler: takes the (validated) decision; the waiting process resumes with it. */
    public DecisionAccepted accept(Resolution resolution) {
        validate(resolution); // a handler may run without its validator (replay of an accepted update)
        log.info("exception {} resolved: {} by {}", resolution.exceptionId(), resolution.action(), resolution.actor());
        decision = resolution;
        return new DecisionAccepted(resolution.exceptionId(), open.step(), resolution.action(), resolution.actor(),
                Workflow.currentTimeMillis());
    }

    private record Refusal(DecisionRefusal reason, String message) {}

    private Optional<Refusal> refusal(Resolution resolution) {
        String id = resolution.exceptionId();
        Resolution taken = open != null && open.exceptionId().equals(id) && decision != null ? decision
                : decided.get(id);
        if (taken != null) {
            return Optional.of(new Refusal(DecisionRefusal.DUPLICATE, "exception " + id + " was already decided ("
                    + taken.action() + " by " + taken.actor() + ")"));
        }
        if (open == null) {
            String why = closedUndecided.contains(id)
                    ? "exception " + id + " was closed without a decision (park timeout, cancellation, or the"
                            + " process went on because something else settled it)"
                    : "no exception is open, so " + id + " cannot be decided now";
            return Optional.of(new Refusal(DecisionRefusal.NOT_PARKED, "the process is not parked: " + why));
        }
        if (!open.exceptionId().equals(id)) {
            return Optional.of(new Refusal(DecisionRefusal.STALE, "exception " + id
                    + " is not the open exception of this process (" + open.exceptionId() + " at " + open.step()
                    + ")"));
        }
        if (!resolution.mayDecideFor(open.owner())) {
            return Optional.of(new Refusal(DecisionRefusal.OTHER_TEAM, "exception " + id + " belongs to team "
                    + open.owner().code() + "; " + resolution.actor() + " decides for " + resolution.teams()));
        }
        if (resolution.action() == ResolutionAction.SKIP && !open.skippable()) {
            return Optional.of(new Refusal(DecisionRefusal.SKIP_NOT_ALLOWED,
                    "step " + open.step() + " cannot be skipped: retry or abort"));
        }
        return Optional.empty();
    }

    /** Signal intake (histories recorded before the Update). */
    public void receive(Resolution resolution) {
        String id = resolution.exceptionId();
        if (decided.containsKey(id) || closedUndecided.contains(id)) {
            log.info("ignoring {} by {} of exception {}: already resolved (duplicate)", resolution.action(),
                    resolution.actor(), id);
        } else if (open == null || !open.exceptionId().equals(id)) {
            log.warn("ignoring {} by {} of exception {}: not the open exception of this process ({})",
                    resolution.action(), resolution.actor(), id, open == null ? "none open" : open.exceptionId());
        } else if (decision != null) {
            log.info("ignoring {} by {} of exception {}: already decided {} by {}", resolution.action(),
                    resolution.actor(), id, decision.action(), decision.actor());
        } else if (resolution.action() == ResolutionAction.SKIP && !open.skippable()) {
            log.warn("ignoring SKIP by {} of exception {}: step {} cannot be skipped (retry or abort)",
                    resolution.actor(), id, open.step());
        } else {
            log.info("exception {} resolved: {} by {}", id, resolution.action(), resolution.actor());
            decision = resolution;
        }
    }

    /**
     * Opens {@code exception}: from now on a decision on it is accepted (the {@code state} query shows it as soon as
     * the process parks, before the ledger has it). Then {@link #await}.
     */
    void open(OpenException exception) {
        open = exception;
        decision = null;
    }

    /**
     * Waits until the operator decides on the open exception or {@code timeout} passes, then closes it.
     *
     * @return the decision, or empty on timeout
     * @throws io.temporal.failure.CanceledFailure when the workflow is cancelled while waiting
     */
    Optional<Resolution> await(Duration timeout) {
        return await(timeout, () -> false);
    }

    /**
     * Like {@link #await(Duration)}, but also returns (empty) as soon as {@code wake} is true while nobody decided: the
     * exception is closed without a decision.
     */
    Optional<Resolution> await(Duration timeout, BooleanSupplier wake) {
        try {
            Workflow.await(timeout, () -> decision != null || wake.getAsBoolean());
            return Optional.ofNullable(decision);
        } finally {
            close();
        }
    }

    /** Closes the open exception, if any (also when the process is cancelled before it waits). */
    void close() {
        if (open == null) {
            return;
        }
        if (decision != null) {
            decided.put(open.exceptionId(), decision);
        } else {
            closedUndecided.add(open.exceptionId());
        }
        open = null;
        decision = null;
    }
}
