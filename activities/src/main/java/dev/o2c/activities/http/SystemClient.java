package dev.o2c.activities.http;

import dev.o2c.workflows.common.LogMasks;
import dev.o2c.workflows.systems.Created;
import dev.o2c.workflows.common.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The connector machinery shared by every system: sends a {@link Call} through this system's {@link RestClient},
 * adds {@code X-Correlation-Id} (from the MDC) and {@code Idempotency-Key}, classifies the answer with
 * {@link FailureClassifier}, writes one audit row and one log line per attempt.
 *
 * <p><b>Audit failures.</b> The audit row is part of the activity: when it cannot be written (ledger database down)
 * the activity fails with a retryable {@link FailureTypes#TRANSIENT} failure whose message carries the call's own
 * outcome, and the outcome is logged at ERROR, so nothing is hidden. The retry repeats the call; that is safe
 * because every side-effecting call carries an idempotency key (the system answers the first result again) and reads
 * have no effect. A non-retryable answer (4xx) therefore surfaces only once it is audited.
 *
 * <p><b>Local activities.</b> A call made from a local activity (a workflow's read, on the workflow worker) bypasses
 * the system's task queue and with it the worker's concurrency and rate limit for that system. At most
 * {@code localConcurrency} such calls run at once per system; the others wait for a slot (the wait is not part of the
 * audited duration). The system's 429 with {@code Retry-After} paces them like any other call.
 */
public final class SystemClient {

    /** Request header carrying the process's correlation id. */
    public static final String CORRELATION_HEADER = "X-Correlation-Id";
    /** Request header carrying the idempotency key of a side-effecting call. */
    public static final String IDEMPOTENCY_HEADER = "Idempotency-Key";

    private static final Logger log = LoggerFactory.getLogger(SystemClient.class);
    private static final int MAX_DETAIL_CHARS = 1000;

    private final String system;
    private final RestClient rest;
    private final JsonMapper json;
    private final CallAudit audit;
    private final Semaphore localSlots;

    public SystemClient(String system, RestClient rest, JsonMapper json, CallAudit audit) {
        this(system, rest, json, audit, SystemsProperties.Endpoint.DEFAULT_LOCAL_CONCURRENCY);
    }

    /** @param localConcurrency calls from local activities at once (at least 1) */
    public SystemClient(String system, RestClient rest, JsonMapper json, CallAudit audit, int localConcurrency) {
        this.system = Objects.requireNonNull(system, "system");
        this.rest = Objects.requireNonNull(rest, "rest");
        this.json = Objects.requireNonNull(json, "json");
        this.audit = Objects.requireNonNull(audit, "audit");
        if (localConcurrency < 1) {
            throw new IllegalArgumentException("o2c.systems." + system + ".local-concurrency must be at least 1");
        }
        this.localSlots = new Semaphore(localConcurrency, true);
    }

    /** Slots free for calls from local activities (for tests and metrics). */
    public int freeLocalSlots() {
        return localSlots.availablePermits();
    }

    public String system() {
        return system;
    }

    /**
     * {@code POST <path>} of a new object under the workflow's idempotency key: answers the id the system gave it and
     * the activity attempt that succeeded.
     */
    public Created create(String path, Object body, String idempotencyKey, String objectRef) {
        String id = send(Call.post(path).body(body).idempotencyKey(idempotencyKey).objectRef(objectRef)).text("id");
        return new Created(id, CallContext.current().attempt());
    }

    /**
     * Sends the call once (Temporal owns retries) and answers the reply.
     *
     * @throws ApplicationFailure classified as in {@link FailureClassifier}
     */
    public Reply send(Call call) {
        return send(call, CallContext.current());
    }

    /** {@link #send(Call)} as {@code context}: a call from a local activity waits for one of the local slots. */
    Reply send(Call call, CallContext context) {
        if (!context.local()) {
            return exchangeAndAudit(call, context);
        }
        try {
            localSlots.acquire();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw ApplicationFailure.newFailureWithCause("interrupted while waiting to call " + system,
                    FailureTypes.TRANSIENT, interrupted);
        }
        try {
            return exchangeAndAudit(call, context);
        } finally {
            localSlots.release();
        }
    }

    private Reply exchangeAndAudit(Call call, CallContext context) {
        String operation = call.operation();
        String description = system + " " + operation;
        Instant at = Instant.now();
        long start = System.nanoTime();
        Raw raw = null;
        ApplicationFailure failure = null;
        try {
            raw = exchange(call, context);
        } catch (RestClientException e) {
            failure = FailureClassifier.forTransportError(description, e);
        }
        long durationMs = (System.nanoTime() - start) / 1_000_000;

        Reply reply = null;
        if (raw != null) {
            if (FailureClassifier.isSuccess(raw.status) || call.accepts(raw.status)) {
                try {
                    reply = new Reply(raw.status, parse(raw.body));
                } catch (ApplicationFailure unreadable) {
                    failure = unreadable;
                }
            } else {
                failure = FailureClassifier.forResponse(description, raw.status, raw.retryAfter, raw.body);
            }
        }
        Outcome outcome = failure == null ? Outcome.SUCCEEDED
                : failure.isNonRetryable() ? Outcome.FAILED : Outcome.RETRYABLE_FAILURE;
        Integer status = raw == null ? null : raw.status;
        String detail = failure != null ? failure.getOriginalMessage() : successDetail(reply);
        logCall(description, call, context, outcome, status, durationMs, detail);

        CallRecord record = new CallRecord(at, context.workflowId(), context.runId(), context.step(), system, operation,
                call.objectRef(), call.idempotencyKey(), context.attempt(), outcome, status, truncate(detail),
                durationMs, context.correlationId());
        try {
            audit.record(record);
        } catch (RuntimeException auditError) {
            String callOutcome = outcome + (status == null ? "" : " HTTP " + status) + (detail == null ? "" : ": " + detail);
            log.error("audit row not written for {} (outcome {}); failing the attempt so it is retried",
                    description, LogMasks.scrub(callOutcome), auditError);
            throw ApplicationFailure.newFailureWithCause(
                    "Audit trail unavailable; call " + description + " ended " + callOutcome, FailureTypes.TRANSIENT,
                    auditError);
        }
        if (failure != null) {
            throw failure;
        }
        return reply;
    }

    private Raw exchange(Call call, CallContext context) {
        RestClient.RequestBodySpec request = rest.method(call.method())
                .uri(call.pathTemplate(), call.uriVariables())
                .accept(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON)
                .headers(headers -> {
                    if (context.correlationId() != null) {
                        headers.set(CORRELATION_HEADER, context.correlationId());
                    }
                    if (call.idempotencyKey() != null) {
                        headers.set(IDEMPOTENCY_HEADER, call.idempotencyKey());
                    }
                });
        if (call.body() != null) {
            request.contentType(MediaType.APPLICATION_JSON).body(json.writeValueAsString(call.body()));
        }
        return request.exchange((req, response) -> new Raw(
                response.getStatusCode().value(),
                response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER),
                new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8)));
    }

    private JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return json.readTree(body);
        } catch (JacksonException e) {
            throw ApplicationFailure.newFailureWithCause(
                    system + " answered a body that is not JSON: " + e.getOriginalMessage(), FailureTypes.TRANSIENT, e);
        }
    }

    private static String successDetail(Reply reply) {
        String id = reply == null ? null : reply.text("id");
        return id == null ? null : "id=" + id;
    }

    private static void logCall(String description, Call call, CallContext context, Outcome outcome, Integer status,
            long durationMs, String detail) {
        String statusText = status == null ? "no answer" : "HTTP " + status;
        detail = LogMasks.scrub(detail); // a system's error message may quote the tax id or e-mail it refused
        if (outcome == Outcome.SUCCEEDED) {
            log.info("{} {} → {} in {} ms (attempt {}{})", description, call.objectRef() == null ? "" : call.objectRef(),
                    statusText, durationMs, context.attempt(), detail == null ? "" : ", " + detail);
        } else {
            log.info("{} {} → {} in {} ms (attempt {}, {}): {}", description,
                    call.objectRef() == null ? "" : call.objectRef(), statusText, durationMs, context.attempt(), outcome,
                    detail);
        }
    }

    private static String truncate(String text) {
        return text == null || text.length() <= MAX_DETAIL_CHARS ? text : text.substring(0, MAX_DETAIL_CHARS) + "…";
    }

    private record Raw(int status, String retryAfter, String body) {}
}
