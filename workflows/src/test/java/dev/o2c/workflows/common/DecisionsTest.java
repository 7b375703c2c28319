package dev.o2c.workflows.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.failure.ApplicationFailure;
import org.junit.jupiter.api.Test;

class DecisionsTest {

    @Test
    void readsTheReasonFromTypeAndDetail() {
        ApplicationFailure refused = ApplicationFailure.newNonRetryableFailure("whatever",
                FailureTypes.DECISION_REFUSED, DecisionRefusal.STALE.name());

        assertThat(Decisions.refusal(new RuntimeException("update failed", refused))).contains(DecisionRefusal.STALE);
    }

    @Test
    void readsTheReasonFromTheMessageWhenTheSdkLostTheType() {
        ApplicationFailure wrapped = ApplicationFailure.newFailure(
                Decisions.refusalMessage(DecisionRefusal.DUPLICATE, "exception e-1 was already decided"),
                Decisions.SDK_WRAPPED_TYPE);

        assertThat(Decisions.refusal(wrapped)).contains(DecisionRefusal.DUPLICATE);
    }

    @Test
    void otherFailuresAreNoRefusal() {
        assertThat(Decisions.refusal(ApplicationFailure.newFailure("DUPLICATE: looks like one", "o2c.other")))
                .isEmpty();
        assertThat(Decisions.refusal(ApplicationFailure.newFailure("boom", Decisions.SDK_WRAPPED_TYPE))).isEmpty();
        assertThat(Decisions.refusal(new IllegalStateException("boom"))).isEmpty();
        assertThat(Decisions.refusal(null)).isEmpty();
    }
}
