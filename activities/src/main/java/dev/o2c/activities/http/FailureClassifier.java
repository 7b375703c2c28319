package dev.o2c.activities.http;

import dev.o2c.workflows.common.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one place where an HTTP answer or a transport error becomes a Temporal {@link ApplicationFailure}.
 * Workflows decide from the failure type alone whether to retry, park or compensate, so this table is a contract:
 *
 * <table>
 *   <caption>classification</caption>
 *   <tr><th>answer</th><th>type</th><th>retryable</th></tr>
 *   <tr><td>400</td><td>{@link FailureTypes#VALIDATION}</td><td>no</td></tr>
 *   <tr><td>404</td><td>{@link FailureTypes#NOT_FOUND}</td><td>no</td></tr>
 *   <tr><td>409</td><td>{@link FailureTypes#CONFLICT}</td><td>no</td></tr>
 *   <tr><td>401, 403 (credentials)</td><td>{@link FailureTypes#INTEGRATION}</td><td>no</td></tr>
 *   <tr><td>413, 415 (o2c sent what the system cannot take)</td><td>{@link FailureTypes#INTEGRATION}</td><td>no</td></tr>
 *   <tr><td>any 4xx whose problem {@code type} ends in {@code /idempotency-key-reused} (same key, other request;
 *       the sandbox answers it with 422)</td><td>{@link FailureTypes#INTEGRATION}</td><td>no</td></tr>
 *   <tr><td>408</td><td>{@link FailureTypes#TRANSIENT}</td><td>yes (the server gave up waiting for us)</td></tr>
 *   <tr><td>429</td><td>{@link FailureTypes#TRANSIENT}</td><td>yes, next retry after {@code Retry-After}</td></tr>
 *   <tr><td>422 (any other problem type: a business refusal) and any other 4xx</td><td>{@link FailureTypes#REJECTED}</td><td>no</td></tr>
 *   <tr><td>503</td><td>{@link FailureTypes#TRANSIENT}</td><td>yes, after {@code Retry-After} when present</td></tr>
 *   <tr><td>other 5xx, unexpected 1xx/3xx</td><td>{@link FailureTypes#TRANSIENT}</td><td>yes</td></tr>
 *   <tr><td>connect/read timeout, connection refused or reset</td><td>{@link FailureTypes#TRANSIENT}</td><td>yes</td></tr>
 * </table>
 *
 * <p>{@link FailureTypes#INTEGRATION} failures are o2c's or IT's problem (credentials, payload, a reused key), never
 * the customer's: their message starts with the cause ({@code Integration error (credentials rejected): ...}) so
 * that the parked exception tells IT what to fix.
 *
 * <p>The message is the problem's {@code title: detail} followed by the call ({@code erp POST /customers → HTTP 400});
 * the single detail is the problem document as a JSON string (synthesised when the body is not JSON), so a parked
 * process can store it as its exception payload.
 */
public final class FailureClassifier {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_BODY_CHARS = 4000;
    private static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);
    /**
     * The last path segment of the problem {@code type} a system answers when an idempotency key comes again with
     * another request (the sandbox: {@code https://o2c.dev/problems/sandbox/idempotency-key-reused}).
     */
    static final String IDEMPOTENCY_KEY_REUSED_TYPE = "idempotency-key-reused";

    private FailureClassifier() {}

    /** True when an answer with this status is a success (2xx); everything else goes through {@link #forResponse}. */
    public static boolean isSuccess(int status) {
        return status >= 200 && status < 300;
    }

    /** The failure for a non-2xx answer. */
    public static ApplicationFailure forResponse(String call, int status, String retryAfter, String body) {
        return forResponse(call, status, retryAfter, body, Instant.now());
    }

    static ApplicationFailure forResponse(String call, int status, String retryAfter, String body, Instant now) {
        ObjectNode problem = problem(status, body);
        String message = message(problem, status) + " (" + call + " → HTTP " + status + ")";
        String details = problem.toString();
        String type;
        boolean retryable;
        Duration delay = null;
        String integrationCause = status >= 400 && status < 500 ? integrationCause(status, problem) : null;
        if (integrationCause != null) {
            type = FailureTypes.INTEGRATION;
            retryable = false;
            message = "Integration error (" + integrationCause + "): " + message;
        } else if (status == 400) {
            type = FailureTypes.VALIDATION;
            retryable = false;
        } else if (status == 404) {
            type = FailureTypes.NOT_FOUND;
            retryable = false;
        } else if (status == 409) {
            type = FailureTypes.CONFLICT;
            retryable = false;
        } else if (status == 408) {
            type = FailureTypes.TRANSIENT;
            retryable = true;
        } else if (status == 429 || status == 503) {
            type = FailureTypes.TRANSIENT;
            retryable = true;
            delay = retryAfter(retryAfter, now).orElse(null);
        } else if (status >= 400 && status < 500) {
            type = FailureTypes.REJECTED;
            retryable = false;
        } else {
            type = FailureTypes.TRANSIENT;
            retryable = true;
        }
        return ApplicationFailure.newBuilder()
                .setType(type)
                .setMessage(message)
                .setDetails(details)
                .setNonRetryable(!retryable)
                .setNextRetryDelay(delay)
                .build();
    }

    /**
     * Why a 4xx is o2c's or IT's problem rather than the business's, or null when it is not: the problem {@code type}
     * decides for a reused idempotency key (whatever the status), the status for credentials and payload.
     */
    private static String integrationCause(int status, ObjectNode problem) {
        String problemType = text(problem, "type");
        if (problemType != null && (problemType.equals(IDEMPOTENCY_KEY_REUSED_TYPE)
                || problemType.endsWith("/" + IDEMPOTENCY_KEY_REUSED_TYPE))) {
            return "idempotency key reused for another request";
        }
        return switch (status) {
            case 401 -> "credentials rejected";
            case 403 -> "access forbidden";
            case 413 -> "request too large";
            case 415 -> "media type not supported";
            default -> null;
        };
    }

    /** The failure for a call that got no answer: timeouts, refused or reset connections, broken bodies. */
    public static ApplicationFailure forTransportError(String call, Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String what = root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
        ObjectNode problem = JSON.createObjectNode();
        problem.put("title", "No answer");
        problem.put("detail", what);
        return ApplicationFailure.newBuilder()
                .setType(FailureTypes.TRANSIENT)
                .setMessage("No answer: " + what + " (" + call + ")")
                .setDetails(problem.toString())
                .setNonRetryable(false)
                .build();
    }

    /**
     * {@code Retry-After} as a delay: delta-seconds or an HTTP-date (RFC 9110 §10.2.3), at least zero and at most
     * one hour; empty when absent or unreadable.
     */
    static Optional<Duration> retryAfter(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String trimmed = value.trim();
        Duration delay;
        try {
            delay = Duration.ofSeconds(Long.parseLong(trimmed));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant when = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                delay = Duration.between(now, when);
            } catch (DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
        if (delay.isNegative()) {
            delay = Duration.ZERO;
        }
        return Optional.of(delay.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : delay);
    }

    /** The body as a problem document: parsed when it is a JSON object, synthesised from status and text otherwise. */
    private static ObjectNode problem(int status, String body) {
        if (body != null && !body.isBlank()) {
            try {
                JsonNode node = JSON.readTree(body);
                if (node instanceof ObjectNode object) {
                    if (!object.has("status")) {
                        object.put("status", status);
                    }
                    return object;
                }
            } catch (JacksonException notJson) {
                // fall through: synthesise
            }
        }
        ObjectNode problem = JSON.createObjectNode();
        problem.put("status", status);
        HttpStatus known = HttpStatus.resolve(status);
        problem.put("title", known == null ? "HTTP " + status : known.getReasonPhrase());
        if (body != null && !body.isBlank()) {
            problem.put("detail", body.length() > MAX_BODY_CHARS ? body.substring(0, MAX_BODY_CHARS) + "…" : body);
        }
        return problem;
    }

    private static String message(ObjectNode problem, int status) {
        String title = text(problem, "title");
        String detail = text(problem, "detail");
        if (title != null && detail != null) {
            return title + ": " + detail;
        }
        if (title != null || detail != null) {
            return title != null ? title : detail;
        }
        HttpStatus known = HttpStatus.resolve(status);
        return known == null ? "HTTP " + status : known.getReasonPhrase();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || value.asString().isBlank() ? null : value.asString();
    }
}
