package dev.o2c.workflows.saga;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SystemActivityOptionsTest {

    @Test
    void systemCallsWaitForAnInFlightCallToFinishWhenCancelled() {
        assertThat(SystemActivityOptions.forward("psa").getCancellationType())
                .isEqualTo(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED);
        assertThat(SystemActivityOptions.compensation("psa").getCancellationType())
                .isEqualTo(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED);
        assertThat(SystemActivityOptions.tryCancel(SystemActivityOptions.forward("psa")).getCancellationType())
                .isEqualTo(ActivityCancellationType.TRY_CANCEL);
        assertThat(SystemActivityOptions.tryCancel(SystemActivityOptions.forward("psa")).getTaskQueue())
                .isEqualTo("psa");
    }

    @Test
    void ledgerWritesAreRetriedUntilTheySucceed() {
        LocalActivityOptions ledger = SystemActivityOptions.ledger();

        assertThat(ledger.getScheduleToCloseTimeout()).as("no retry budget").isNull();
        assertThat(ledger.getRetryOptions().getMaximumAttempts()).as("in effect unlimited, but positive")
                .isEqualTo(Integer.MAX_VALUE);
        assertThat(ledger.getRetryOptions().getMaximumInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(ledger.getRetryOptions().getDoNotRetry()).isNullOrEmpty();
        assertThat(ledger.getStartToCloseTimeout()).isEqualTo(SystemActivityOptions.LEDGER_START_TO_CLOSE);
    }

    @Test
    void reconciliationPagesAreRetriedWithBackoffWithinTheirBudget() {
        ActivityOptions page = SystemActivityOptions.page("reconciliation");

        assertThat(page.getTaskQueue()).isEqualTo("reconciliation");
        assertThat(page.getStartToCloseTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(page.getScheduleToCloseTimeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(page.getRetryOptions().getInitialInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(page.getRetryOptions().getBackoffCoefficient()).isEqualTo(2.0);
        assertThat(page.getRetryOptions().getDoNotRetry()).containsExactly(SystemActivityOptions.NON_RETRYABLE);
    }
}
