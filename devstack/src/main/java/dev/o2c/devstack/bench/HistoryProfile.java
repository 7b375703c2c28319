package dev.o2c.devstack.bench;

import com.google.protobuf.Timestamp;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.History;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.history.v1.MarkerRecordedEventAttributes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a run's time went, from its history's event timestamps (the server's clock): workflow tasks (queue wait and
 * processing, which includes the local activities the task ran: o2c's ledger and audit writes), activities (queue
 * wait and execution, per step), child workflow starts, and what is left (the gaps between them).
 *
 * @param events         events in the history
 * @param totalMillis    first event to close event
 * @param workflowTasks  completed workflow tasks
 * @param wftWaitMillis  workflow tasks, scheduled to started, summed
 * @param wftRunMillis   workflow tasks, started to completed, summed (local activities run inside)
 * @param activities     completed activities
 * @param actWaitMillis  activities, scheduled to started (last attempt), summed
 * @param actRunMillis   activities, started to completed, summed
 * @param childStartMillis child workflows, initiated to started, summed
 * @param steps          the system calls in order, {@code taskQueue.activityType}: the activities, and the local
 *                       activities of a system's connector (o2c's reads), named {@code system.activityType} with the
 *                       system taken from the type's prefix ({@code Crm.ReadWonOpportunity}: {@code crm})
 * @param stepMillis     per step: scheduled to completed; {@link #LOCAL} for a local activity (its marker has no time)
 * @param localActivities local activity markers (o2c: ledger writes and a system's reads), by type when readable
 * @param versionMarkers version markers, by change id when readable
 * @param eventTypes     events per type
 */
public record HistoryProfile(int events, long totalMillis, int workflowTasks, long wftWaitMillis, long wftRunMillis,
        int activities, long actWaitMillis, long actRunMillis, long childStartMillis, List<String> steps,
        List<Long> stepMillis, List<String> localActivities, List<String> versionMarkers,
        Map<EventType, Integer> eventTypes) {

    /** {@link #stepMillis()} of a step that ran as a local activity. */
    public static final long LOCAL = -1;

    /** The systems whose connectors' local activities count as steps. */
    private static final List<String> SYSTEMS = List.of("crm", "psa", "erp", "invoicing");

    public static HistoryProfile of(History history) {
        Map<Long, HistoryEvent> byId = new HashMap<>();
        Map<EventType, Integer> types = new LinkedHashMap<>();
        int workflowTasks = 0;
        int activities = 0;
        long wftWait = 0;
        long wftRun = 0;
        long actWait = 0;
        long actRun = 0;
        long childStart = 0;
        List<String> steps = new ArrayList<>();
        List<Long> stepMillis = new ArrayList<>();
        List<String> locals = new ArrayList<>();
        List<String> versions = new ArrayList<>();
        for (HistoryEvent e : history.getEventsList()) {
            byId.put(e.getEventId(), e);
            types.merge(e.getEventType(), 1, Integer::sum);
            switch (e.getEventType()) {
                case EVENT_TYPE_WORKFLOW_TASK_COMPLETED -> {
                    var a = e.getWorkflowTaskCompletedEventAttributes();
                    HistoryEvent started = byId.get(a.getStartedEventId());
                    HistoryEvent scheduled = byId.get(a.getScheduledEventId());
                    workflowTasks++;
                    wftWait += millis(scheduled, started);
                    wftRun += millis(started, e);
                }
                case EVENT_TYPE_ACTIVITY_TASK_COMPLETED -> {
                    var a = e.getActivityTaskCompletedEventAttributes();
                    HistoryEvent started = byId.get(a.getStartedEventId());
                    HistoryEvent scheduled = byId.get(a.getScheduledEventId());
                    var s = scheduled.getActivityTaskScheduledEventAttributes();
                    activities++;
                    actWait += millis(scheduled, started);
                    actRun += millis(started, e);
                    steps.add(s.getTaskQueue().getName() + "." + s.getActivityType().getName());
                    stepMillis.add(millis(scheduled, e));
                }
                case EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED -> childStart += millis(byId.get(
                        e.getChildWorkflowExecutionStartedEventAttributes().getInitiatedEventId()), e);
                case EVENT_TYPE_MARKER_RECORDED -> {
                    MarkerRecordedEventAttributes m = e.getMarkerRecordedEventAttributes();
                    if ("LocalActivity".equals(m.getMarkerName())) {
                        String type = readable(m.getDetailsMap().get("type"));
                        locals.add(type);
                        String system = systemOf(type);
                        if (system != null) {
                            steps.add(system + "." + type);
                            stepMillis.add(LOCAL);
                        }
                    } else if ("Version".equals(m.getMarkerName())) {
                        versions.add(readable(m.getDetailsMap().get("changeId")));
                    }
                }
                default -> { }
            }
        }
        List<HistoryEvent> all = history.getEventsList();
        long total = all.isEmpty() ? 0 : millis(all.getFirst(), all.getLast());
        return new HistoryProfile(all.size(), total, workflowTasks, wftWait, wftRun, activities, actWait, actRun,
                childStart, List.copyOf(steps), List.copyOf(stepMillis), List.copyOf(locals), List.copyOf(versions),
                Map.copyOf(types));
    }

    /** The steps that ran as local activities. */
    public List<String> localSteps() {
        List<String> local = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            if (stepMillis.get(i) == LOCAL) {
                local.add(steps.get(i));
            }
        }
        return local;
    }

    /** The system of a connector's activity type ({@code Erp.FindCustomer}: erp), or null for any other type. */
    static String systemOf(String activityType) {
        int dot = activityType.indexOf('.');
        String prefix = dot < 0 ? "" : activityType.substring(0, dot).toLowerCase(java.util.Locale.ROOT);
        return SYSTEMS.contains(prefix) ? prefix : null;
    }

    /** What is not in workflow tasks, activities or child starts: the server's own hand-overs between them. */
    public long otherMillis() {
        return totalMillis - wftWaitMillis - wftRunMillis - actWaitMillis - actRunMillis - childStartMillis;
    }

    /** Events that are no workflow task events (their number depends on how events batch into tasks). */
    public int eventsWithoutWorkflowTasks() {
        return events - count(EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED)
                - count(EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED) - count(EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED);
    }

    public int count(EventType type) {
        return eventTypes.getOrDefault(type, 0);
    }

    private static long millis(HistoryEvent from, HistoryEvent to) {
        return from == null || to == null ? 0 : millis(to.getEventTime()) - millis(from.getEventTime());
    }

    private static long millis(Timestamp t) {
        return t.getSeconds() * 1000 + t.getNanos() / 1_000_000;
    }

    /** A marker detail in clear when it is plain JSON (the SDK's own markers usually are), else "?". */
    private static String readable(Payloads payloads) {
        if (payloads == null || payloads.getPayloadsCount() == 0) {
            return "?";
        }
        Payload p = payloads.getPayloads(0);
        String encoding = p.getMetadataMap().containsKey("encoding")
                ? p.getMetadataMap().get("encoding").toString(StandardCharsets.UTF_8) : "";
        if (!encoding.startsWith("json")) {
            return "?";
        }
        String text = p.getData().toString(StandardCharsets.UTF_8);
        return text.length() > 1 && text.startsWith("\"") ? text.substring(1, text.length() - 1) : text;
    }
}
