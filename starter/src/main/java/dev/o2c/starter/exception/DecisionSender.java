package dev.o2c.starter.exception;

import dev.o2c.starter.config.O2cProperties;
import dev.o2c.starter.web.ApiProblem;
import dev.o2c.starter.web.BoundedCall;
import dev.o2c.starter.web.ProblemTypes;
import dev.o2c.workflows.common.DecisionAccepted;
import dev.o2c.workflows.common.DecisionRefusal;
import dev.o2c.workflows.common.Decisions;
import dev.o2c.workflows.common.Resolution;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Delivers an operator's decision to a workflow as its {@value Decisions#UPDATE} Update and answers only once the
 * workflow took it. The workflow is the authority: its validator refuses a decision it will not take (stale, duplicate,
 * not parked yet or any more, not allowed) and the refusal becomes a {@code 409} naming the reason, never a {@code 202}
 * for a decision that is then dropped.
 */
@Component
public class DecisionSender {

    private static final Logger log = LoggerFactory.getLogger(DecisionSender.class);

    /** The problem type of each refusal. */
    static final Map<DecisionRefusal, String> REFUSAL_TYPES = Map.of(
            DecisionRefusal.NOT_PARKED, ProblemTypes.PROCESS_NOT_PARKED,
            DecisionRefusal.STALE, ProblemTypes.STALE_DECISION,
            DecisionRefusal.DUPLICATE, ProblemTypes.DUPLICATE_DECISION,
            DecisionRefusal.SKIP_NOT_ALLOWED, ProblemTypes.SKIP_NOT_ALLOWED,
            DecisionRefusal.NOT_ALLOWED, ProblemTypes.DECISION_NOT_ALLOWED,
            DecisionRefusal.OTHER_TEAM, ProblemTypes.FORBIDDEN);

    private static final Map<DecisionRefusal, String> REFUSAL_TITLES = Map.of(
            DecisionRefusal.NOT_PARKED, "Process not parked",
            DecisionRefusal.STALE, "Stale decision",
            DecisionRefusal.DUPLICATE, "Already decided",
            DecisionRefusal.SKIP_NOT_ALLOWED, "Step cannot be skipped",
            DecisionRefusal.NOT_ALLOWED, "Decision not allowed",
            DecisionRefusal.OTHER_TEAM, "Forbidden");

    private final WorkflowClient client;
    private final Duration timeout;

    public DecisionSender(WorkflowClient client, O2cProperties properties) {
        this.client = client;
        this.timeout = properties.decisionTimeout();
    }

    /**
     * @return what the workflow accepted
     * @throws ApiProblem 409 refused (type per {@link DecisionRefusal}, with {@code reason}), 409
     *     {@code process-not-running} when the workflow is gone or closed, 503 {@code process-unresponsive} when it did
     *     not take the decision within {@code o2c.decision-timeout}
     */
    public DecisionAccepted send(String workflowId, Resolution resolution) {
        DecisionAccepted accepted;
        try {
            accepted = update(workflowId, resolution);
        } catch (WorkflowNotFoundException e) {
            throw notRunning(workflowId);
        } catch (WorkflowUpdateException e) {
            throw refused(workflowId, resolution, e);
        } catch (TimeoutException e) {
            log.warn("{} did not take {} of {} within {}", workflowId, resolution.action(), resolution.exceptionId(),
                    timeout);
            throw new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.PROCESS_UNRESPONSIVE,
                    "Process unresponsive", "Process " + workflowId + " did not take the decision within "
                            + timeout.toSeconds() + " s (no worker holds it right now). It may still take it once a "
                            + "worker picks it up: look at the process before deciding again.")
                    .with("workflowId", workflowId)
                    .with("exceptionId", resolution.exceptionId());
        }
        log.info("{} took {} of exception {} (by {})", workflowId, resolution.action(), resolution.exceptionId(),
                resolution.actor());
        return accepted;
    }

    /** {@code 409 process-not-running}: the workflow is gone or closed, so it cannot take a decision. */
    public static ApiProblem notRunning(String workflowId) {
        return ApiProblem.conflict(ProblemTypes.PROCESS_NOT_RUNNING, "Process not running",
                "Process " + workflowId + " no longer runs, so it cannot take a decision");
    }

    private DecisionAccepted update(String workflowId, Resolution resolution) throws TimeoutException {
        return BoundedCall.within(timeout, "deciding on " + workflowId, () -> client.newUntypedWorkflowStub(workflowId)
                .update(Decisions.UPDATE, DecisionAccepted.class, resolution));
    }

    private static RuntimeException refused(String workflowId, Resolution resolution, WorkflowUpdateException e) {
        Refused refused = refusal(e);
        if (refused == null) {
            // not a refusal by the validator: the update handler failed, which is a bug in the workflow
            return e;
        }
        log.info("{} refused {} of exception {}: {} ({})", workflowId, resolution.action(), resolution.exceptionId(),
                refused.reason(), refused.message());
        String detail = refused.message() == null || refused.message().isBlank()
                ? "Process " + workflowId + " refused " + resolution.action() + " of exception "
                        + resolution.exceptionId() + ": " + refused.reason()
                : refused.message();
        // another team's exception: the caller may not decide it (403), whatever the process's state
        HttpStatus status = refused.reason() == DecisionRefusal.OTHER_TEAM ? HttpStatus.FORBIDDEN : HttpStatus.CONFLICT;
        return new ApiProblem(status, REFUSAL_TYPES.get(refused.reason()), REFUSAL_TITLES.get(refused.reason()), detail)
                .with("reason", refused.reason().name())
                .with("workflowId", workflowId)
                .with("exceptionId", resolution.exceptionId());
    }

    private record Refused(DecisionRefusal reason, String message) {}

    /**
     * The refusal in the update's failure ({@link Decisions#refusal}: the {@code o2c.decision-refused} failure's
     * detail, or the reason leading its message where the SDK dropped type and detail), with the message text after
     * the reason. A validator failure the SDK wrapped without a known reason is refused as NOT_ALLOWED (only a
     * validator rejection arrives wrapped like that). Null when the update failed for another reason (a failing
     * handler: a bug in the workflow).
     */
    private static Refused refusal(WorkflowUpdateException e) {
        DecisionRefusal reason = Decisions.refusal(e).orElse(null);
        if (reason == null && e.getCause() instanceof ApplicationFailure failure
                && Decisions.SDK_WRAPPED_TYPE.equals(failure.getType())) {
            reason = DecisionRefusal.NOT_ALLOWED;
        }
        return reason == null ? null : new Refused(reason, messageOf(e, reason));
    }

    private static String messageOf(WorkflowUpdateException e, DecisionRefusal reason) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof ApplicationFailure failure && failure.getOriginalMessage() != null) {
                String message = failure.getOriginalMessage();
                String prefix = reason.name() + ":";
                return message.startsWith(prefix) ? message.substring(prefix.length()).strip() : message;
            }
        }
        return null;
    }
}
