package dev.o2c.workflows.saga;

import dev.o2c.workflows.common.OpenException;
import dev.o2c.workflows.common.Resolution;
import dev.o2c.workflows.common.ResolutionAction;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;

/**
 * Where a parked process waits for its operator. Takes the {@code resolve} signals and accepts exactly one decision
 * per open exception; everything else is logged and ignored:
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

    /** Signal intake. */
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
