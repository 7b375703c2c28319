package dev.o2c.activities.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.client.RestClient;

/**
 * Calls from local activities bypass the system's task queue, so the connector bounds them itself: at most
 * {@code localConcurrency} at once per system, the others wait; calls from normal activities are not held.
 */
class LocalCallSlotsTest {

    private static final CallContext LOCAL = new CallContext("wf-1", "run-1", "Erp.FindCustomer", 1, null, true);
    private static final CallContext QUEUED = new CallContext("wf-1", "run-1", "Erp.UpsertCustomer", 1, null, false);

    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostInFlight = new AtomicInteger();
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<CallRecord> audited = new java.util.concurrent.CopyOnWriteArrayList<>();
    private HttpServer server;
    private SystemClient client;
    private ExecutorService callers;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            inFlight.decrementAndGet();
            byte[] body = "{\"id\":\"x\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        RestClient rest = RestClient.builder().baseUrl("http://127.0.0.1:" + server.getAddress().getPort()).build();
        client = new SystemClient("erp", rest, SystemClients.jsonMapper(), audited::add, 2);
        callers = Executors.newVirtualThreadPerTaskExecutor();
    }

    @AfterEach
    void stop() {
        release.countDown();
        callers.shutdownNow();
        server.stop(0);
    }

    @Test
    void atMostTheLocalConcurrencyOfLocalCallsRunAtOnce() throws Exception {
        List<Future<Reply>> calls = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            calls.add(callers.submit(() -> client.send(Call.get("/customers/{id}", "c"), LOCAL)));
        }
        awaitInFlight(2);
        Thread.sleep(300); // the other three are waiting for a slot, not at the system
        assertThat(inFlight.get()).isEqualTo(2);
        assertThat(client.freeLocalSlots()).isZero();

        release.countDown();
        for (Future<Reply> call : calls) {
            assertThat(call.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
        }
        assertThat(mostInFlight.get()).isEqualTo(2);
        assertThat(client.freeLocalSlots()).isEqualTo(2);
        assertThat(audited).hasSize(5);
    }

    @Test
    void callsFromTheSystemsTaskQueueAreNotHeld() throws Exception {
        List<Future<Reply>> calls = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            calls.add(callers.submit(() -> client.send(Call.get("/customers/{id}", "c"), QUEUED)));
        }
        awaitInFlight(4);
        assertThat(client.freeLocalSlots()).isEqualTo(2);
        release.countDown();
        for (Future<Reply> call : calls) {
            assertThat(call.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
        }
    }

    @Test
    void aLocalConcurrencyBelowOneIsRefused() {
        assertThatThrownBy(() -> new SystemClient("crm", RestClient.create(), SystemClients.jsonMapper(), r -> { }, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("o2c.systems.crm.local-concurrency");
    }

    private void awaitInFlight(int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (inFlight.get() < expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(inFlight.get()).isEqualTo(expected);
    }
}
