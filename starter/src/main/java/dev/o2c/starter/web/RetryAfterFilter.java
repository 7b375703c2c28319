package dev.o2c.starter.web;

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
 * Every {@code 503} the starter answers carries {@code Retry-After} (RFC 9110 10.2.3): Temporal, the ledger or a worker
 * is away for a moment, and clients and proxies should come back rather than give up. Done as a filter, not in each
 * handler, so that no 503 (a problem of {@link ApiExceptionHandler}, an actuator probe, a container error) goes out
 * without it.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
public class RetryAfterFilter extends OncePerRequestFilter {

    /** Seconds a client should wait before it tries a 503 again. */
    public static final String SECONDS = "5";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(request, new HttpServletResponseWrapper(response) {
            @Override
            public void setStatus(int status) {
                retryAfter(status);
                super.setStatus(status);
            }

            @Override
            public void sendError(int status) throws IOException {
                retryAfter(status);
                super.sendError(status);
            }

            @Override
            public void sendError(int status, String message) throws IOException {
                retryAfter(status);
                super.sendError(status, message);
            }

            private void retryAfter(int status) {
                if (status == HttpServletResponse.SC_SERVICE_UNAVAILABLE && !isCommitted()
                        && getHeader(HttpHeaders.RETRY_AFTER) == null) {
                    setHeader(HttpHeaders.RETRY_AFTER, SECONDS);
                }
            }
        });
    }
}
