package dev.o2c.sandbox.platform.idempotency;

import dev.o2c.sandbox.platform.web.Correlation;
import dev.o2c.sandbox.platform.web.ProblemTypes;
import dev.o2c.sandbox.platform.web.ProblemWriter;
import dev.o2c.sandbox.platform.web.Systems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * One transaction around every state-changing request of every system, and {@code Idempotency-Key} for every POST.
 *
 * <p>The idempotency record, the business rows and the outbox events commit together, and the answer leaves the
 * server only after the commit. A key is scoped per system ({@code crm}, {@code psa}, {@code erp},
 * {@code invoicing}, {@code sandbox}); the request hash covers method, path, query and raw body. The record is
 * inserted first: a concurrent duplicate blocks on its primary key until the first transaction ends, then sees
 * the stored answer. Same key and same hash: the stored answer (status, body, Location) with
 * {@code Idempotent-Replayed: true}; same key, other hash: 422. 5xx answers roll everything back (the record
 * too), so a retry is processed anew; 4xx answers roll back the business changes (savepoint) but are recorded.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 30)
public class TransactionalRequestFilter extends OncePerRequestFilter {

    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";

    private static final Logger log = LoggerFactory.getLogger(TransactionalRequestFilter.class);
    private static final Set<String> MUTATING = Set.of("POST", "PUT", "PATCH", "DELETE");

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final ProblemWriter problems;

    public TransactionalRequestFilter(JdbcClient jdbc, PlatformTransactionManager transactionManager, ProblemWriter problems) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactionManager);
        this.problems = problems;
    }

    private record Stored(String hash, int status, String contentType, String location, byte[] body) {
    }

    private sealed interface Outcome {
        record Processed() implements Outcome {
        }

        record Replay(Stored stored) implements Outcome {
        }

        record Mismatch() implements Outcome {
        }
    }

    /** Carries a servlet exception out of the transaction callback (which rolls back on it). */
    private static final class ChainFailure extends RuntimeException {
        ChainFailure(Exception cause) {
            super(cause);
        }
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String system = Systems.ofPath(request.getRequestURI());
        if (system == null || !MUTATING.contains(request.getMethod())) {
            chain.doFilter(request, response);
            return;
        }
        String key = "POST".equals(request.getMethod()) ? request.getHeader(HEADER) : null;
        key = key == null || key.isBlank() ? null : key.trim();
        if (key != null && key.length() > 255) {
            problems.write(response, 400, ProblemTypes.VALIDATION, "Validation failed",
                    "Idempotency-Key must be at most 255 characters", Map.of());
            return;
        }
        HttpServletRequest effectiveRequest = request;
        String hash = null;
        if (key != null) {
            CachedBodyRequest cached = new CachedBodyRequest(request);
            effectiveRequest = cached;
            hash = hash(request, cached.body());
        }
        ContentCachingResponseWrapper wrapper = new ContentCachingResponseWrapper(response);
        Outcome outcome;
        try {
            outcome = execute(system, key, hash, effectiveRequest, wrapper, chain);
        } catch (RuntimeException e) {
            Throwable cause = e instanceof ChainFailure ? e.getCause() : e;
            log.error("request {} {} failed; rolled back", request.getMethod(), request.getRequestURI(), cause);
            if (!response.isCommitted()) {
                response.reset();
                problems.write(response, 500, ProblemTypes.INTERNAL, "Internal error",
                        "The request failed and was rolled back", Map.of());
            }
            return;
        }
        switch (outcome) {
            case Outcome.Processed p -> wrapper.copyBodyToResponse();
            case Outcome.Replay(Stored stored) -> {
                response.setStatus(stored.status());
                if (stored.contentType() != null) {
                    response.setContentType(stored.contentType());
                }
                if (stored.location() != null) {
                    response.setHeader(HttpHeaders.LOCATION, stored.location());
                }
                response.setHeader(REPLAYED_HEADER, "true");
                if (stored.body() != null) {
                    response.setContentLength(stored.body().length);
                    response.getOutputStream().write(stored.body());
                }
                response.flushBuffer();
            }
            case Outcome.Mismatch m -> problems.write(response, 422, ProblemTypes.IDEMPOTENCY_KEY_REUSED,
                    "Idempotency key reused",
                    "Idempotency-Key " + key + " was already used for a different request to " + system,
                    Map.of("idempotencyKey", key, "system", system));
        }
    }

    private Outcome execute(String system, String key, String hash, HttpServletRequest request,
            ContentCachingResponseWrapper response, FilterChain chain) {
        return tx.execute(status -> {
            if (key != null) {
                int inserted = jdbc.sql("""
                        INSERT INTO sandbox.idempotency_records
                            (system, idempotency_key, request_hash, method, path, correlation_id)
                        VALUES (:system, :key, :hash, :method, :path, :correlationId)
                        ON CONFLICT (system, idempotency_key) DO NOTHING
                        """)
                        .param("system", system).param("key", key).param("hash", hash)
                        .param("method", request.getMethod()).param("path", request.getRequestURI())
                        .param("correlationId", request.getHeader(Correlation.HEADER))
                        .update();
                if (inserted == 0) {
                    Stored stored = jdbc.sql("""
                            SELECT request_hash, response_status, content_type, location, response_body
                              FROM sandbox.idempotency_records WHERE system = :system AND idempotency_key = :key
                            """)
                            .param("system", system).param("key", key)
                            .query((rs, n) -> new Stored(rs.getString(1), rs.getInt(2), rs.getString(3),
                                    rs.getString(4), rs.getBytes(5)))
                            .single();
                    return stored.hash().equals(hash) ? new Outcome.Replay(stored) : new Outcome.Mismatch();
                }
            }
            Object savepoint = status.createSavepoint();
            try {
                chain.doFilter(request, response);
            } catch (IOException | ServletException e) {
                throw new ChainFailure(e);
            }
            int code = response.getStatus();
            if (code >= 500) {
                status.setRollbackOnly();
                return new Outcome.Processed();
            }
            if (code >= 400) {
                status.rollbackToSavepoint(savepoint);
            } else {
                status.releaseSavepoint(savepoint);
            }
            if (key != null) {
                jdbc.sql("""
                        UPDATE sandbox.idempotency_records
                           SET response_status = :status, content_type = :contentType, location = :location,
                               response_body = :body
                         WHERE system = :system AND idempotency_key = :key
                        """)
                        .param("status", code).param("contentType", response.getContentType())
                        .param("location", response.getHeader(HttpHeaders.LOCATION))
                        .param("body", response.getContentAsByteArray())
                        .param("system", system).param("key", key)
                        .update();
            }
            return new Outcome.Processed();
        });
    }

    private static String hash(HttpServletRequest request, byte[] body) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            String target = request.getMethod() + " " + request.getRequestURI()
                    + (request.getQueryString() == null ? "" : "?" + request.getQueryString()) + "\n";
            digest.update(target.getBytes(StandardCharsets.UTF_8));
            digest.update(body);
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
