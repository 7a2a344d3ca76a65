package dev.tachyon.server.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.codec.ErrorCodes;
import dev.tachyon.server.testing.LineClient;
import dev.tachyon.server.testing.TestCatalog;
import dev.tachyon.server.testing.TestServer;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A shutdown whose drain timeout passes with a blocking call still running interrupts the call
 * and answers it with {@link ErrorCodes#SHUTTING_DOWN}: the client learns why its call ended,
 * instead of an internal error, and the server does not wait for the handler.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TcpShutdownTest {

    @Test
    void aCallStillRunningAtTheDrainTimeoutIsAnsweredShuttingDown() throws Exception {
        TestCatalog catalog = new TestCatalog();
        TestServer server = TestServer.start(b -> catalog.register(b).drainMillis(300));
        try (LineClient client = new LineClient(server.address())) {
            Thread closer = closeWhileSleeping(server, catalog, client, 7, 20_000);

            Map<String, Object> answer = client.read();
            assertEquals(7L, answer.get("id"));
            @SuppressWarnings("unchecked")
            Map<String, Object> error = (Map<String, Object>) answer.get("error");
            assertEquals((long) ErrorCodes.SHUTTING_DOWN, error.get("code"), answer.toString());
            assertTrue(String.valueOf(error.get("message")).contains("drain timeout"), answer.toString());
            assertEquals(Map.of("reason", "drain-timeout"), error.get("data"));
            // The handler counts down before it rethrows its interrupt, so this holds by the answer.
            assertEquals(0, catalog.interrupted.getCount(), "the handler was interrupted, not waited for");
            closer.join(10_000);
            assertFalse(closer.isAlive(), "close returned without the handler's 20 s");
        } finally {
            server.close();
        }
    }

    @Test
    void aBlockingCallSentDuringTheDrainIsAnsweredShuttingDownNotOverloaded() throws Exception {
        TestCatalog catalog = new TestCatalog();
        TestServer server = TestServer.start(b -> catalog.register(b).drainMillis(3_000));
        try (LineClient client = new LineClient(server.address())) {
            Thread closer = closeWhileSleeping(server, catalog, client, 1, 2_000);
            // The drain waits for the running call; new blocking calls on this open connection are
            // refused once the pool closed (the ones sent before that just run).
            Map<String, Object> error = null;
            for (int id = 2; error == null && id < 200; id++) {
                client.send("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":"
                        + "{\"name\":\"sleep\",\"arguments\":{\"ms\":1}}}");
                Map<String, Object> answer = client.read();
                while (!Long.valueOf(id).equals(answer.get("id"))) {
                    answer = client.read(); // the first call's answer may come in between
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> refused = (Map<String, Object>) answer.get("error");
                error = refused;
                Thread.sleep(10);
            }
            assertTrue(error != null, "a call sent during the drain is refused");
            assertEquals((long) ErrorCodes.SHUTTING_DOWN, error.get("code"), error.toString());
            assertEquals(Map.of("reason", "shutdown"), error.get("data"));
            closer.join(10_000);
        } finally {
            server.close();
        }
    }

    /**
     * Initializes {@code client}, has it call {@code sleep} for {@code ms} as request {@code id},
     * and once that call is running on a worker starts closing {@code server}; returns the
     * closing thread.
     */
    private static Thread closeWhileSleeping(TestServer server, TestCatalog catalog, LineClient client, int id, int ms)
            throws Exception {
        client.initialize("{}");
        client.send("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":"
                + "{\"name\":\"sleep\",\"arguments\":{\"ms\":" + ms + "}}}");
        assertTrue(catalog.started.await(5, TimeUnit.SECONDS), "the call runs on a worker");
        Thread closer = new Thread(server::close, "closer");
        closer.start();
        return closer;
    }
}
