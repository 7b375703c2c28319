package dev.o2c.starter.config;

import dev.o2c.workflows.common.CorrelationContextPropagator;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.context.ContextPropagator;
import io.temporal.spring.boot.TemporalOptionsCustomizer;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Customizes the Temporal client that temporal-spring-boot-starter builds (the starter never builds its own). */
@Configuration(proxyBeanMethods = false)
public class TemporalClientConfiguration {

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
