package dev.o2c.workflows.common;

import io.temporal.api.common.v1.Payload;
import io.temporal.common.context.ContextPropagator;
import io.temporal.common.converter.GlobalDataConverter;
import java.util.Map;
import org.slf4j.MDC;

/**
 * Carries the correlation id from the caller's MDC into Temporal headers, and from there into the MDC of workflow
 * and activity threads, so that every log line and every outbound call of a process carries it.
 * Registered on the client of the starter and the worker alike.
 */
public final class CorrelationContextPropagator implements ContextPropagator {

    /** MDC key and Temporal header name. */
    public static final String KEY = "correlationId";

    @Override
    public String getName() {
        return "o2c-correlation";
    }

    @Override
    public Map<String, Payload> serializeContext(Object context) {
        String id = (String) context;
        return id == null ? Map.of() : Map.of(KEY, GlobalDataConverter.get().toPayload(id).orElseThrow());
    }

    @Override
    public Object deserializeContext(Map<String, Payload> header) {
        Payload payload = header.get(KEY);
        return payload == null ? null : GlobalDataConverter.get().fromPayload(payload, String.class, String.class);
    }

    @Override
    public Object getCurrentContext() {
        return MDC.get(KEY);
    }

    @Override
    public void setCurrentContext(Object context) {
        if (context == null) {
            MDC.remove(KEY);
        } else {
            MDC.put(KEY, (String) context);
        }
    }
}
