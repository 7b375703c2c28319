package dev.o2c.devstack.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.temporal.api.common.v1.ActivityType;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.ActivityTaskCompletedEventAttributes;
import io.temporal.api.history.v1.ActivityTaskScheduledEventAttributes;
import io.temporal.api.history.v1.ActivityTaskStartedEventAttributes;
import io.temporal.api.history.v1.History;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.history.v1.MarkerRecordedEventAttributes;
import io.temporal.api.taskqueue.v1.TaskQueue;
import org.junit.jupiter.api.Test;

/** A system's reads made as local activities count as steps of the saga (the floor makes them as activities). */
class HistoryProfileTest {

    @Test
    void localActivitiesOfASystemsConnectorAreStepsAndTheLedgersAreNot() {
        History history = History.newBuilder()
                .addEvents(marker(1, "Ledger.Transition"))
                .addEvents(marker(2, "Crm.ReadWonOpportunity"))
                .addEvents(marker(3, "Erp.FindCustomer"))
                .addEvents(event(4, EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED).setActivityTaskScheduledEventAttributes(
                        ActivityTaskScheduledEventAttributes.newBuilder()
                                .setActivityType(ActivityType.newBuilder().setName("Erp.UpsertCustomer"))
                                .setTaskQueue(TaskQueue.newBuilder().setName("erp"))))
                .addEvents(event(5, EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED).setActivityTaskStartedEventAttributes(
                        ActivityTaskStartedEventAttributes.newBuilder().setScheduledEventId(4)))
                .addEvents(event(6, EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED)
                        .setActivityTaskCompletedEventAttributes(ActivityTaskCompletedEventAttributes.newBuilder()
                                .setScheduledEventId(4).setStartedEventId(5)))
                .build();

        HistoryProfile profile = HistoryProfile.of(history);

        assertThat(profile.steps()).containsExactly("crm.Crm.ReadWonOpportunity", "erp.Erp.FindCustomer",
                "erp.Erp.UpsertCustomer");
        assertThat(profile.localSteps()).containsExactly("crm.Crm.ReadWonOpportunity", "erp.Erp.FindCustomer");
        assertThat(profile.stepMillis()).containsExactly(HistoryProfile.LOCAL, HistoryProfile.LOCAL, 0L);
        assertThat(profile.localActivities()).containsExactly("Ledger.Transition", "Crm.ReadWonOpportunity",
                "Erp.FindCustomer");
        assertThat(profile.activities()).isEqualTo(1);
    }

    private static HistoryEvent.Builder event(long id, EventType type) {
        return HistoryEvent.newBuilder().setEventId(id).setEventType(type);
    }

    private static HistoryEvent.Builder marker(long id, String type) {
        Payload json = Payload.newBuilder()
                .putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
                .setData(ByteString.copyFromUtf8("\"" + type + "\""))
                .build();
        return event(id, EventType.EVENT_TYPE_MARKER_RECORDED).setMarkerRecordedEventAttributes(
                MarkerRecordedEventAttributes.newBuilder().setMarkerName("LocalActivity")
                        .putDetails("type", Payloads.newBuilder().addPayloads(json).build()));
    }
}
