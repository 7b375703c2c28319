package dev.o2c.starter.security;

import dev.o2c.starter.web.Correlation;
import dev.o2c.starter.web.ProblemTypes;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import tools.jackson.databind.ObjectMapper;

/**
 * {@code 401} and {@code 403} as problem+json like every other error of the API, with the {@code WWW-Authenticate}
 * header RFC 6750 asks for (the bearer-token handlers of Spring Security write it; these add the body); and a request
 * Spring Security's firewall refuses (an encoded slash or control characters in the path or a header) as a
 * {@code 400 malformed-request} problem instead of a bare 400 or a 500.
 */
final class ProblemAuthHandlers implements AuthenticationEntryPoint, AccessDeniedHandler, RequestRejectedHandler {

    private final BearerTokenAuthenticationEntryPoint challenge = new BearerTokenAuthenticationEntryPoint();
    private final BearerTokenAccessDeniedHandler denied = new BearerTokenAccessDeniedHandler();
    private final ObjectMapper json;

    ProblemAuthHandlers(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        challenge.commence(request, response, e);
        boolean noToken = request.getHeader("Authorization") == null;
        write(response, HttpStatus.UNAUTHORIZED, ProblemTypes.UNAUTHORIZED, "Unauthorized", noToken
                ? "This endpoint needs a bearer token (Authorization: Bearer <JWT>) from o2c's identity provider"
                : "The bearer token was refused: " + e.getMessage());
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        denied.handle(request, response, e);
        write(response, HttpStatus.FORBIDDEN, ProblemTypes.FORBIDDEN, "Forbidden", "Your token's roles do not allow "
                + request.getMethod() + " " + request.getRequestURI() + " (docs/contracts.md, Identity and roles)");
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException e)
            throws IOException {
        write(response, HttpStatus.BAD_REQUEST, ProblemTypes.MALFORMED_REQUEST, "Malformed request",
                "The request was refused before it reached the API: " + e.getMessage());
    }

    private void write(HttpServletResponse response, HttpStatus status, String type, String title, String detail)
            throws IOException {
        // the fields of a ProblemDetail, written as a map: the mapper here is not MVC's, which knows ProblemDetail
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", ProblemTypes.uri(type).toString());
        problem.put("title", title);
        problem.put("status", status.value());
        problem.put("detail", detail);
        problem.put("correlationId", Correlation.current());
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }
}
