package dev.o2c.worker;

import dev.o2c.workflows.common.CorrelationContextPropagator;
import io.temporal.client.WorkflowClientOptions;
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

    /** Carries the correlation id from workflow headers into the MDC of workflow and activity threads. */
    @Bean
    TemporalOptionsCustomizer<WorkflowClientOptions.Builder> correlationPropagation() {
        return builder -> builder.setContextPropagators(List.of(new CorrelationContextPropagator()));
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
