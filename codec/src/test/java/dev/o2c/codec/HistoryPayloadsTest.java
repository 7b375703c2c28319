package dev.o2c.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.api.common.v1.Payloads;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.history.v1.ActivityTaskFailedEventAttributes;
import io.temporal.api.history.v1.History;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.history.v1.WorkflowExecutionStartedEventAttributes;
import io.temporal.api.common.v1.Memo;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import org.junit.jupiter.api.Test;

class HistoryPayloadsTest {

    @Test
    void decodesEveryPayloadAndRestoresFailureMessages() {
        EncryptionCodec codec = new EncryptionCodec(CodecKeys.development());
        DataConverter plain = DefaultDataConverter.STANDARD_INSTANCE;
        DataConverter encrypting = EncryptionCodec.dataConverter(codec);

        History expected = history(plain);
        History encrypted = history(encrypting);
        assertThat(encrypted.toString()).doesNotContain("jane@example.com").doesNotContain("DE123456789");

        History decoded = HistoryPayloads.decode(encrypted, codec);

        assertThat(decoded.toString()).contains("jane@example.com").contains("DE123456789");
        assertThat(decoded.getEvents(1).getActivityTaskFailedEventAttributes().getFailure().getMessage())
                .isEqualTo("tax id DE123456789 refused");
        assertThat(decoded.getEvents(0)).isEqualTo(expected.getEvents(0));
        assertThat(HistoryPayloads.decode(expected, codec)).as("a plain history stays as it is").isEqualTo(expected);
    }

    private static History history(DataConverter converter) {
        Payloads input = converter.toPayloads("jane@example.com", 42).orElseThrow();
        Failure failure = converter.exceptionToFailure(new IllegalStateException("tax id DE123456789 refused"))
                .toBuilder().clearStackTrace().build();
        return History.newBuilder()
                .addEvents(HistoryEvent.newBuilder().setEventId(1)
                        .setEventType(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED)
                        .setWorkflowExecutionStartedEventAttributes(WorkflowExecutionStartedEventAttributes.newBuilder()
                                .setInput(input)
                                .setMemo(Memo.newBuilder().putFields("owner",
                                        converter.toPayload("jane@example.com").orElseThrow()))))
                .addEvents(HistoryEvent.newBuilder().setEventId(2)
                        .setEventType(EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED)
                        .setActivityTaskFailedEventAttributes(ActivityTaskFailedEventAttributes.newBuilder()
                                .setFailure(failure)))
                .build();
    }
}
