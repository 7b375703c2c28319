package dev.o2c.workflows.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    @Test
    void retryRoundsAreRecognisedByTheirSuffixOnly() {
        keys.nextForwardRound("psa.createProject");
        keys.nextCompensationRound("psa.createProject");

        assertThat(IdempotencyKeys.isRetryRound(keys.forward("psa.createProject"))).isTrue();
        assertThat(IdempotencyKeys.isRetryRound(keys.compensation("psa.createProject"))).isTrue();
        assertThat(IdempotencyKeys.isRetryRound("opportunity-to-project-OPP-1:psa.createProject:r12")).isTrue();
        assertThat(IdempotencyKeys.isRetryRound(keys.forward("erp.createProject"))).isFalse();
        assertThat(IdempotencyKeys.isRetryRound(keys.compensation("erp.createProject"))).isFalse();
        assertThat(IdempotencyKeys.isRetryRound("opportunity-to-project-OPP-1:psa.createProject:r0")).isFalse();
        assertThat(IdempotencyKeys.isRetryRound("opportunity-to-project-OPP-r1:psa.createProject")).isFalse();
        assertThat(IdempotencyKeys.isRetryRound("opportunity-to-project-OPP-1:i2:psa.createProject")).isFalse();
        assertThat(IdempotencyKeys.isRetryRound(null)).isFalse();
    }

    @Test
    void incarnationOneKeepsTheKeysOfRunsBeforeIncarnations() {
        IdempotencyKeys first = new IdempotencyKeys("opportunity-to-project-OPP-1", 1);

        assertThat(first.forward("psa.createProject")).isEqualTo(keys.forward("psa.createProject"))
                .isEqualTo("opportunity-to-project-OPP-1:psa.createProject");
        assertThat(first.compensation("psa.createProject")).isEqualTo(keys.compensation("psa.createProject"));
        assertThat(first.oneOff("crm.createTask")).isEqualTo(keys.oneOff("crm.createTask"));
    }

    @Test
    void laterIncarnationsPutTheirNumberAfterTheWorkflowId() {
        IdempotencyKeys second = new IdempotencyKeys("opportunity-to-project-OPP-1", 2);

        assertThat(second.forward("psa.createProject")).isEqualTo("opportunity-to-project-OPP-1:i2:psa.createProject");
        assertThat(second.compensation("psa.createProject"))
                .isEqualTo("opportunity-to-project-OPP-1:i2:psa.createProject:compensate");
        assertThat(second.oneOff("crm.createTask")).isEqualTo("opportunity-to-project-OPP-1:i2:crm.createTask");
        second.nextForwardRound("psa.createProject");
        String retry = second.forward("psa.createProject");
        assertThat(retry).isEqualTo("opportunity-to-project-OPP-1:i2:psa.createProject:r1");
        assertThat(IdempotencyKeys.isRetryRound(retry)).isTrue();
        assertThatThrownBy(() -> new IdempotencyKeys("opportunity-to-project-OPP-1", 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
