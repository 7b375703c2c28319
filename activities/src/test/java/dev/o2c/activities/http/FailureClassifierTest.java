package dev.o2c.activities.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o2c.workflows.common.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.web.client.ResourceAccessException;

class FailureClassifierTest {

    private static final String CALL = "erp POST /customers";
    private static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");
    private static final String PROBLEM = """
            {"type":"https://o2c.dev/problems/sandbox/validation","title":"Validation failed","status":400,\
            "detail":"taxId: must not be blank","errors":[{"field":"taxId","message":"must not be blank"}]}""";

    @ParameterizedTest(name = "HTTP {0} → {1}, nonRetryable={2}")
    @CsvSource({
        "400, o2c.validation, true",
        "401, o2c.integration, true",
        "403, o2c.integration, true",
        "404, o2c.not-found, true",
        "405, o2c.rejected, true",
        "408, o2c.transient, false",
        "409, o2c.conflict, true",
        "410, o2c.rejected, true",
        "413, o2c.integration, true",
        "415, o2c.integration, true",
        "422, o2c.rejected, true",
        "429, o2c.transient, false",
        "500, o2c.transient, false",
        "502, o2c.transient, false",
        "503, o2c.transient, false",
        "504, o2c.transient, false",
        "302, o2c.transient, false",
    })
    void classifiesEveryStatus(int status, String type, boolean nonRetryable) {
        ApplicationFailure failure = FailureClassifier.forResponse(CALL, status, null, null, NOW);

        assertThat(failure.getType()).isEqualTo(type);
        assertThat(failure.isNonRetryable()).isEqualTo(nonRetryable);
        assertThat(failure.getNextRetryDelay()).isNull();
    }

    @ParameterizedTest(name = "HTTP {0} → integration failure naming {1}")
    @CsvSource({
        "401, credentials rejected",
        "403, access forbidden",
        "413, request too large",
        "415, media type not supported",
    })
    void credentialsAndPayloadFailuresAreIntegrationFailuresNamingTheCause(int status, String cause) {
        ApplicationFailure failure = FailureClassifier.forResponse(CALL, status, null, null, NOW);

        assertThat(failure.getType()).isEqualTo(FailureTypes.INTEGRATION);
        assertThat(failure.isNonRetryable()).isTrue();
        assertThat(failure.getOriginalMessage()).startsWith("Integration error (" + cause + "): ")
                .endsWith("(" + CALL + " → HTTP " + status + ")");
    }

    @Test
    void aReusedIdempotencyKeyIsRecognisedByTheProblemTypeNotTheStatus() {
        String reused = """
                {"type":"https://o2c.dev/problems/sandbox/idempotency-key-reused","title":"Idempotency key reused",\
                "status":422,"detail":"Idempotency-Key k was already used for a different request to erp"}""";
        String businessRefusal = """
                {"type":"https://o2c.dev/problems/sandbox/rejected","title":"Rejected","status":422,\
                "detail":"Credit limit exceeded"}""";

        ApplicationFailure keyReused = FailureClassifier.forResponse(CALL, 422, null, reused, NOW);
        ApplicationFailure refused = FailureClassifier.forResponse(CALL, 422, null, businessRefusal, NOW);
        ApplicationFailure untyped = FailureClassifier.forResponse(CALL, 422, null, "{\"title\":\"Unprocessable\"}", NOW);

        assertThat(keyReused.getType()).isEqualTo(FailureTypes.INTEGRATION);
        assertThat(keyReused.isNonRetryable()).isTrue();
        assertThat(keyReused.getOriginalMessage())
                .startsWith("Integration error (idempotency key reused for another request): Idempotency key reused");
        assertThat(keyReused.getDetails().get(String.class)).contains("idempotency-key-reused");
        assertThat(refused.getType()).isEqualTo(FailureTypes.REJECTED);
        assertThat(refused.getOriginalMessage()).doesNotContain("Integration error");
        assertThat(untyped.getType()).isEqualTo(FailureTypes.REJECTED);
    }

    @Test
    void typeNamesAreTheContractOnes() {
        assertThat(FailureClassifier.forResponse(CALL, 400, null, null, NOW).getType()).isEqualTo(FailureTypes.VALIDATION);
        assertThat(FailureClassifier.forResponse(CALL, 404, null, null, NOW).getType()).isEqualTo(FailureTypes.NOT_FOUND);
        assertThat(FailureClassifier.forResponse(CALL, 409, null, null, NOW).getType()).isEqualTo(FailureTypes.CONFLICT);
        assertThat(FailureClassifier.forResponse(CALL, 422, null, null, NOW).getType()).isEqualTo(FailureTypes.REJECTED);
        assertThat(FailureClassifier.forResponse(CALL, 500, null, null, NOW).getType()).isEqualTo(FailureTypes.TRANSIENT);
    }

    @Test
    void messageIsTheProblemTitleAndDetailAndDetailsAreTheProblemDocument() {
        ApplicationFailure failure = FailureClassifier.forResponse(CALL, 400, null, PROBLEM, NOW);

        assertThat(failure.getOriginalMessage())
                .isEqualTo("Validation failed: taxId: must not be blank (erp POST /customers → HTTP 400)");
        String details = failure.getDetails().get(String.class);
        assertThat(details).contains("\"errors\"").contains("\"taxId\"").contains("validation");
    }

    @Test
    void nonJsonBodyBecomesASynthesisedProblem() {
        ApplicationFailure failure = FailureClassifier.forResponse(CALL, 502, null, "<html>Bad gateway</html>", NOW);

        assertThat(failure.getOriginalMessage()).startsWith("Bad Gateway: <html>Bad gateway</html>");
        assertThat(failure.getDetails().get(String.class))
                .contains("\"status\":502")
                .contains("\"title\":\"Bad Gateway\"");
    }

    @Test
    void emptyBodyUsesTheReasonPhrase() {
        ApplicationFailure failure = FailureClassifier.forResponse(CALL, 404, null, "", NOW);

        assertThat(failure.getOriginalMessage()).isEqualTo("Not Found (erp POST /customers → HTTP 404)");
    }

    @Test
    void tooManyRequestsTakesTheNextRetryDelayFromRetryAfterSeconds() {
        ApplicationFailure failure = FailureClassifier.forResponse(CALL, 429, "7", null, NOW);

        assertThat(failure.isNonRetryable()).isFalse();
        assertThat(failure.getNextRetryDelay()).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void unavailableWithRetryAfterAsHttpDate() {
        ApplicationFailure failure =
                FailureClassifier.forResponse(CALL, 503, "Sat, 01 Mar 2025 10:00:30 GMT", null, NOW);

        assertThat(failure.getType()).isEqualTo(FailureTypes.TRANSIENT);
        assertThat(failure.getNextRetryDelay()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void retryAfterOnAnotherStatusIsIgnored() {
        assertThat(FailureClassifier.forResponse(CALL, 500, "5", null, NOW).getNextRetryDelay()).isNull();
    }

    @ParameterizedTest
    @CsvSource(value = {"soon, ", "'', ", "-5, PT0S", "0, PT0S", "86400, PT1H", "'Sat, 01 Mar 2025 09:00:00 GMT', PT0S"})
    void retryAfterParsing(String header, Duration expected) {
        assertThat(FailureClassifier.retryAfter(header, NOW).orElse(null)).isEqualTo(expected);
    }

    @Test
    void transportErrorsAreTransient() {
        for (Exception error : new Exception[] {
            new ResourceAccessException("I/O error", new HttpTimeoutException("request timed out")),
            new ResourceAccessException("I/O error", new ConnectException("Connection refused")),
            new ResourceAccessException("I/O error", new IOException("Connection reset")),
        }) {
            ApplicationFailure failure = FailureClassifier.forTransportError(CALL, error);
            assertThat(failure.getType()).isEqualTo(FailureTypes.TRANSIENT);
            assertThat(failure.isNonRetryable()).isFalse();
            assertThat(failure.getOriginalMessage()).startsWith("No answer: ").endsWith("(erp POST /customers)");
        }
        assertThat(FailureClassifier.forTransportError(CALL,
                        new ResourceAccessException("x", new HttpTimeoutException("request timed out")))
                .getOriginalMessage())
                .contains("HttpTimeoutException: request timed out");
    }

    @Test
    void successesAreOnly2xx() {
        assertThat(FailureClassifier.isSuccess(200)).isTrue();
        assertThat(FailureClassifier.isSuccess(201)).isTrue();
        assertThat(FailureClassifier.isSuccess(204)).isTrue();
        assertThat(FailureClassifier.isSuccess(304)).isFalse();
        assertThat(FailureClassifier.isSuccess(400)).isFalse();
    }
}
