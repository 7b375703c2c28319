package dev.o2c.starter.web;

import dev.o2c.workflows.common.CorrelationContextPropagator;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.MDC;

/** The correlation id of the current request (see {@link CorrelationIdFilter}). */
public final class Correlation {

    /** Request and response header. */
    public static final String HEADER = "X-Correlation-Id";
    /** MDC key: the one {@link CorrelationContextPropagator} carries into workflows. */
    public static final String MDC_KEY = CorrelationContextPropagator.KEY;

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._:-]{1,100}");

    private Correlation() {}

    /** The id of the request being served; a fresh one outside of a request (never null). */
    public static String current() {
        String id = MDC.get(MDC_KEY);
        return id == null ? newId() : id;
    }

    static boolean isValid(String candidate) {
        return candidate != null && VALID.matcher(candidate).matches();
    }

    static String newId() {
        return UUID.randomUUID().toString();
    }
}
