package dev.tachyon.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.server.TachyonServer;
import dev.tachyon.server.config.ConfigLoader;
import dev.tachyon.server.config.TachyonConfigException;
import dev.tachyon.server.engine.EngineSettings;
import dev.tachyon.server.testing.McpHttpClient;
import dev.tachyon.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code tachyon.cluster.node-id}: session ids carry the node id before a dot and stay 128 random
 * bits after it; another node's id is as unknown here as any other (404); cluster mode without a
 * shared request-state key does not start.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HttpNodeIdTest {

    private static final String PING = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";
    private static final Pattern ID = Pattern.compile("node-a\\.[A-Za-z0-9_-]{22}");
    private static final byte[] KEY = "k".repeat(32).getBytes(StandardCharsets.US_ASCII);

    @RegisterExtension
    static final TestServer server = TestServer.of(TachyonServer.builder()
            .http(HttpSettings.builder().host("127.0.0.1").port(0).nodeId("node-a").build())
            .settings(EngineSettings.builder().requestStateKeys(KEY, null).build())
            .ioThreads(1));

    @Test
    void sessionIdsCarryTheNodeIdAndStayUnguessable() throws Exception {
        McpHttpClient client = server.httpClient();
        Set<String> secrets = new HashSet<>();
        int[] ones = new int[128];
        int n = 40;
        for (int i = 0; i < n; i++) {
            String id = client.initialize();
            assertTrue(ID.matcher(id).matches(), id);
            byte[] bits = Base64.getUrlDecoder().decode(id.substring("node-a.".length()));
            assertEquals(16, bits.length, id);
            assertTrue(secrets.add(id), "an id came twice: " + id);
            for (int b = 0; b < 128; b++) {
                ones[b] += (bits[b / 8] >> (b % 8)) & 1;
            }
            assertEquals(200, client.send(client.post(id, PING)).statusCode());
        }
        // 128 random bits: no bit position is stuck (a counter or a timestamp would leave most stuck).
        for (int b = 0; b < 128; b++) {
            assertTrue(ones[b] > 0 && ones[b] < n, "bit " + b + " never changed over " + n + " ids");
        }
    }

    @Test
    void anotherNodesSessionIsNotFound() throws Exception {
        McpHttpClient client = server.httpClient();
        String mine = client.initialize();
        String theirs = "node-b" + mine.substring("node-a".length());
        assertEquals(404, client.send(client.post(theirs, PING)).statusCode());
        assertEquals(404, client.send(client.post(mine.substring("node-a.".length()), PING)).statusCode());
        assertEquals(200, client.send(client.post(mine, PING)).statusCode());
    }

    @Test
    void clusterModeWithoutASharedKeyDoesNotStart() {
        Properties p = new Properties();
        p.setProperty("tachyon.cluster.node-id", "node-a");
        TachyonConfigException e = assertThrows(TachyonConfigException.class,
                () -> ConfigLoader.load(null, Map.of(), p));
        assertTrue(e.getMessage().contains("tachyon.protocol.request-state-key"), e.getMessage());
        p.setProperty("tachyon.cluster.node-id", "Node_A");
        e = assertThrows(TachyonConfigException.class, () -> ConfigLoader.load(null, Map.of(), p));
        assertTrue(e.getMessage().contains("tachyon.cluster.node-id"), e.getMessage());
        // An embedder who skips the configuration file meets the same rule at build().
        IllegalStateException built = assertThrows(IllegalStateException.class, () -> TachyonServer.builder()
                .http(HttpSettings.builder().nodeId("node-a").build()).build());
        assertTrue(built.getMessage().contains("tachyon.protocol.request-state-key"), built.getMessage());
    }
}
