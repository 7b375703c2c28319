package dev.o2c.sandbox.platform.faults;

import dev.o2c.sandbox.platform.web.ProblemTypes;
import dev.o2c.sandbox.platform.web.ProblemWriter;
import dev.o2c.sandbox.platform.web.SandboxOperation;
import dev.o2c.sandbox.platform.web.Systems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;

/**
 * Applies injected faults to calls of the simulated systems, before idempotency (which runs later in the chain),
 * so a faulted call is neither replayed nor recorded.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
public class FaultFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(FaultFilter.class);

    private final FaultService faults;
    private final ProblemWriter problems;
    private final ApplicationContext context;
    private volatile RequestMappingHandlerMapping mapping;

    public FaultFilter(FaultService faults, ProblemWriter problems, ApplicationContext context) {
        this.faults = faults;
        this.problems = problems;
        this.context = context;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String system = Systems.ofPath(request.getRequestURI());
        if (system == null || Systems.SANDBOX.equals(system)) {
            chain.doFilter(request, response);
            return;
        }
        String operation = operationOf(request);
        Optional<Fault> hit = operation == null ? Optional.empty() : faults.consume(system, operation);
        if (hit.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        Fault fault = hit.get();
        log.info("fault {} ({}) hits {}.{}", fault.id(), fault.mode(), system, operation);
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("faultId", fault.id());
        props.put("system", system);
        props.put("operation", operation);
        if (fault.retryAfterSeconds() != null && fault.mode() != FaultMode.PERMANENT) {
            response.setHeader("Retry-After", String.valueOf(fault.retryAfterSeconds()));
        }
        switch (fault.mode()) {
            case LATENCY -> {
                try {
                    Thread.sleep(fault.latencyMs());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                chain.doFilter(request, response);
            }
            case TRANSIENT -> problems.write(response, fault.status(), ProblemTypes.UNAVAILABLE,
                    "Service unavailable", "Injected transient failure of " + system + "." + operation, props);
            case RATE_LIMIT -> problems.write(response, 429, ProblemTypes.RATE_LIMITED, "Too many requests",
                    "Injected rate limit on " + system + "." + operation, props);
            case PERMANENT -> problems.write(response, fault.status(), ProblemTypes.REJECTED, "Rejected",
                    "Injected permanent rejection of " + system + "." + operation, props);
        }
    }

    /** The {@link SandboxOperation} name of the handler that will serve the request, if any. */
    private String operationOf(HttpServletRequest request) {
        RequestMappingHandlerMapping handlerMapping = mapping;
        if (handlerMapping == null) {
            handlerMapping = context.getBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class);
            mapping = handlerMapping;
        }
        Object previous = request.getAttribute(ServletRequestPathUtils.PATH_ATTRIBUTE);
        try {
            if (previous == null) {
                ServletRequestPathUtils.parseAndCache(request);
            }
            HandlerExecutionChain handler = handlerMapping.getHandler(request);
            if (handler != null && handler.getHandler() instanceof HandlerMethod method) {
                SandboxOperation op = method.getMethodAnnotation(SandboxOperation.class);
                return op == null ? null : op.value();
            }
            return null;
        } catch (Exception e) {
            return null;
        } finally {
            if (previous == null) {
                ServletRequestPathUtils.clearParsedRequestPath(request);
            }
        }
    }
}
