package dev.o2c.sandbox;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts, once per JVM, an embedded PostgreSQL and the test webhook receiver, and points the sandbox at them
 * with a fast webhook dispatcher (100 ms poll, 200 ms initial backoff).
 */
public class TestInfrastructure implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    private static EmbeddedPostgres postgres;
    private static WebhookReceiver receiver;

    public static synchronized WebhookReceiver receiver() {
        if (receiver == null) {
            receiver = WebhookReceiver.start();
        }
        return receiver;
    }

    private static synchronized EmbeddedPostgres postgres() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException ignored) {
                    // best effort
                }
            }));
        }
        return postgres;
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        TestPropertyValues.of(
                "spring.datasource.url=" + postgres().getJdbcUrl("postgres", "postgres"),
                "spring.datasource.username=postgres",
                "spring.datasource.password=postgres",
                "sandbox.webhooks.url=" + receiver().baseUrl(),
                "sandbox.webhooks.poll-interval=100ms",
                "sandbox.webhooks.initial-backoff=200ms",
                "sandbox.webhooks.max-backoff=1s"
        ).applyTo(context);
    }
}
