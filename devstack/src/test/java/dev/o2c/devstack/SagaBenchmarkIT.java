package dev.o2c.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o2c.devstack.demo.SagaBenchmark;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code ./o2c bench} in short (3 at once, 2 at concurrency 1) on the shared stack: the floor runs o2c's happy path
 * steps, both finish, the report's figures are there. Asserts the shape, not the speed (the machine is shared).
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
@ExtendWith(SharedStack.class)
@Order(2)
class SagaBenchmarkIT {

    @Test
    void benchesOpportunityToProjectAgainstItsFloor() {
        SharedStack.Running stack = SharedStack.get();
        SagaBenchmark.Result result = SagaBenchmark.run(stack.client(), stack.info().temporalAddress(), "default", 3,
                2, Map.of());

        assertThat(result.steps()).as("o2c's happy path").hasSize(8)
                .startsWith("crm.Crm.ReadWonOpportunity").endsWith("crm.Crm.WriteBackDelivery");
        // warm-up, 2 at concurrency 1, 3 at once: one HTTP call per step each
        assertThat(result.floorRequests()).isEqualTo(6L * result.steps().size());
        assertThat(result.localSteps()).as("the reads, as local activities")
                .containsExactly("crm.Crm.ReadWonOpportunity", "erp.Erp.ReadLegalEntity", "erp.Erp.FindCustomer");
        assertThat(result.versionMarkers()).contains("start-project-billing", "erp-legal-entity-step",
                "reads-as-local-activities");
        assertThat(result.floorEvents()).isGreaterThanOrEqualTo(6 * 8 + 2);
        assertThat(result.o2cEvents()).as("the history goal: no longer than the floor's plus o2c's version markers")
                .isLessThanOrEqualTo(result.floorEvents() + result.versionMarkers().size());
        assertThat(result.latencyRatio()).isPositive();
        assertThat(result.throughputRatio()).isPositive();
    }
}
