package dev.o2c.starter.web;

import dev.o2c.ledger.query.InvalidCursorException;
import io.temporal.client.WorkflowServiceException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The one place where errors become RFC 9457 {@code application/problem+json} documents. Every problem has a stable
 * {@code type} under {@value ProblemTypes#BASE} and the request's {@code correlationId}; validation problems list each
 * field in {@code errors}. Spring MVC's own errors (unreadable body, bad parameter, unknown path, wrong method) are
 * mapped here too, through {@link ResponseEntityExceptionHandler}.
 */
@RestControllerAdvice
public class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(ApiProblem.class)
    ResponseEntity<Object> apiProblem(ApiProblem e, WebRequest request) {
        ProblemDetail problem = problem(e.status(), e.type(), e.title(), e.getMessage());
        e.properties().forEach(problem::setProperty);
        return handleExceptionInternal(e, problem, new HttpHeaders(), e.status(), request);
    }

    @ExceptionHandler(InvalidCursorException.class)
    ResponseEntity<Object> invalidCursor(InvalidCursorException e, WebRequest request) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_CURSOR, "Invalid cursor",
                "The cursor was not handed out by this list (" + e.getMessage() + "); start again without one.");
        return handleExceptionInternal(e, problem, new HttpHeaders(), HttpStatus.BAD_REQUEST, request);
    }

    /** A header Spring Security's firewall refuses once the API reads it (control characters, …): the caller's fault. */
    @ExceptionHandler(RequestRejectedException.class)
    ResponseEntity<Object> rejected(RequestRejectedException e, WebRequest request) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, ProblemTypes.MALFORMED_REQUEST, "Malformed request",
                e.getMessage());
        return handleExceptionInternal(e, problem, new HttpHeaders(), HttpStatus.BAD_REQUEST, request);
    }

    @ExceptionHandler(DataAccessException.class)
    ResponseEntity<Object> ledgerUnavailable(DataAccessException e, WebRequest request) {
        log.warn("Ledger query failed", e);
        ProblemDetail problem = problem(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.LEDGER_UNAVAILABLE,
                "Ledger unavailable", "The integration ledger could not be read; try again later.");
        return handleExceptionInternal(e, problem, new HttpHeaders(), HttpStatus.SERVICE_UNAVAILABLE, request);
    }

    @ExceptionHandler(WorkflowServiceException.class)
    ResponseEntity<Object> temporalUnavailable(WorkflowServiceException e, WebRequest request) {
        log.warn("Temporal call failed", e);
        ProblemDetail problem = problem(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.TEMPORAL_UNAVAILABLE,
                "Temporal unavailable", "Temporal did not answer; try again later.");
        return handleExceptionInternal(e, problem, new HttpHeaders(), HttpStatus.SERVICE_UNAVAILABLE, request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e, WebRequest request) {
        log.error("Unexpected error", e);
        ProblemDetail problem = problem(HttpStatus.INTERNAL_SERVER_ERROR, ProblemTypes.INTERNAL_ERROR,
                "Internal error", "Unexpected error; quote the correlation id when reporting it.");
        return handleExceptionInternal(e, problem, new HttpHeaders(), HttpStatus.INTERNAL_SERVER_ERROR, request);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<ApiProblem.FieldError> errors = new ArrayList<>();
        for (FieldError error : e.getBindingResult().getFieldErrors()) {
            errors.add(new ApiProblem.FieldError(error.getField(), error.getDefaultMessage()));
        }
        e.getBindingResult().getGlobalErrors().forEach(error ->
                errors.add(new ApiProblem.FieldError(error.getObjectName(), error.getDefaultMessage())));
        return handleExceptionInternal(e, validationProblem(errors), headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<ApiProblem.FieldError> errors = new ArrayList<>();
        e.getParameterValidationResults().forEach(result -> {
            RequestParam param = result.getMethodParameter().getParameterAnnotation(RequestParam.class);
            String name = param != null && !param.name().isEmpty()
                    ? param.name()
                    : result.getMethodParameter().getParameterName();
            for (MessageSourceResolvable error : result.getResolvableErrors()) {
                errors.add(new ApiProblem.FieldError(name, error.getDefaultMessage()));
            }
        });
        return handleExceptionInternal(e, validationProblem(errors), headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException e, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        String name = e.getPropertyName() == null ? "parameter" : e.getPropertyName();
        List<ApiProblem.FieldError> errors = List.of(new ApiProblem.FieldError(name, "has an invalid value"));
        return handleExceptionInternal(e, validationProblem(errors), headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<ApiProblem.FieldError> errors = List.of(new ApiProblem.FieldError(e.getParameterName(), "is required"));
        return handleExceptionInternal(e, validationProblem(errors), headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, ProblemTypes.MALFORMED_REQUEST, "Malformed request",
                "The request body is missing or is not the JSON document this endpoint expects.");
        return handleExceptionInternal(e, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    /** Gives Spring MVC's own problems (404 for unknown paths, 405, 415, ...) a stable o2c type and correlation id. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception e, Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        if (body == null && e instanceof ErrorResponse errorResponse) {
            body = errorResponse.updateAndGetBody(getMessageSource(), LocaleContextHolder.getLocale());
        }
        if (body instanceof ProblemDetail problem) {
            if (problem.getType() == null || URI.create("about:blank").equals(problem.getType())) {
                problem.setType(ProblemTypes.uri(defaultType(statusCode)));
            }
            Map<String, Object> properties = problem.getProperties();
            if (properties == null || !properties.containsKey("correlationId")) {
                problem.setProperty("correlationId", Correlation.current());
            }
        }
        return super.handleExceptionInternal(e, body, headers, statusCode, request);
    }

    private static ProblemDetail validationProblem(List<ApiProblem.FieldError> errors) {
        String detail = errors.isEmpty()
                ? "The request is invalid."
                : String.join("; ", errors.stream().map(err -> err.field() + ": " + err.message()).toList());
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, ProblemTypes.VALIDATION_FAILED, "Invalid request",
                detail);
        problem.setProperty("errors", errors);
        return problem;
    }

    private static ProblemDetail problem(HttpStatusCode status, String type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(ProblemTypes.uri(type));
        problem.setTitle(title);
        return problem;
    }

    private static String defaultType(HttpStatusCode status) {
        if (status.value() == 404) {
            return ProblemTypes.NOT_FOUND;
        }
        HttpStatus known = HttpStatus.resolve(status.value());
        return known == null
                ? "http-" + status.value()
                : known.getReasonPhrase().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }
}
