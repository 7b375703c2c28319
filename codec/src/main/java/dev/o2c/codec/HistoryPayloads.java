package dev.o2c.codec;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.failure.v1.Failure;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.payload.codec.PayloadCodec;
import java.util.List;
import java.util.Map;

/**
 * Decodes every payload of a protobuf message (a workflow history, an event, a failure...), wherever it sits: inputs,
 * results, signals, updates, memos, headers, failure details. A failure whose message and stack trace were encoded
 * ({@code encoded_attributes}) gets them back in plain fields, as a run without a codec would have written them. So a
 * history fetched raw from an encrypting deployment becomes one that replays without the codec.
 */
public final class HistoryPayloads {

    private HistoryPayloads() {}

    @SuppressWarnings("unchecked")
    public static <T extends Message> T decode(T message, PayloadCodec codec) {
        return (T) walk(message, codec);
    }

    private static Message walk(Message message, PayloadCodec codec) {
        if (message instanceof Payload payload) {
            return codec.decode(List.of(payload)).getFirst();
        }
        if (message instanceof Payloads payloads) {
            return Payloads.newBuilder().addAllPayloads(codec.decode(payloads.getPayloadsList())).build();
        }
        Message.Builder builder = null;
        for (Map.Entry<FieldDescriptor, Object> field : message.getAllFields().entrySet()) {
            FieldDescriptor descriptor = field.getKey();
            if (descriptor.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
                continue;
            }
            if (builder == null) {
                builder = message.toBuilder();
            }
            if (descriptor.isRepeated()) {
                List<?> values = (List<?>) field.getValue();
                for (int i = 0; i < values.size(); i++) {
                    builder.setRepeatedField(descriptor, i, walk((Message) values.get(i), codec));
                }
            } else {
                builder.setField(descriptor, walk((Message) field.getValue(), codec));
            }
        }
        Message walked = builder == null ? message : builder.build();
        return walked instanceof Failure failure ? plainFailure(failure) : walked;
    }

    /** Moves decoded {@code encoded_attributes} ({@code {"message":..., "stack_trace":...}}) back into the failure. */
    private static Failure plainFailure(Failure failure) {
        if (!failure.hasEncodedAttributes() || EncryptionCodec.isEncrypted(failure.getEncodedAttributes())) {
            return failure;
        }
        Map<?, ?> attributes = DefaultDataConverter.STANDARD_INSTANCE.fromPayload(failure.getEncodedAttributes(),
                Map.class, Map.class);
        Failure.Builder plain = failure.toBuilder().clearEncodedAttributes();
        if (attributes.get("message") instanceof String text) {
            plain.setMessage(text);
        }
        if (attributes.get("stack_trace") instanceof String trace) {
            plain.setStackTrace(trace);
        }
        return plain.build();
    }
}
