package dev.o2c.sandbox.platform.webhooks;

import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientResponseException;

/**
 * Delivers outbox events at least once: each due event is locked ({@code FOR UPDATE SKIP LOCKED}, so several
 * sandbox instances never send the same attempt twice), POSTed signed to {@code <url>/<system>}, and marked
 * delivered on 2xx; otherwise it stays pending with its attempts and last error and is retried after
 * {@code initial-backoff * 2^(attempts-1)}, capped at {@code max-backoff}. Events are never dropped.
 */
@Component
public class WebhookDispatcher {

    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);

    private final WebhookProperties props;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final EventOutbox outbox;
    private final RestClient http;

    public WebhookDispatcher(WebhookProperties props, JdbcClient jdbc, PlatformTransactionManager transactionManager,
            EventOutbox outbox, RestClient.Builder builder) {
        this.props = props;
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactionManager);
        this.outbox = outbox;
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(
                HttpClient.newBuilder().connectTimeout(props.connectTimeout()).build());
        factory.setReadTimeout(props.readTimeout());
        this.http = builder.requestFactory(factory).build();
    }

    @Scheduled(fixedDelayString = "${sandbox.webhooks.poll-interval}",
            initialDelayString = "${sandbox.webhooks.poll-interval}")
    public void dispatch() {
        if (!props.enabled()) {
            return;
        }
        for (int i = 0; i < props.batchSize(); i++) {
            try {
                if (!Boolean.TRUE.equals(tx.execute(status -> deliverNext()))) {
                    return;
                }
            } catch (RuntimeException e) {
                log.warn("webhook dispatch failed: {}", e.toString());
                return;
            }
        }
    }

    private boolean deliverNext() {
        Optional<Event> due = jdbc.sql("SELECT " + EventOutbox.COLUMNS + """
                 FROM sandbox.events
                WHERE status = 'PENDING' AND next_attempt_at <= now()
                ORDER BY next_attempt_at, created_at, id
                LIMIT 1
                FOR UPDATE SKIP LOCKED
                """).query(outbox::map).optional();
        if (due.isEmpty()) {
            return false;
        }
        Event event = due.get();
        String body = jdbc.sql("SELECT body FROM sandbox.events WHERE id = :id").param("id", event.id())
                .query(String.class).single();
        String error = send(event, body);
        int attempts = event.attempts() + 1;
        if (error == null) {
            jdbc.sql("""
                    UPDATE sandbox.events SET status = 'DELIVERED', attempts = :attempts, last_attempt_at = now(),
                           delivered_at = now(), updated_at = now()
                     WHERE id = :id
                    """).param("attempts", attempts).param("id", event.id()).update();
            log.info("delivered {} {} (attempt {})", event.type(), event.id(), attempts);
        } else {
            Duration backoff = backoff(attempts);
            jdbc.sql("""
                    UPDATE sandbox.events SET attempts = :attempts, last_attempt_at = now(), last_error = :error,
                           next_attempt_at = now() + make_interval(secs => :seconds), updated_at = now()
                     WHERE id = :id
                    """).param("attempts", attempts).param("error", error)
                    .param("seconds", backoff.toMillis() / 1000.0).param("id", event.id()).update();
            log.info("delivery of {} {} failed (attempt {}), next in {}: {}", event.type(), event.id(), attempts,
                    backoff, error);
        }
        return true;
    }

    Duration backoff(int attempts) {
        long initial = props.initialBackoff().toMillis();
        long max = props.maxBackoff().toMillis();
        long delay = initial << Math.min(attempts - 1, 30);
        return Duration.ofMillis(delay <= 0 || delay > max ? max : delay);
    }

    private String send(Event event, String body) {
        long timestamp = Instant.now().getEpochSecond();
        try {
            http.post()
                    .uri(props.url() + "/" + event.system())
                    .contentType(MediaType.APPLICATION_JSON)
                    .header("X-O2C-Event-Id", event.id())
                    .header("X-O2C-Event-Type", event.type())
                    .header("X-O2C-Timestamp", String.valueOf(timestamp))
                    .header("X-O2C-Signature", WebhookSigner.sign(props.secretOf(event.system()), timestamp, body))
                    .headers(h -> {
                        if (event.correlationId() != null) {
                            h.set("X-Correlation-Id", event.correlationId());
                        }
                    })
                    .body(body.getBytes(StandardCharsets.UTF_8))
                    .retrieve()
                    .toBodilessEntity();
            return null;
        } catch (RestClientResponseException e) {
            String answer = e.getResponseBodyAsString();
            return "HTTP " + e.getStatusCode().value() + (answer.isBlank() ? "" : ": " + abbreviate(answer));
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            return abbreviate(root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage())
                    + " (POST " + props.url() + "/" + event.system() + ")");
        }
    }

    private static String abbreviate(String text) {
        return text.length() > 500 ? text.substring(0, 500) + "…" : text;
    }
}
