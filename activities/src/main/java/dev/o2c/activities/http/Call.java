package dev.o2c.activities.http;

import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.http.HttpMethod;

/**
 * One outbound request: method, path template (relative to the system's base URL, optionally with a query), its
 * variables, body, idempotency key and the object it concerns. Built fluently:
 * {@code Call.post("/customers/{id}/deactivate", id).idempotencyKey(key).objectRef(id)}.
 */
public final class Call {

    private final HttpMethod method;
    private final String pathTemplate;
    private final Object[] uriVariables;
    private Object body;
    private String idempotencyKey;
    private String objectRef;
    private Set<Integer> accepted = Set.of();

    private Call(HttpMethod method, String pathTemplate, Object... uriVariables) {
        this.method = Objects.requireNonNull(method, "method");
        this.pathTemplate = Objects.requireNonNull(pathTemplate, "pathTemplate");
        this.uriVariables = uriVariables.clone();
    }

    public static Call get(String pathTemplate, Object... uriVariables) {
        return new Call(HttpMethod.GET, pathTemplate, uriVariables);
    }

    public static Call post(String pathTemplate, Object... uriVariables) {
        return new Call(HttpMethod.POST, pathTemplate, uriVariables);
    }

    /** {@code PATCH}: the fields present in the body replace the object's; absent ones keep their value. */
    public static Call patch(String pathTemplate, Object... uriVariables) {
        return new Call(HttpMethod.PATCH, pathTemplate, uriVariables);
    }

    /** The JSON body (a record or a map), serialised by the client. */
    public Call body(Object value) {
        this.body = value;
        return this;
    }

    /** The {@code Idempotency-Key} to send; required on every side-effecting call. */
    public Call idempotencyKey(String key) {
        this.idempotencyKey = key;
        return this;
    }

    /** The object the call concerns (id or external ref), for the audit trail. */
    public Call objectRef(String ref) {
        this.objectRef = ref;
        return this;
    }

    /**
     * Non-2xx statuses that are an answer rather than a failure for this call (e.g. 404 on a lookup that may find
     * nothing). They are returned as a {@link Reply} and audited as succeeded.
     */
    public Call accept(Integer... statuses) {
        this.accepted = Set.copyOf(Arrays.asList(statuses));
        return this;
    }

    HttpMethod method() {
        return method;
    }

    String pathTemplate() {
        return pathTemplate;
    }

    Object[] uriVariables() {
        return uriVariables.clone();
    }

    Object body() {
        return body;
    }

    String idempotencyKey() {
        return idempotencyKey;
    }

    String objectRef() {
        return objectRef;
    }

    boolean accepts(int status) {
        return accepted.contains(status);
    }

    /** Method and path template without the query, e.g. {@code POST /customers/{id}/deactivate}. */
    public String operation() {
        int query = pathTemplate.indexOf('?');
        return method.name() + " " + (query < 0 ? pathTemplate : pathTemplate.substring(0, query));
    }

    @Override
    public String toString() {
        return operation() + Arrays.stream(uriVariables).map(String::valueOf).collect(Collectors.joining(", ", " [", "]"));
    }
}
