package dev.o2c.starter.config;

import io.grpc.health.v1.HealthCheckResponse;
import io.temporal.serviceclient.WorkflowServiceStubs;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/**
 * {@code temporal} health (part of the readiness group): UP when the frontend answers the gRPC health check with
 * SERVING. The starter cannot start or signal anything without it.
 */
@Component("temporal")
public class TemporalHealthIndicator extends AbstractHealthIndicator {

    private final WorkflowServiceStubs stubs;

    public TemporalHealthIndicator(WorkflowServiceStubs stubs) {
        super("Temporal health check failed");
        this.stubs = stubs;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        HealthCheckResponse response = stubs.healthCheck();
        String target = stubs.getOptions().getTarget();
        builder.withDetail("target", target == null ? "in-process" : target)
                .withDetail("status", response.getStatus().name());
        if (response.getStatus() == HealthCheckResponse.ServingStatus.SERVING) {
            builder.up();
        } else {
            builder.down();
        }
    }
}
