package dev.o2c.worker;

import io.grpc.health.v1.HealthCheckResponse;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.worker.WorkerFactory;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/**
 * Ready only when the Temporal frontend answers its gRPC health check and this process's workers are polling.
 * Part of the readiness group, so the local stack and orchestrators wait for it.
 */
@Component("temporal")
class TemporalWorkerHealthIndicator extends AbstractHealthIndicator {

    private final WorkflowServiceStubs serviceStubs;
    private final WorkerFactory workerFactory;

    TemporalWorkerHealthIndicator(WorkflowServiceStubs serviceStubs, WorkerFactory workerFactory) {
        super("Temporal health check failed");
        this.serviceStubs = serviceStubs;
        this.workerFactory = workerFactory;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        HealthCheckResponse.ServingStatus serving = serviceStubs.healthCheck().getStatus();
        boolean polling = workerFactory.isStarted() && !workerFactory.isShutdown();
        builder.status(serving == HealthCheckResponse.ServingStatus.SERVING && polling ? "UP" : "DOWN")
                .withDetail("target", serviceStubs.getOptions().getTarget())
                .withDetail("serving", serving.name())
                .withDetail("workersStarted", polling);
    }
}
