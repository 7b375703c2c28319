package dev.o2c.workflows.saga;

import dev.o2c.workflows.common.OpenException;
import dev.o2c.workflows.common.ProcessState;
import dev.o2c.workflows.common.ProcessStatus;
import dev.o2c.workflows.common.StepState;
import dev.o2c.workflows.common.StepStatus;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The live state of a process, kept by the workflow and answered by its {@code state} query: status, every step in
 * saga order, ids created, the open exception while parked. Times are workflow time.
 *
 * <p>{@code createdIds} keeps every id the process created, also after compensation (the step's status says
 * whether it was undone): an operator looking at an aborted process still wants to find the objects. Steps and ids
 * keep their order (saga order, creation order) in the snapshot, the ledger and the result: insertion-ordered maps
 * only.
 */
public final class ProcessTracker {

    private final String processType;
    private final Map<String, StepState> steps = new LinkedHashMap<>();
    private final Map<String, String> createdIds = new LinkedHashMap<>();
    private ProcessIdentity identity;
    private ProcessStatus status = ProcessStatus.RUNNING;
    private OpenException openException;
    private long startedAt;
    private long updatedAt;

    public ProcessTracker(String processType, List<SagaStep> steps) {
        this.processType = processType;
        for (SagaStep step : steps) {
            if (this.steps.putIfAbsent(step.name(), StepState.pending(step.name(), step.system())) != null) {
                throw new IllegalArgumentException("duplicate step " + step.name());
            }
        }
    }

    void begin(ProcessIdentity identity) {
        this.identity = identity;
        this.startedAt = now();
        this.updatedAt = startedAt;
    }

    public ProcessStatus status() {
        return status;
    }

    public OpenException openException() {
        return openException;
    }

    public StepState step(String name) {
        StepState step = steps.get(name);
        if (step == null) {
            throw new IllegalArgumentException("unknown step " + name);
        }
        return step;
    }

    /** The live state, an immutable snapshot. */
    public ProcessState snapshot() {
        ProcessIdentity id = identity;
        return new ProcessState(
                id == null ? Workflow.getInfo().getWorkflowId() : id.workflowId(),
                processType,
                id == null ? null : id.businessKey(),
                status,
                id == null ? null : id.correlationId(),
                new ArrayList<>(steps.values()),
                createdIds,
                openException,
                startedAt,
                updatedAt,
                id == null ? 1 : id.incarnation());
    }

    void status(ProcessStatus newStatus) {
        status = newStatus;
        touch();
    }

    void createdId(String key, String id) {
        if (id != null) {
            createdIds.put(key, id);
            touch();
        }
    }

    Map<String, String> createdIds() {
        return createdIds;
    }

    void parked(OpenException exception) {
        openException = exception;
        status = ProcessStatus.NEEDS_ATTENTION;
        touch();
    }

    void unparked(ProcessStatus resumed) {
        openException = null;
        status = resumed;
        touch();
    }

    // ---- steps: forward ---------------------------------------------------------------------------------------

    void running(String name) {
        StepState s = step(name);
        Long started = s.startedAt() != null ? s.startedAt() : now();
        put(s.with(StepStatus.RUNNING, s.attempts(), s.lastError(), started, null));
    }

    void completed(String name, int attempts) {
        StepState s = step(name);
        put(s.with(StepStatus.COMPLETED, attempts, s.lastError(), startedOrNow(s), now()));
    }

    /** Failed, not (yet) for good: the step parks or the saga compensates it next. Attempts stay (at least 1). */
    void failed(String name, String error) {
        StepState s = step(name);
        put(s.with(StepStatus.FAILED, Math.max(1, s.attempts()), error, startedOrNow(s), null));
    }

    void skipped(String name) {
        StepState s = step(name);
        put(s.with(StepStatus.SKIPPED, s.attempts(), s.lastError(), s.startedAt(), now()));
    }

    // ---- steps: compensation ----------------------------------------------------------------------------------

    void compensating(String name) {
        StepState s = step(name);
        put(s.with(StepStatus.COMPENSATING, s.attempts(), s.lastError(), startedOrNow(s), null));
    }

    void compensated(String name) {
        StepState s = step(name);
        put(s.with(StepStatus.COMPENSATED, s.attempts(), s.lastError(), startedOrNow(s), now()));
    }

    void compensationFailed(String name, String error, boolean forGood) {
        StepState s = step(name);
        put(s.with(StepStatus.COMPENSATION_FAILED, s.attempts(), error, startedOrNow(s), forGood ? now() : null));
    }

    private void put(StepState state) {
        steps.put(state.name(), state);
        touch();
    }

    private Long startedOrNow(StepState s) {
        return s.startedAt() != null ? s.startedAt() : now();
    }

    private void touch() {
        updatedAt = now();
    }

    private static long now() {
        return Workflow.currentTimeMillis();
    }
}
