package dev.o2c.workflows.saga;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Idempotency keys of a process, derived from the workflow id and the step name, never from attempt or run id:
 * Temporal's own retries of an activity and workflow replays reuse the key, so a system answers a repeated call with
 * its first result instead of creating a second object.
 *
 * <ul>
 *   <li>forward call, first round: {@code {workflowId}:{step}};</li>
 *   <li>after the n-th operator RETRY of that step: {@code {workflowId}:{step}:r{n}}. A new round needs a new key:
 *       the system would answer the old one with its first (failed) answer;</li>
 *   <li>compensation: {@code {workflowId}:{step}:compensate}, and {@code ...:compensate:r{n}} after the n-th operator
 *       RETRY of a compensation that failed for good;</li>
 *   <li>one-off calls that are not saga steps (e.g. a CRM task on abort): {@code {workflowId}:{name}}.</li>
 * </ul>
 */
public final class IdempotencyKeys {

    private final String workflowId;
    private final Map<String, Integer> forwardRounds = new HashMap<>();
    private final Map<String, Integer> compensationRounds = new HashMap<>();

    public IdempotencyKeys(String workflowId) {
        this.workflowId = Objects.requireNonNull(workflowId, "workflowId");
    }

    /** The key of the current round of {@code step}'s forward call. */
    public String forward(String step) {
        return withRound(workflowId + ":" + step, forwardRounds.getOrDefault(step, 0));
    }

    /** The key of the current round of {@code step}'s compensation. */
    public String compensation(String step) {
        return withRound(workflowId + ":" + step + ":compensate", compensationRounds.getOrDefault(step, 0));
    }

    /** The key of a call that is not a saga step and runs at most once per process. */
    public String oneOff(String name) {
        return workflowId + ":" + name;
    }

    /** Starts the next round of {@code step}'s forward call (operator RETRY); returns its number (1, 2, ...). */
    public int nextForwardRound(String step) {
        return forwardRounds.merge(step, 1, Integer::sum);
    }

    /** Starts the next round of {@code step}'s compensation (operator RETRY); returns its number. */
    public int nextCompensationRound(String step) {
        return compensationRounds.merge(step, 1, Integer::sum);
    }

    static String withRound(String base, int round) {
        return round == 0 ? base : base + ":r" + round;
    }
}
