package dev.tachyon.server.tcp;

import static dev.tachyon.server.testing.StatelessMeta.ALL_CAPABILITIES;
import static dev.tachyon.server.testing.StatelessMeta.params;
import static dev.tachyon.server.testing.TestJson.list;
import static dev.tachyon.server.testing.TestJson.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.server.fixture.ConformanceFixture;
import dev.tachyon.server.testing.NdjsonClient;
import dev.tachyon.server.testing.StatelessMeta;
import dev.tachyon.server.testing.TestServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The stateless revision (2026-07-28) over TCP: no initialize, {@code _meta} on every request,
 * checked in the revision's order; {@code server/discover}; result types and caching hints;
 * removed methods; per-request capabilities and log level; and a connection that carries
 * requests of both eras.
 */
class TcpStatelessTest {

    @RegisterExtension
    static final TestServer SERVER = new TestServer(ConformanceFixture::register);

    @Test
    void discoverNamesVersionsCapabilitiesAndServer() {
        NdjsonClient client = SERVER.connect();
        Map<String, Object> result = client.result("server/discover", params(""));
        assertEquals(List.of("2026-07-28", "2025-11-25", "2025-06-18"), result.get("supportedVersions"));
        Map<String, Object> capabilities = map(result.get("capabilities"), "capabilities");
        assertEquals(Map.of("listChanged", true), capabilities.get("tools"));
        assertEquals(Map.of("subscribe", true, "listChanged", true), capabilities.get("resources"));
        Map<String, Object> serverInfo = map(map(result.get("_meta"), "_meta").get("io.modelcontextprotocol/serverInfo"),
                "serverInfo");
        assertEquals("tachyon", serverInfo.get("name"));
        assertCacheable(result, "public");
    }

    @Test
    void everyResultHasItsTypeAndListsAndReadsTheirCachingHints() {
        NdjsonClient client = SERVER.connect();
        for (String method : List.of("tools/list", "prompts/list", "resources/list", "resources/templates/list")) {
            assertCacheable(client.result(method, params("")), "public");
        }
        Map<String, Object> read = client.result("resources/read", params("\"uri\":\"test://static-text\""));
        assertCacheable(read, "private");
        Map<String, Object> call = client.result("tools/call", params("\"name\":\"test_simple_text\""));
        assertEquals("complete", call.get("resultType"));
        assertFalse(call.containsKey("ttlMs"));
        Map<String, Object> prompt = client.result("prompts/get", params("\"name\":\"test_simple_prompt\""));
        assertEquals("complete", prompt.get("resultType"));
        Map<String, Object> completion = client.result("completion/complete", params(
                "\"ref\":{\"type\":\"ref/prompt\",\"name\":\"test_prompt_with_arguments\"},"
                        + "\"argument\":{\"name\":\"arg1\",\"value\":\"pa\"}"));
        assertEquals("complete", completion.get("resultType"));
        assertEquals(List.of("paris", "park", "party"), map(completion.get("completion"), "completion").get("values"));
    }

    @Test
    void metaIsCheckedFirstThenTheVersionThenTheMethod() {
        NdjsonClient client = SERVER.connect();
        assertEquals(-32602L, client.error("server/discover", "{}").get("code"));
        assertEquals(-32602L, client.error("server/discover", "{\"_meta\":{"
                + "\"io.modelcontextprotocol/clientCapabilities\":{}}}").get("code"));
        assertEquals(-32602L, client.error("tools/list", "{\"_meta\":{"
                + "\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\"}}").get("code"));
        assertEquals(-32602L, client.error("tools/list", "{\"_meta\":{"
                + "\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
                + "\"io.modelcontextprotocol/clientCapabilities\":[]}}").get("code"));
        assertEquals(-32602L, client.error("tools/list", StatelessMeta.withLogLevel("", "loud")).get("code"));

        // An unknown version is refused before the method is looked at, even an unknown method.
        String future = params("").replace(StatelessMeta.VERSION, "2099-01-01");
        Map<String, Object> unsupported = client.error("no/such/method", future);
        assertEquals(-32022L, unsupported.get("code"));
        Map<String, Object> data = map(unsupported.get("data"), "data");
        assertEquals("2099-01-01", data.get("requested"));
        assertEquals(List.of("2026-07-28", "2025-11-25", "2025-06-18"), data.get("supported"));

        Map<String, Object> unknown = client.error("no/such/method", params(""));
        assertEquals(-32601L, unknown.get("code"));
        assertEquals(Map.of("method", "no/such/method"), unknown.get("data"));
    }

    @Test
    void anUnknownResourceIsInvalidParamsWithItsUri() {
        NdjsonClient client = SERVER.connect();
        Map<String, Object> error = client.error("resources/read", params("\"uri\":\"test://nope\""));
        assertEquals(-32602L, error.get("code"));
        assertEquals(Map.of("uri", "test://nope"), error.get("data"));
    }

    @Test
    void logsOnlyWhenTheRequestAsksForThem() {
        NdjsonClient client = SERVER.connect();
        client.result("tools/call", params("\"name\":\"test_logging_tool\""));
        assertTrue(client.notifications("notifications/message").isEmpty(), "no logLevel, no logs");

        Map<String, Object> response = client.request("tools/call",
                StatelessMeta.withLogLevel("\"name\":\"test_logging_tool\"", "info"));
        List<Map<String, Object>> logs = client.notifications("notifications/message");
        assertEquals(3, logs.size());
        assertTrue(client.position(logs.get(2)) < client.position(response), "logs come before the result");
        client.result("tools/call", StatelessMeta.withLogLevel("\"name\":\"test_logging_tool\"", "warning"));
        assertEquals(3, client.notifications("notifications/message").size());
    }

    @Test
    void aCapabilityTheClientDidNotDeclareIsNamed() {
        NdjsonClient client = SERVER.connect();
        Map<String, Object> error = client.error("tools/call", params("\"name\":\"test_missing_capability\""));
        assertEquals(-32021L, error.get("code"));
        assertEquals(Map.of("requiredCapabilities", Map.of("sampling", Map.of())), error.get("data"));
        // The capabilities are per request: the next one declaring sampling is asked for input.
        Map<String, Object> asked = client.result("tools/call", params("\"name\":\"test_missing_capability\"",
                "{\"sampling\":{}}"));
        assertEquals("input_required", asked.get("resultType"));
    }

    @Test
    void oneConnectionCarriesBothEras() {
        NdjsonClient client = SERVER.connect();
        // Stateless first: no initialize needed...
        assertEquals("complete", client.result("tools/list", params("")).get("resultType"));
        // ...the stateful revision still wants initialize for its own requests...
        assertEquals(-32000L, client.error("tools/list", "{}").get("code"));
        client.initialize("{}");
        Map<String, Object> legacy = client.result("tools/list", "{}");
        assertNull(legacy.get("resultType"), "stateful results keep their shape");
        // Other keys of the namespace (2025-11-25 has some) do not make a request stateless.
        assertNull(client.result("tools/list", "{\"_meta\":{\"io.modelcontextprotocol/related-task\":"
                + "{\"taskId\":\"t\"}}}").get("resultType"));
        // ...and stateless requests go on beside the session, with their own capabilities.
        assertEquals(-32021L, client.error("tools/call", params("\"name\":\"test_missing_capability\"")).get("code"));
        Map<String, Object> asked = client.result("tools/call", params("\"name\":\"test_input_required_result_capabilities\"",
                ALL_CAPABILITIES));
        assertEquals(3, map(asked.get("inputRequests"), "inputRequests").size());
        assertEquals(-32601L, client.error("ping", params("")).get("code"));
        assertEquals(Map.of(), client.result("ping", null));
    }

    @Test
    void theFirstToolSucceedsWithEmptyArguments() {
        NdjsonClient client = SERVER.connect();
        List<Object> tools = list(client.result("tools/list", params("")).get("tools"), "tools");
        String first = (String) map(tools.get(0), "tool").get("name");
        Map<String, Object> result = client.result("tools/call", params("\"name\":\"" + first + "\",\"arguments\":{}"));
        assertEquals("complete", result.get("resultType"));
        assertFalse(Boolean.TRUE.equals(result.get("isError")));
    }

    static void assertCacheable(Map<String, Object> result, String scope) {
        assertEquals("complete", result.get("resultType"));
        assertEquals(0L, result.get("ttlMs"));
        assertEquals(scope, result.get("cacheScope"));
    }
}
