package dev.o2c.sandbox.platform.web;

import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/** The caller's {@code X-Correlation-Id} of the current request, stored on every object the request touches. */
public final class Correlation {

    public static final String HEADER = "X-Correlation-Id";

    private Correlation() {
    }

    public static String current() {
        RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
        if (attributes instanceof ServletRequestAttributes servlet) {
            String value = servlet.getRequest().getHeader(HEADER);
            return value == null || value.isBlank() ? null : value.trim();
        }
        return null;
    }
}
