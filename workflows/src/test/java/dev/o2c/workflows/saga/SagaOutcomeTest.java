package dev.o2c.workflows.saga;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o2c.workflows.common.ProcessStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SagaOutcomeTest {

    @Test
    void keepsTheCreationOrderOfIds() {
        Map<String, String> ids = new LinkedHashMap<>();
        ids.put("erpCustomerId", "C");
        ids.put("psaProjectId", "P");
        ids.put("billingPlanId", "B");
        ids.put("erpProjectId", "E");
        ids.put("a", "1");
        ids.put("z", "2");

        assertThat(new SagaOutcome(ProcessStatus.COMPLETED, ids, "done").createdIdsInForce().keySet())
                .containsExactly("erpCustomerId", "psaProjectId", "billingPlanId", "erpProjectId", "a", "z");
    }
}
