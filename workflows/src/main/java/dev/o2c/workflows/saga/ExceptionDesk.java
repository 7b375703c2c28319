package dev.o2c.workflows.saga;

import dev.o2c.workflows.common.DecisionAccepted;
import dev.o2c.workflows.common.DecisionRefusal;
import dev.o2c.workflows.common.FailureTypes;
import dev.o2c.workflows.common.OpenException;
import dev.o2c.workflows.common.Resolution;
import dev.o2c.workflows.common.ResolutionAction;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;

/**
 * Where a parked process waits for its operator. Decisions arrive as the {@code decide} Update: {@link #validate}
 * refuses (before anything reaches history) what the desk would not take, {@link #accept} takes the rest. Exactly one
 * decision per open exception is accepted; the refusals, each an {@code ApplicationFailure} of type
 * {@link FailureTypes#DECISION_REFUSED} with a {@link DecisionRefusal} as its detail:
 * <ul>
 *   <li>{@link DecisionRefusal#DUPLICATE}: the exception was already decided;</li>
 *   <li>{@link DecisionRefusal#NOT_PARKED}: nothing is open (not parked yet, or already resumed);</li>
 *   <li>{@link DecisionRefusal#STALE}: another exception is open;</li>
 *   <li>{@link DecisionRefusal#SKIP_NOT_ALLOWED}: SKIP of a step that cannot be skipped.</li>
 * </ul>
 *
 * <p>The {@code resolve} <em>signal</em> of histories recorded before the Update existed goes through
 * {@link #receive}, which applies the same rules but can only log and ignore:
 * <ul>
 *   <li>a resolution for an exception that is not the open one (stale, from another run, mistyped);</li>
 *   <li>a second resolution of the same exception (duplicate, or arriving after the decision was taken);</li>
 *   <li>{@link ResolutionAction#SKIP} of an exception whose step is not skippable (the process keeps waiting).</li>
 * </ul>
 * Signal handlers and the waiting workflow code run on the same workflow thread, one at a time: no locking needed.
 */
public final class ExceptionDesk {

    private static final Logger log = Workflow.getLogger(ExceptionDesk.class);

    private final Set<String> closed = new HashSet<>();
    private OpenException open;
    private Resolution decision;

    /**
     * Update validator: throws unless {@link #accept} would take {@code resolution} now. Read-only (validators must
     * not change state).
     */
    public void validate(Resolution resolution) {
        refusal(resolution).ifPresent(refusal -> {
            throw ApplicationFailure.newNonRetryableFailure(refusal.message(), FailureTypes.DECISION_REFUSED,
                    refusal.reason().name());
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
        if (closed.contains(id) || (open != null && open.exceptionId().equals(id) && decision != null)) {
            Resolution taken = decision != null && open != null && open.exceptionId().equals(id) ? decision : null;
            return Optional.of(new Refusal(DecisionRefusal.DUPLICATE, "exception " + id + " was already decided"
                    + (taken == null ? "" : " (" + taken.action() + " by " + taken.actor() + ")")));
        }
        if (open == null) {
            return Optional.of(new Refusal(DecisionRefusal.NOT_PARKED,
                    "the process is not parked: no exception is open, so " + id + " cannot be decided now"));
        }
        if (!open.exceptionId().equals(id)) {
            return Optional.of(new Refusal(DecisionRefusal.STALE, "exception " + id
                    + " is not the open exception of this process (" + open.exceptionId() + " at " + open.step()
                    + ")"));
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
        if (closed.contains(id)) {
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
     * Waits until the operator decides on {@code exception} or {@code timeout} passes.
     *
     * @return the decision, or empty on timeout
     * @throws io.temporal.failure.CanceledFailure when the workflow is cancelled while waiting
     */
    Optional<Resolution> await(OpenException exception, Duration timeout) {
        open = exception;
        decision = null;
        try {
            Workflow.await(timeout, () -> decision != null);
            return Optional.ofNullable(decision);
        } finally {
            closed.add(exception.exceptionId());
            open = null;
            decision = null;
        }
    }
}
