package dev.o2c.workflows.saga;

import dev.o2c.workflows.common.DecisionAccepted;
import dev.o2c.workflows.common.ExceptionOpened;
import dev.o2c.workflows.common.FailureTypes;
import dev.o2c.workflows.common.LogMasks;
import dev.o2c.workflows.common.OpenException;
import dev.o2c.workflows.common.OwnerTeam;
import dev.o2c.workflows.common.ProcessState;
import dev.o2c.workflows.common.ProcessStatus;
import dev.o2c.workflows.common.Resolution;
import dev.o2c.workflows.common.ResolutionAction;
import dev.o2c.workflows.systems.LedgerActivities;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;

/**
 * A saga with per-step tracking, parking and compensation: the engine of o2c's process workflows.
 *
 * <h2>Forward: {@link #run}</h2>
 * Marks the step RUNNING, calls it with the idempotency key of its current round and marks it COMPLETED with the
 * attempt that succeeded. When the call fails for good it is {@linkplain StepFailure#classify classified}:
 * <ul>
 *   <li>PARK: the process parks (below). RETRY runs the step again under a new round key ({@code ...:r1}); SKIP
 *       (skippable steps only) marks it SKIPPED and returns {@code null}; ABORT or the park timeout throws
 *       {@link SagaStopped} with outcome ABORTED.</li>
 *   <li>COMPENSATE (conflict, rejected): throws {@link SagaStopped} with outcome COMPENSATED at once. A skippable
 *       step parks instead, since the saga can do without it.</li>
 *   <li>cancellation: the {@link CanceledFailure} is rethrown. With {@link #stopStepsOnCancelRequest} (for
 *       {@code WAIT_CANCELLATION_COMPLETED} stubs, whose call in flight may still complete normally after the cancel
 *       request), no step starts and no compensation is registered once the cancellation was requested.</li>
 * </ul>
 *
 * <h2>Parking</h2>
 * Status NEEDS_ATTENTION; an exception with a fresh id ({@code Workflow.randomUUID()}) is opened (decidable at once,
 * and shown by the {@code state} query), written to the ledger with its owner team, cause, payload and abort time,
 * and the process waits for a decision on <em>that</em> exception or the park timeout. Decisions arrive as the
 * {@code decide} Update, whose validator refuses stale, duplicate, not-parked and not-allowed decisions before they
 * reach history ({@link ExceptionDesk}); the {@code resolve} signal of older histories is still taken. The decision
 * (the system's ABORT "park timeout" on timeout) is written back to the exception record; RETRY and SKIP record a
 * "resumed" RUNNING transition. A cancellation while parked resolves the record as ABORT ("workflow cancelled")
 * before propagating.
 *
 * <h2>Compensation: {@link #registerCompensation}, {@link #compensate}</h2>
 * A step's compensation is registered <em>before</em> its forward call (a call that timed out may still have
 * succeeded; compensations are idempotent and tolerate "nothing to undo"). {@link #compensate} runs them in reverse
 * order inside a detached cancellation scope, so a cancelled workflow still cleans up; each step goes COMPENSATING
 * then COMPENSATED. A compensation that fails for good (Temporal retried it for an hour, or it was refused) is never
 * dropped: the process parks with {@link FailureTypes#COMPENSATION_FAILED} for {@link OwnerTeam#IT}, not skippable.
 * RETRY runs it again under a new round key ({@code ...:compensate:r1}); ABORT (or the park timeout) abandons it:
 * the step stays COMPENSATION_FAILED, its ids stay in the result as still in force, the remaining compensations
 * run, and the process ends ABORTED (never COMPENSATED: not everything was undone).
 *
 * <h2>Ledger</h2>
 * Transitions are recorded at start (RUNNING), park (NEEDS_ATTENTION), resume (RUNNING), compensation
 * (COMPENSATING, and NEEDS_ATTENTION/COMPENSATING around a parked compensation) and end, each with the run's
 * incarnation and the ids created so far in creation order. Every ledger write is retried until it succeeds
 * ({@link ProcessLedger}): the process waits for it.
 *
 * <h2>Incarnation</h2>
 * {@link #begin} takes the run's incarnation: the keys are {@code new IdempotencyKeys(workflowId, incarnation)}
 * ({@code {workflowId}:i{n}:...} from 2 on, unchanged for 1), and the incarnation is in the {@code state} query and
 * every transition.
 *
 * <p>Ids ({@link #createdIds}, the outcome's ids in force) and steps keep their order everywhere: creation order and
 * saga order.
 */
public final class TrackedSaga {

    /** Actor of decisions the process takes by itself. */
    public static final String SYSTEM_ACTOR = "system";
    /** Note of the ABORT recorded when nobody decided within the park timeout. */
    public static final String PARK_TIMEOUT_NOTE = "park timeout";
    /** Note of the ABORT recorded when the workflow was cancelled while parked. */
    public static final String CANCELLED_NOTE = "workflow cancelled";

    private static final Logger log = Workflow.getLogger(TrackedSaga.class);

    private record Registered(SagaStep step, Compensation compensation) {}

    private final String processType;
    private final ProcessTracker tracker;
    private final ExceptionDesk desk = new ExceptionDesk();
    private final ProcessLedger ledger;
    private final Deque<Registered> compensations = new ArrayDeque<>();
    private final Map<String, List<String>> idKeysByStep = new LinkedHashMap<>();
    private final Set<String> undoneSteps = new LinkedHashSet<>();
    private ProcessIdentity identity;
    private IdempotencyKeys keys;
    private Duration parkTimeout;
    private boolean stopOnCancelRequest;

    /**
     * Creates the saga; may run in the workflow's constructor or field initialisers, so that the query and
     * the update work before the workflow method started.
     *
     * @param processType e.g. {@code opportunity-to-project}
     * @param steps every step, in saga order (the query lists them all from the start, PENDING)
     * @param ledger a <em>local</em> activity stub of the ledger
     */
    public TrackedSaga(String processType, List<SagaStep> steps, LedgerActivities ledger) {
        this.processType = processType;
        this.tracker = new ProcessTracker(processType, steps);
        this.ledger = new ProcessLedger(ledger);
    }

    /**
     * Starts the process: identity, idempotency keys, park timeout; records the RUNNING transition.
     *
     * @param incarnation which provisioning of {@code businessKey} this run is (1 for the first): the keys are
     *     {@code new IdempotencyKeys(workflowId, incarnation)}, so incarnation 1 keeps the keys of runs recorded
     *     before incarnations existed; it is in the {@code state} query and every ledger transition
     */
    public void begin(String businessKey, String correlationId, int incarnation, Duration parkTimeout,
            String detail) {
        this.identity = ProcessIdentity.ofCurrentWorkflow(processType, businessKey, correlationId, incarnation);
        this.keys = new IdempotencyKeys(identity.workflowId(), incarnation);
        this.parkTimeout = parkTimeout;
        tracker.begin(identity);
        log.info("{} {} started: {}", identity.processType(), businessKey, LogMasks.scrub(detail));
        ledger.transition(identity, ProcessStatus.RUNNING, null, detail, Map.of());
    }

    // ---- query and signal -------------------------------------------------------------------------------------

    /** Answer of the {@code state} query. */
    public ProcessState state() {
        return tracker.snapshot();
    }

    /** Validator of the {@code decide} update (see {@link ExceptionDesk#validate}). */
    public void validateDecision(Resolution resolution) {
        desk.validate(resolution);
    }

    /** Handler of the {@code decide} update: accepted only for the open exception, once (see {@link ExceptionDesk}). */
    public DecisionAccepted decide(Resolution resolution) {
        return desk.accept(resolution);
    }

    /** Handler of the old {@code resolve} signal (histories recorded before the update): same rules, refusals logged. */
    public void receive(Resolution resolution) {
        desk.receive(resolution);
    }

    public IdempotencyKeys keys() {
        return keys;
    }

    public ProcessIdentity identity() {
        return identity;
    }

    // ---- forward ----------------------------------------------------------------------------------------------

    /**
     * Runs one side-effecting step (see the class comment).
     *
     * @param action the call, given the idempotency key of the current round
     * @param attempts the activity attempt that succeeded, read from the result
     * @return the result, or {@code null} when an operator skipped the (skippable) step
     * @throws SagaStopped when the saga must compensate (refused) or was aborted
     * @throws CanceledFailure when the workflow was cancelled
     */
    public <T> T run(SagaStep step, StepAction<T> action, ToIntFunction<T> attempts) {
        stopIfCancelRequested(step);
        while (true) {
            String key = keys.forward(step.name());
            tracker.running(step.name());
            try {
                T result = action.run(key);
                tracker.completed(step.name(), result == null ? 1 : attempts.applyAsInt(result));
                log.info("step {} completed (key {})", step.name(), key);
                return result;
            } catch (CanceledFailure cancelled) {
                tracker.failed(step.name(), CANCELLED_NOTE);
                throw cancelled;
            } catch (ActivityFailure failure) {
                StepFailure classified;
                try {
                    classified = StepFailure.classify(failure, step);
                } catch (CanceledFailure cancelled) {
                    tracker.failed(step.name(), CANCELLED_NOTE);
                    throw cancelled;
                }
                tracker.failed(step.name(), classified.failureType() + ": " + classified.message());
                if (!classified.parks() && !step.skippable()) {
                    String reason = step.name() + " refused by " + step.system() + " (" + classified.failureType()
                            + ": " + classified.message() + ")";
                    log.warn("step {} failed for good, compensating: {}", step.name(), LogMasks.scrub(reason));
                    throw new SagaStopped(ProcessStatus.COMPENSATED, step, reason, false);
                }
                ParkOutcome outcome = parkStep(step, classified);
                if (outcome.action() == ResolutionAction.SKIP) {
                    tracker.skipped(step.name());
                    log.info("step {} skipped: {}", step.name(), LogMasks.scrub(outcome.describe()));
                    return null;
                }
                int round = keys.nextForwardRound(step.name());
                log.info("step {} retried, round {}: {}", step.name(), round, LogMasks.scrub(outcome.describe()));
            }
        }
    }

    /** Marks a step that runs in workflow code (no activity) as running. */
    public void running(SagaStep step) {
        stopIfCancelRequested(step);
        tracker.running(step.name());
    }

    /**
     * From now on, a step does not start once the workflow's cancellation was requested: it throws
     * {@link CanceledFailure} instead. Needed with {@code WAIT_CANCELLATION_COMPLETED} activity stubs, whose call in
     * flight at the cancel request may still complete normally; the saga must then stop and compensate rather than
     * start the next step. Off by default, for runs recorded before (their histories may start a step after the
     * cancel request).
     */
    public void stopStepsOnCancelRequest() {
        this.stopOnCancelRequest = true;
    }

    private void stopIfCancelRequested(SagaStep step) {
        if (stopOnCancelRequest && CancellationScope.current().isCancelRequested()) {
            log.warn("step {} not started: workflow cancelled", step.name());
            throw new CanceledFailure(CANCELLED_NOTE);
        }
    }

    /** Marks a step that runs in workflow code as completed. */
    public void completed(SagaStep step, int attempts) {
        tracker.completed(step.name(), attempts);
        log.info("step {} completed", step.name());
    }

    /**
     * Marks a step that does not run in this process as SKIPPED, without a decision or ledger record: e.g. a step
     * added behind {@code Workflow.getVersion}, in a run started before it existed.
     */
    public void notRun(SagaStep step) {
        tracker.skipped(step.name());
    }

    /** Marks a step that runs in workflow code as failed (before {@link #parkStep}). */
    public void failed(SagaStep step, String error) {
        tracker.failed(step.name(), error);
    }

    /**
     * Parks the process on {@code step} and waits for a decision. For steps in workflow code, and used by
     * {@link #run}.
     *
     * @return the decision when it is RETRY or SKIP (SKIP only for a skippable step); the caller runs the step again
     *     or goes on without it
     * @throws SagaStopped (ABORTED) on ABORT or park timeout
     * @throws CanceledFailure when the workflow is cancelled while parked
     */
    public ParkOutcome parkStep(SagaStep step, StepFailure failure) {
        ParkOutcome outcome = park(step.name(), failure, step.skippable(), ProcessStatus.RUNNING);
        if (outcome.action() == ResolutionAction.ABORT) {
            String reason = outcome.describe() + " at " + step.name() + " (" + failure.failureType() + ": "
                    + failure.message() + ")";
            throw new SagaStopped(ProcessStatus.ABORTED, step, reason, outcome.timedOut());
        }
        return outcome;
    }

    /**
     * Parks like {@link #parkStep}, but the process also goes on without a decision as soon as {@code overtaken}
     * answers a reason (non-null): an event settled what the exception was about (e.g. a payment arrived while an
     * unpaid invoice waited in collections), or needs the process to act. The exception is then closed by the system as
     * SKIP with that reason, and the outcome says {@link ParkOutcome#overtaken()}. {@code overtaken} is evaluated in
     * the workflow's await condition: it must be cheap and must not change state.
     *
     * @throws SagaStopped (ABORTED) on ABORT or park timeout
     */
    public ParkOutcome parkUntil(SagaStep step, StepFailure failure, Supplier<String> overtaken) {
        ParkOutcome outcome = park(step.name(), failure, step.skippable(), ProcessStatus.RUNNING, overtaken);
        if (outcome.action() == ResolutionAction.ABORT) {
            String reason = outcome.describe() + " at " + step.name() + " (" + failure.failureType() + ": "
                    + failure.message() + ")";
            throw new SagaStopped(ProcessStatus.ABORTED, step, reason, outcome.timedOut());
        }
        return outcome;
    }

    // ---- ids, transitions, end --------------------------------------------------------------------------------

    /** Records an id {@code step} created, under {@code key} (e.g. {@code psaProjectId}). */
    public void recordCreatedId(SagaStep step, String key, String id) {
        if (id == null) {
            return;
        }
        tracker.createdId(key, id);
        idKeysByStep.computeIfAbsent(step.name(), s -> new ArrayList<>()).add(key);
    }

    /** Ids created so far (also those undone since), in creation order. */
    public Map<String, String> createdIds() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(tracker.createdIds()));
    }

    /** Records a transition in the ledger (e.g. a hand-off) without changing the status. */
    public void recordTransition(ProcessStatus status, String step, String detail) {
        ledger.transition(identity, status, step, detail, tracker.createdIds());
    }

    /** Ends the process COMPLETED. */
    public SagaOutcome complete(String detail) {
        return end(ProcessStatus.COMPLETED, detail);
    }

    // ---- compensation -----------------------------------------------------------------------------------------

    /** Registers {@code step}'s compensation; call it <em>before</em> the step's forward call. */
    public void registerCompensation(SagaStep step, Compensation compensation) {
        stopIfCancelRequested(step); // a step that will not start has nothing to undo
        compensations.push(new Registered(step, compensation));
    }

    /**
     * Runs the registered compensations in reverse order in a detached cancellation scope and ends the process.
     *
     * @param outcome COMPENSATED or ABORTED: the status when every compensation succeeds (ABORTED when one was
     *     abandoned)
     * @param reason why the saga stops, for the ledger and the result
     */
    public SagaOutcome compensate(ProcessStatus outcome, String reason) {
        List<SagaOutcome> ended = new ArrayList<>(1);
        Workflow.newDetachedCancellationScope(() -> ended.add(compensateAll(outcome, reason))).run();
        return ended.get(0);
    }

    private SagaOutcome compensateAll(ProcessStatus outcome, String reason) {
        tracker.status(ProcessStatus.COMPENSATING);
        log.warn("compensating {} step(s): {}", compensations.size(), LogMasks.scrub(reason));
        ledger.transition(identity, ProcessStatus.COMPENSATING, null, "compensating: " + reason,
                tracker.createdIds());
        List<String> abandoned = new ArrayList<>();
        while (!compensations.isEmpty()) {
            Registered next = compensations.pop();
            if (!compensateStep(next)) {
                abandoned.add(next.step().name());
            }
        }
        if (abandoned.isEmpty()) {
            return end(outcome, reason + "; all changes undone");
        }
        return end(ProcessStatus.ABORTED, reason + "; compensation abandoned for " + String.join(", ", abandoned)
                + ", still in force: " + inForce());
    }

    /** @return true when compensated, false when an operator (or the park timeout) abandoned it */
    private boolean compensateStep(Registered registered) {
        String name = registered.step().name();
        while (true) {
            String key = keys.compensation(name);
            tracker.compensating(name);
            try {
                int attempt = registered.compensation().run(key);
                tracker.compensated(name);
                undoneSteps.add(name);
                log.info("step {} compensated (key {}, attempt {})", name, key, attempt);
                return true;
            } catch (ActivityFailure failure) {
                String error = StepFailure.describe(failure);
                tracker.compensationFailed(name, error, false);
                log.error("compensation of {} failed for good (key {}): {}", name, key, LogMasks.scrub(error));
                Map<String, String> payload = new LinkedHashMap<>();
                payload.put("failureType", FailureTypes.COMPENSATION_FAILED);
                payload.put("cause", error);
                payload.put("activityType", failure.getActivityType());
                payload.put("idempotencyKey", key);
                StepFailure parked = StepFailure.park(FailureTypes.COMPENSATION_FAILED, OwnerTeam.IT,
                        "compensation of " + name + " failed: " + error, Json.object(payload));
                ParkOutcome outcome = park(name, parked, false, ProcessStatus.COMPENSATING);
                if (outcome.action() == ResolutionAction.RETRY) {
                    int round = keys.nextCompensationRound(name);
                    log.info("compensation of {} retried, round {}: {}", name, round,
                            LogMasks.scrub(outcome.describe()));
                    continue;
                }
                tracker.compensationFailed(name, error + "; abandoned: " + outcome.describe(), true);
                log.error("compensation of {} abandoned ({}): its objects stay in force", name,
                        LogMasks.scrub(outcome.describe()));
                return false;
            }
        }
    }

    /** Ids of steps not undone. */
    private Map<String, String> inForce() {
        Map<String, String> ids = new LinkedHashMap<>(tracker.createdIds());
        for (String step : undoneSteps) {
            idKeysByStep.getOrDefault(step, List.of()).forEach(ids::remove);
        }
        return ids;
    }

    private SagaOutcome end(ProcessStatus status, String detail) {
        tracker.status(status);
        log.info("{} {} ended {}: {}", identity.processType(), identity.businessKey(), status,
                LogMasks.scrub(detail));
        ledger.transition(identity, status, null, detail, tracker.createdIds());
        return new SagaOutcome(status, inForce(), detail);
    }

    // ---- parking ----------------------------------------------------------------------------------------------

    private ParkOutcome park(String step, StepFailure failure, boolean skippable, ProcessStatus resumeStatus) {
        return park(step, failure, skippable, resumeStatus, () -> null);
    }

    private ParkOutcome park(String step, StepFailure failure, boolean skippable, ProcessStatus resumeStatus,
            Supplier<String> overtaken) {
        long now = Workflow.currentTimeMillis();
        String exceptionId = Workflow.randomUUID().toString();
        long abortAt = now + parkTimeout.toMillis();
        OpenException open = new OpenException(exceptionId, step, failure.owner(), failure.failureType(),
                failure.message(), skippable, now, abortAt);
        tracker.parked(open);
        desk.open(open); // decidable as soon as the query shows it, also while the ledger writes below retry
        log.warn("parked at {} for {}: {}: {} (exception {}, aborts by itself after {})", step,
                failure.owner().code(), failure.failureType(), LogMasks.scrub(failure.message()), exceptionId,
                parkTimeout);
        Optional<Resolution> decided;
        try {
            ledger.transition(identity, ProcessStatus.NEEDS_ATTENTION, step, "parked for " + failure.owner().code()
                    + ": " + failure.failureType() + ": " + failure.message(), tracker.createdIds());
            ledger.openException(new ExceptionOpened(exceptionId, identity.workflowId(), identity.runId(),
                    identity.processType(), identity.businessKey(), step, failure.owner(), failure.failureType(),
                    failure.message(), failure.payloadJson(), skippable, identity.correlationId(), now, abortAt));
            decided = desk.await(parkTimeout, () -> overtaken.get() != null);
        } catch (CanceledFailure cancelled) {
            desk.close();
            Workflow.newDetachedCancellationScope(() -> ledger.resolveException(
                    new Resolution(exceptionId, ResolutionAction.ABORT, SYSTEM_ACTOR, CANCELLED_NOTE))).run();
            tracker.unparked(resumeStatus);
            log.warn("cancelled while parked at {} (exception {})", step, exceptionId);
            throw cancelled;
        }
        String overtakenBy = decided.isPresent() ? null : overtaken.get();
        ParkOutcome outcome = decided
                .map(resolution -> new ParkOutcome(resolution, false))
                .orElseGet(() -> overtakenBy != null
                        ? new ParkOutcome(new Resolution(exceptionId, ResolutionAction.SKIP, SYSTEM_ACTOR,
                                "overtaken: " + overtakenBy), false, true)
                        : new ParkOutcome(new Resolution(exceptionId, ResolutionAction.ABORT, SYSTEM_ACTOR,
                                PARK_TIMEOUT_NOTE), true));
        ledger.resolveException(outcome.resolution());
        tracker.unparked(resumeStatus);
        log.info("exception {} at {} resolved: {}", exceptionId, step, LogMasks.scrub(outcome.describe()));
        if (outcome.action() != ResolutionAction.ABORT) {
            ledger.transition(identity, resumeStatus, step, "resumed: " + outcome.describe(), tracker.createdIds());
        }
        return outcome;
    }
}
