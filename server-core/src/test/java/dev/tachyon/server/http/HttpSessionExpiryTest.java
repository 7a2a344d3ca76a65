package dev.tachyon.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.server.ServerInternals;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Idle sessions are ended by the sweep; a session with an open stream is not idle. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HttpSessionExpiryTest {

    private static final String PING = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";

    private static TestServer server;
    private static McpHttpClient client;

    @BeforeAll
    static void start() throws InterruptedException {
        server = TestServer.start(TestServer.settings().sessionIdleTimeout(Duration.ofMillis(300)));
        client = server.client();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void idleSessionIsEndedAndFreed() throws Exception {
        String session = client.initialize();
        assertEquals(200, client.send(client.post(session, PING)).statusCode());
        waitUntil(() -> ServerInternals.engine(server.server).catalogs().sessions().get(session) == null);
        assertEquals(404, client.send(client.post(session, PING)).statusCode());
    }

    @Test
    void sessionWithAnOpenStreamStays() throws Exception {
        String session = client.initialize();
        HttpResponse<InputStream> get = client.stream(client.get(session, null));
        try (SseReader sse = new SseReader(get.body())) {
            assertTrue(sse.next().isPriming());
            Thread.sleep(900);
            assertEquals(200, client.send(client.post(session, PING)).statusCode());
        }
        waitUntil(() -> ServerInternals.engine(server.server).catalogs().sessions().get(session) == null);
        assertEquals(404, client.send(client.post(session, PING)).statusCode());
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out");
            Thread.sleep(20);
        }
    }
}
