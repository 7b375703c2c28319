package dev.o2c.starter.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Where the correlation id enters o2c. Takes {@code X-Correlation-Id} when it is a safe token (at most 100 characters
 * of {@code [A-Za-z0-9._:-]}: it ends up in logs, headers and the ledger), otherwise generates a UUID; puts it in the
 * MDC (every log line of the request, and the Temporal header of every workflow started from it) and echoes it in the
 * response.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class CorrelationIdFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(CorrelationIdFilter.class);

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String offered = request.getHeader(Correlation.HEADER);
        String id = Correlation.isValid(offered) ? offered : Correlation.newId();
        MDC.put(Correlation.MDC_KEY, id);
        try {
            if (offered != null && !offered.equals(id)) {
                log.debug("Replaced an invalid {} header with {}", Correlation.HEADER, id);
            }
            response.setHeader(Correlation.HEADER, id);
            chain.doFilter(request, response);
        } finally {
            MDC.remove(Correlation.MDC_KEY);
        }
    }
}
