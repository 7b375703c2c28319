package dev.o2c.codec;

import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.failure.v1.Failure;
import io.temporal.common.converter.CodecDataConverter;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DataConverterException;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.failure.ApplicationFailure;
import io.temporal.payload.codec.PayloadCodec;
import io.temporal.payload.context.SerializationContext;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The SDK's JSON conversion, then the codec, for payloads and for failures: a failure's message and stack trace are
 * encrypted too ({@code encoded_attributes}), as they may quote what a system refused. Except the failures whose
 * {@link ApplicationFailure#getType() type} {@code keepsMessage} accepts (an Update validator's refusals): SDK 1.38
 * hands the client only the message of a validator's failure, not its encoded attributes, and the starter reads the
 * refusal from that message. A validator's refusal is never written to the history.
 */
final class EncryptingDataConverter implements DataConverter {

    private final DataConverter encrypting;
    private final DataConverter messageInClear;
    private final Predicate<String> keepsMessage;

    EncryptingDataConverter(PayloadCodec codec, Predicate<String> keepsMessage) {
        this(new CodecDataConverter(DefaultDataConverter.newDefaultInstance(), List.of(codec), true),
                new CodecDataConverter(DefaultDataConverter.newDefaultInstance(), List.of(codec), false),
                keepsMessage);
    }

    private EncryptingDataConverter(DataConverter encrypting, DataConverter messageInClear,
            Predicate<String> keepsMessage) {
        this.encrypting = encrypting;
        this.messageInClear = messageInClear;
        this.keepsMessage = keepsMessage;
    }

    @Override
    public <T> Optional<Payload> toPayload(T value) throws DataConverterException {
        return encrypting.toPayload(value);
    }

    @Override
    public <T> T fromPayload(Payload payload, Class<T> valueClass, Type valueType) throws DataConverterException {
        return encrypting.fromPayload(payload, valueClass, valueType);
    }

    @Override
    public Optional<Payloads> toPayloads(Object... values) throws DataConverterException {
        return encrypting.toPayloads(values);
    }

    @Override
    public <T> T fromPayloads(int index, Optional<Payloads> content, Class<T> valueType, Type valueGenericType)
            throws DataConverterException {
        return encrypting.fromPayloads(index, content, valueType, valueGenericType);
    }

    @Override
    public Object[] fromPayloads(Optional<Payloads> content, Class<?>[] parameterTypes, Type[] genericParameterTypes)
            throws DataConverterException {
        return encrypting.fromPayloads(content, parameterTypes, genericParameterTypes);
    }

    @Override
    public RuntimeException failureToException(Failure failure) {
        return encrypting.failureToException(failure); // decodes encoded attributes when there are any
    }

    @Override
    public Failure exceptionToFailure(Throwable throwable) {
        for (Throwable t = throwable; t != null; t = t.getCause()) {
            if (t instanceof ApplicationFailure app && app.getType() != null && keepsMessage.test(app.getType())) {
                return messageInClear.exceptionToFailure(throwable);
            }
        }
        return encrypting.exceptionToFailure(throwable);
    }

    @Override
    public DataConverter withContext(SerializationContext context) {
        return new EncryptingDataConverter(encrypting.withContext(context), messageInClear.withContext(context),
                keepsMessage);
    }
}
