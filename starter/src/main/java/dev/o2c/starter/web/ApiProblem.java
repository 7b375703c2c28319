package dev.o2c.starter.web;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * An error the API answers on purpose, rendered as an RFC 9457 problem by {@link ApiExceptionHandler}.
 *
 * @see ProblemTypes
 */
public class ApiProblem extends RuntimeException {

    private final HttpStatus status;
    private final String type;
    private final String title;
    private final Map<String, Object> properties = new LinkedHashMap<>();

    public ApiProblem(HttpStatus status, String type, String title, String detail) {
        super(detail);
        this.status = status;
        this.type = type;
        this.title = title;
    }

    public static ApiProblem notFound(String type, String detail) {
        return new ApiProblem(HttpStatus.NOT_FOUND, type, "Not found", detail);
    }

    public static ApiProblem conflict(String type, String title, String detail) {
        return new ApiProblem(HttpStatus.CONFLICT, type, title, detail);
    }

    public static ApiProblem badRequest(String type, String title, String detail) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, type, title, detail);
    }

    /** A 400 validation-failed problem for one request parameter or field. */
    public static ApiProblem invalidField(String field, String message) {
        return badRequest(ProblemTypes.VALIDATION_FAILED, "Invalid request", field + ": " + message)
                .with("errors", java.util.List.of(new FieldError(field, message)));
    }

    public ApiProblem with(String property, Object value) {
        properties.put(property, value);
        return this;
    }

    public HttpStatus status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public Map<String, Object> properties() {
        return properties;
    }

    /** One entry of a problem's {@code errors}. */
    public record FieldError(String field, String message) {}
}
