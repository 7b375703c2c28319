package dev.o2c.sandbox.platform.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every {@code 503} the sandbox emits carries {@code Retry-After}, as clients are told to expect: injected faults set
 * their own ({@code retryAfterSeconds}, default 1); any other 503 (e.g. one Spring MVC produces) gets
 * {@value #DEFAULT_SECONDS} second. Outermost filter, so it sees the status whoever sets it.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RetryAfterFilter extends OncePerRequestFilter {

    /** The delay announced on a 503 that names none. */
    public static final String DEFAULT_SECONDS = "1";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(request, new HttpServletResponseWrapper(response) {
            @Override
            public void setStatus(int status) {
                announce(status);
                super.setStatus(status);
            }

            @Override
            public void sendError(int status) throws IOException {
                announce(status);
                super.sendError(status);
            }

            @Override
            public void sendError(int status, String message) throws IOException {
                announce(status);
                super.sendError(status, message);
            }

            private void announce(int status) {
                if (status == HttpServletResponse.SC_SERVICE_UNAVAILABLE && !containsHeader(HttpHeaders.RETRY_AFTER)) {
                    setHeader(HttpHeaders.RETRY_AFTER, DEFAULT_SECONDS);
                }
            }
        });
    }
}
