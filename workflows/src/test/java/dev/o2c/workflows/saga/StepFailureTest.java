package dev.o2c.workflows.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.o2c.workflows.common.FailureTypes;
import dev.o2c.workflows.common.OwnerTeam;
import io.temporal.api.enums.v1.RetryState;
import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TimeoutFailure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StepFailureTest {

    private static final SagaStep PSA_STEP = new SagaStep("psa.createProject", "psa", OwnerTeam.PMO, false);

    @ParameterizedTest
    @ValueSource(strings = {FailureTypes.VALIDATION, FailureTypes.NOT_FOUND, FailureTypes.FINANCE_ATTRIBUTES_INVALID})
    void fixableFailuresParkForTheStepsOwner(String type) {
        StepFailure failure = StepFailure.classify(activityFailure(nonRetryable("bad data", type)), PSA_STEP);

        assertThat(failure.kind()).isEqualTo(StepFailure.Kind.PARK);
        assertThat(failure.failureType()).isEqualTo(type);
        assertThat(failure.owner()).isEqualTo(OwnerTeam.PMO);
        assertThat(failure.message()).isEqualTo("bad data");
        assertThat(failure.payloadJson()).contains("\"failureType\":\"" + type + "\"", "\"message\":\"bad data\"",
                "\"activityType\":\"Psa.CreateProject\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {FailureTypes.CONFLICT, FailureTypes.REJECTED})
    void refusalsCompensate(String type) {
        StepFailure failure = StepFailure.classify(activityFailure(nonRetryable("no", type)), PSA_STEP);

        assertThat(failure.kind()).isEqualTo(StepFailure.Kind.COMPENSATE);
        assertThat(failure.failureType()).isEqualTo(type);
    }

    @Test
    void unavailableParksForIt() {
        StepFailure failure = StepFailure.classify(
                activityFailure(nonRetryable("down", FailureTypes.UNAVAILABLE)), PSA_STEP);

        assertThat(failure.kind()).isEqualTo(StepFailure.Kind.PARK);
        assertThat(failure.owner()).isEqualTo(OwnerTeam.IT);
    }

    @Test
    void integrationFailuresParkForItNeverTheStepsOwner() {
        SagaStep skippable = new SagaStep("crm.writeBack", "crm", OwnerTeam.SALES_OPS, true);
        for (SagaStep step : new SagaStep[] {PSA_STEP, skippable}) {
            StepFailure failure = StepFailure.classify(
                    activityFailure(nonRetryable("401 from PSA: token expired", FailureTypes.INTEGRATION)), step);

            assertThat(failure.kind()).isEqualTo(StepFailure.Kind.PARK);
            assertThat(failure.parks()).isTrue();
            assertThat(failure.failureType()).isEqualTo(FailureTypes.INTEGRATION);
            assertThat(failure.owner()).isEqualTo(OwnerTeam.IT);
            assertThat(failure.message()).isEqualTo("401 from PSA: token expired");
        }
    }

    @Test
    void integrationFailuresAreNotRetriedByTemporal() {
        assertThat(SystemActivityOptions.NON_RETRYABLE).contains(FailureTypes.INTEGRATION);
        assertThat(SystemActivityOptions.forward("psa").getRetryOptions().getDoNotRetry())
                .contains(FailureTypes.INTEGRATION);
    }

    @Test
    void aTimeoutCauseIsUnavailableForIt() {
        TimeoutFailure timeout = new TimeoutFailure("timed out", null, TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_CLOSE);

        StepFailure failure = StepFailure.classify(activityFailure(timeout), PSA_STEP);

        assertThat(failure.kind()).isEqualTo(StepFailure.Kind.PARK);
        assertThat(failure.failureType()).isEqualTo(FailureTypes.UNAVAILABLE);
        assertThat(failure.owner()).isEqualTo(OwnerTeam.IT);
        assertThat(failure.message()).startsWith("psa unavailable: retry budget spent");
    }

    @Test
    void aTransientFailureWhoseBudgetRanOutIsUnavailableForIt() {
        ApplicationFailure last = ApplicationFailure.newFailure("503 from PSA", FailureTypes.TRANSIENT);
        ActivityFailure failure = new ActivityFailure("activity failed", 5, 6, "Psa.CreateProject", "1",
                RetryState.RETRY_STATE_TIMEOUT, "worker", last);

        StepFailure classified = StepFailure.classify(failure, PSA_STEP);

        assertThat(classified.failureType()).isEqualTo(FailureTypes.UNAVAILABLE);
        assertThat(classified.owner()).isEqualTo(OwnerTeam.IT);
        assertThat(classified.message()).contains("retry budget spent", "503 from PSA");
    }

    @Test
    void unknownFailuresParkForItUnderTheirOwnType() {
        StepFailure failure = StepFailure.classify(
                activityFailure(nonRetryable("boom", "java.lang.IllegalStateException")), PSA_STEP);

        assertThat(failure.kind()).isEqualTo(StepFailure.Kind.PARK);
        assertThat(failure.failureType()).isEqualTo("java.lang.IllegalStateException");
        assertThat(failure.owner()).isEqualTo(OwnerTeam.IT);
    }

    @Test
    void cancellationIsRethrownNotClassified() {
        CanceledFailure cancelled = new CanceledFailure("cancelled");

        assertThatThrownBy(() -> StepFailure.classify(activityFailure(cancelled), PSA_STEP)).isSameAs(cancelled);
    }

    @Test
    void detailsOfTheSystemAreKeptInThePayload() {
        ApplicationFailure withDetails = ApplicationFailure.newNonRetryableFailure("invalid", FailureTypes.VALIDATION,
                "{\"title\":\"customer reference \\\"missing\\\"\"}");

        StepFailure failure = StepFailure.classify(activityFailure(withDetails), PSA_STEP);

        assertThat(failure.payloadJson())
                .contains("\"details\":\"{\\\"title\\\":\\\"customer reference \\\\\\\"missing\\\\\\\"\\\"}\"");
    }

    private static ApplicationFailure nonRetryable(String message, String type) {
        return ApplicationFailure.newNonRetryableFailure(message, type);
    }

    private static ActivityFailure activityFailure(Throwable cause) {
        return new ActivityFailure("activity failed", 5, 6, "Psa.CreateProject", "1",
                RetryState.RETRY_STATE_NON_RETRYABLE_FAILURE, "worker", cause);
    }
}
