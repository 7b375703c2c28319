package dev.o2c.worker;

import dev.o2c.codec.CodecKeys;
import dev.o2c.codec.EncryptionCodec;
import dev.o2c.workflows.common.CorrelationContextPropagator;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.converter.DataConverter;
import io.temporal.spring.boot.TemporalOptionsCustomizer;
import io.temporal.spring.boot.WorkerOptionsCustomizer;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** SDK options for the worker's Temporal client, through the Spring Boot starter's customizer hook. */
@Configuration(proxyBeanMethods = false)
class TemporalConfig {

    private static final Logger log = LoggerFactory.getLogger(TemporalConfig.class);

    /**
     * The payload encryption keys ({@code O2C_CODEC_KEYS}, {@code O2C_CODEC_KEY_ID}; both blank: the well-known
     * development key, {@link CodecKeys#DEV_KEY_ID}).
     */
    @Bean
    CodecKeys codecKeys(@Value("${o2c.codec.keys:}") String keys, @Value("${o2c.codec.current-key:}") String current) {
        return EncryptionCodec.configuredKeys(keys, current);
    }

    /**
     * The data converter of the worker's client, hence of its workflow and activity workers too (they are built from
     * that client): JSON, then AES-GCM encryption of every payload and failure message, so that workflow inputs,
     * results, activity inputs and results, signals and failures are ciphertext in Temporal's history.
     * {@code O2C_CODEC=off} leaves payloads plain (for a baseline measurement only: worker and starter must agree).
     */
    @Bean
    DataConverter mainDataConverter(CodecKeys keys, @Value("${o2c.codec.enabled:true}") boolean enabled) {
        return EncryptionCodec.dataConverter(new EncryptionCodec(keys), enabled);
    }

    /** Carries the correlation id from workflow headers into the MDC of workflow and activity threads. */
    @Bean
    TemporalOptionsCustomizer<WorkflowClientOptions.Builder> correlationPropagation() {
        return builder -> builder.setContextPropagators(List.of(new CorrelationContextPropagator()));
    }

    /**
     * Workflow id, run id, activity type, saga step and correlation id in the MDC of every activity call (every log
     * line of an activity carries them); the Temporal starter hands every {@code WorkerInterceptor} bean to the
     * worker factory.
     */
    @Bean
    LogContextInterceptor logContextInterceptor() {
        return new LogContextInterceptor();
    }

    /**
     * Sticky execution on or off ({@code O2C_STICKY_EXECUTION}, default on). Off, every workflow task goes to the
     * normal task queue with the whole history: slower, but no workflow waits on a dead worker's sticky queue. The
     * Java test server never moves a dead worker's sticky tasks back to the normal queue, so the local stack turns it
     * off there; a real Temporal server does that after the sticky schedule-to-start timeout, so keep it on.
     *
     * <p>The SDK sends no sticky attributes with a workflow task's completion when the sticky schedule-to-start
     * timeout is zero, so the server never routes the next task of that workflow to this worker's sticky queue.
     */
    @Bean
    WorkerOptionsCustomizer stickyExecution(@Value("${o2c.temporal.sticky-execution:true}") boolean sticky) {
        if (!sticky) {
            log.warn("sticky execution is OFF (O2C_STICKY_EXECUTION=false): every workflow task replays the whole"
                    + " history");
        }
        return (builder, workerName, taskQueue) -> sticky
                ? builder
                : builder.setStickyQueueScheduleToStartTimeout(Duration.ZERO);
    }
}
