package dev.o2c.starter.config;

import dev.o2c.codec.CodecKeys;
import dev.o2c.codec.EncryptionCodec;
import dev.o2c.workflows.common.CorrelationContextPropagator;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.context.ContextPropagator;
import io.temporal.common.converter.DataConverter;
import io.temporal.spring.boot.TemporalOptionsCustomizer;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Customizes the Temporal client that temporal-spring-boot-starter builds (the starter never builds its own). */
@Configuration(proxyBeanMethods = false)
public class TemporalClientConfiguration {

    /**
     * The payload encryption keys ({@code O2C_CODEC_KEYS}, {@code O2C_CODEC_KEY_ID}; both blank: the well-known
     * development key, {@link CodecKeys#DEV_KEY_ID}).
     */
    @Bean
    CodecKeys codecKeys(@Value("${o2c.codec.keys:}") String keys, @Value("${o2c.codec.current-key:}") String current) {
        return EncryptionCodec.configuredKeys(keys, current);
    }

    @Bean
    EncryptionCodec payloadCodec(CodecKeys keys) {
        return new EncryptionCodec(keys);
    }

    /**
     * The client's data converter (temporal-spring-boot-starter takes the one {@code DataConverter} bean): JSON, then
     * AES-GCM encryption, so that what the starter sends (inputs, signals, updates) and reads (results, queries) is
     * ciphertext in Temporal. {@code O2C_CODEC=off} leaves payloads plain (for a baseline measurement only: worker and
     * starter must agree).
     */
    @Bean
    DataConverter mainDataConverter(EncryptionCodec codec, @Value("${o2c.codec.enabled:true}") boolean enabled) {
        return EncryptionCodec.dataConverter(codec, enabled);
    }

    /**
     * Carries the request's correlation id (MDC {@code correlationId}, set by the correlation filter) in the headers of
     * every workflow started, signalled or queried from here, so that workflow and activity logs carry it too.
     */
    @Bean
    TemporalOptionsCustomizer<WorkflowClientOptions.Builder> correlationPropagatorCustomizer() {
        return builder -> {
            List<ContextPropagator> propagators = new ArrayList<>();
            List<ContextPropagator> existing = builder.build().getContextPropagators();
            if (existing != null) {
                propagators.addAll(existing);
            }
            if (propagators.stream().noneMatch(CorrelationContextPropagator.class::isInstance)) {
                propagators.add(new CorrelationContextPropagator());
            }
            return builder.setContextPropagators(propagators);
        };
    }
}
