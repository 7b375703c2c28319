package dev.o2c.workflows.saga;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Idempotency keys of a process, derived from the workflow id, the incarnation and the step name, never from attempt
 * or run id:
 * Temporal's own retries of an activity and workflow replays reuse the key, so a system answers a repeated call with
 * its first result instead of creating a second object.
 *
 * <ul>
 *   <li>the base is the workflow id for the first incarnation, {@code {workflowId}:i{n}} for the n-th (a deal
 *       provisioned again after an ABORTED or COMPENSATED run): a new incarnation never gets the old one's answers;
 *       below, {@code {workflowId}} stands for the base;</li>
 *   <li>forward call, first round: {@code {workflowId}:{step}};</li>
 *   <li>after the n-th operator RETRY of that step: {@code {workflowId}:{step}:r{n}}. A new round needs a new key:
 *       the system would answer the old one with its first (failed) answer;</li>
 *   <li>compensation: {@code {workflowId}:{step}:compensate}, and {@code ...:compensate:r{n}} after the n-th operator
 *       RETRY of a compensation that failed for good;</li>
 *   <li>one-off calls that are not saga steps (e.g. a CRM task on abort): {@code {workflowId}:{name}}.</li>
 * </ul>
 */
public final class IdempotencyKeys {

    private static final Pattern RETRY_ROUND = Pattern.compile(".*:r[1-9][0-9]*$");

    private final String workflowId;
    private final Map<String, Integer> forwardRounds = new HashMap<>();
    private final Map<String, Integer> compensationRounds = new HashMap<>();

    /** Keys of the first incarnation. */
    public IdempotencyKeys(String workflowId) {
        this(workflowId, 1);
    }

    /** Keys of the given incarnation (1 for the first). */
    public IdempotencyKeys(String workflowId, int incarnation) {
        Objects.requireNonNull(workflowId, "workflowId");
        if (incarnation < 1) {
            throw new IllegalArgumentException("incarnation must be at least 1");
        }
        this.workflowId = incarnation == 1 ? workflowId : workflowId + ":i" + incarnation;
    }

    /**
     * True when {@code key} is the key of an operator RETRY round ({@code ...:r{n}}): an earlier round's call may have
     * committed without its answer reaching the workflow, so a create under this key must first look for the object
     * by its external reference (find-or-create) instead of creating a second one.
     */
    public static boolean isRetryRound(String key) {
        return key != null && RETRY_ROUND.matcher(key).matches();
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
