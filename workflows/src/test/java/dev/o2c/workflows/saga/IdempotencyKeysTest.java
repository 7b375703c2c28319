package dev.o2c.workflows.saga;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IdempotencyKeysTest {

    private final IdempotencyKeys keys = new IdempotencyKeys("opportunity-to-project-OPP-1");

    @Test
    void firstRoundIsWorkflowIdAndStep() {
        assertThat(keys.forward("psa.createProject")).isEqualTo("opportunity-to-project-OPP-1:psa.createProject");
        assertThat(keys.compensation("psa.createProject"))
                .isEqualTo("opportunity-to-project-OPP-1:psa.createProject:compensate");
        assertThat(keys.oneOff("crm.createTask")).isEqualTo("opportunity-to-project-OPP-1:crm.createTask");
    }

    @Test
    void eachOperatorRetryStartsANewRoundOfThatStepOnly() {
        assertThat(keys.nextForwardRound("psa.createProject")).isEqualTo(1);
        assertThat(keys.forward("psa.createProject")).isEqualTo("opportunity-to-project-OPP-1:psa.createProject:r1");
        assertThat(keys.nextForwardRound("psa.createProject")).isEqualTo(2);
        assertThat(keys.forward("psa.createProject")).isEqualTo("opportunity-to-project-OPP-1:psa.createProject:r2");
        assertThat(keys.forward("erp.createProject")).isEqualTo("opportunity-to-project-OPP-1:erp.createProject");
        assertThat(keys.compensation("psa.createProject"))
                .isEqualTo("opportunity-to-project-OPP-1:psa.createProject:compensate");
    }

    @Test
    void compensationRoundsAreCountedApart() {
        keys.nextCompensationRound("psa.createProject");

        assertThat(keys.compensation("psa.createProject"))
                .isEqualTo("opportunity-to-project-OPP-1:psa.createProject:compensate:r1");
        assertThat(keys.forward("psa.createProject")).isEqualTo("opportunity-to-project-OPP-1:psa.createProject");
    }
}
