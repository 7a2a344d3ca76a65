package dev.tachyon.server.http;

import static dev.tachyon.server.testing.Answers.errorCode;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tachyon.server.ServerInternals;
import dev.tachyon.server.memory.MemoryPressure;
import dev.tachyon.server.testing.LineClient;
import dev.tachyon.server.testing.McpHttpClient;
import dev.tachyon.server.testing.StatelessHttpClient;
import dev.tachyon.server.testing.StatelessMeta;
import dev.tachyon.server.testing.TestCatalog;
import dev.tachyon.server.testing.TestServer;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The 2026-07-28 error-code policy on the wire: one refusal (memory nearly full, Tachyon's
 * -32001) answered to the same tool call in each revision, over TCP and Streamable HTTP. The
 * 2025 revisions keep -32001; a request served by 2026-07-28 gets -31001, outside the
 * -32768..-32000 range that revision reserves to the specification.
 */
class ErrorCodePolicyTest {

    private static final TestCatalog CATALOG = new TestCatalog();
    private static final String ECHO = "\"name\":\"echo\",\"arguments\":{\"text\":\"x\"}";
    private static volatile double fill;

    @RegisterExtension
    static final TestServer SERVER = new TestServer(b -> CATALOG.register(b)
            .http(HttpSettings.builder().host("127.0.0.1").port(0).build())
            .memoryPressure(new MemoryPressure(0.5, 0.6, 0.7, () -> fill)));

    private static void fillTo(double value, int expectedLevel) throws InterruptedException {
        fill = value;
        while (ServerInternals.engine(SERVER.server()).memory().level() != expectedLevel) {
            Thread.sleep(10); // the server samples every 100 ms
        }
    }

    @Test
    void tachyonsCodesLeaveTheReservedRangeForStatelessRequestsOnly() throws Exception {
        McpHttpClient http = SERVER.httpClient();
        StatelessHttpClient stateless = new StatelessHttpClient(SERVER.httpUri());
        String session = http.initialize();
        try (LineClient tcp = LineClient.initialized(SERVER.address(), "{}")) {
            fillTo(0.65, MemoryPressure.REJECT);

            assertEquals(-32001L, errorCode(tcp.call(1, "tools/call", "{" + ECHO + "}")), "TCP, 2025-11-25");
            Map<String, Object> modern = tcp.call(2, "tools/call", StatelessMeta.params(ECHO));
            assertEquals(-31001L, errorCode(modern), "TCP, a request carrying the 2026-07-28 _meta: " + modern);
            assertEquals("memory", ((Map<?, ?>) ((Map<?, ?>) modern.get("error")).get("data")).get("reason"),
                    "only the code moves; the data stays");

            HttpResponse<String> legacy = http.send(http.post(session, McpHttpClient.call(3, "echo", "{\"text\":\"x\"}")));
            assertEquals(-32001L, errorCode(McpHttpClient.json(legacy.body())), "HTTP session, 2025-11-25");
            HttpResponse<String> statelessAnswer = stateless.send(stateless.post("tools/call", ECHO, "{}", "echo"));
            assertEquals(-31001L, StatelessHttpClient.error(statelessAnswer).get("code"), "HTTP, 2026-07-28");
        } finally {
            fillTo(0.1, MemoryPressure.OK);
        }
    }
}
