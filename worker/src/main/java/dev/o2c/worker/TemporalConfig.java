package dev.o2c.worker;

import dev.o2c.workflows.common.CorrelationContextPropagator;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.spring.boot.TemporalOptionsCustomizer;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** SDK options for the worker's Temporal client, through the Spring Boot starter's customizer hook. */
@Configuration(proxyBeanMethods = false)
class TemporalConfig {

    /** Carries the correlation id from workflow headers into the MDC of workflow and activity threads. */
    @Bean
    TemporalOptionsCustomizer<WorkflowClientOptions.Builder> correlationPropagation() {
        return builder -> builder.setContextPropagators(List.of(new CorrelationContextPropagator()));
    }
}
