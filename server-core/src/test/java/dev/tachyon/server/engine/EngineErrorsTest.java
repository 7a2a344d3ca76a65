package dev.tachyon.server.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.server.testing.EngineHarness;
import dev.tachyon.server.testing.EngineSession;
import dev.tachyon.server.testing.TestJson;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** JSON-RPC errors on the engine alone: -32700, -32600, -32601, -32602, and that each exchange ends once. */
class EngineErrorsTest {

    @RegisterExtension
    final EngineHarness harness = EngineHarness.start();
    private final EngineSession session = harness.initialized("{}");

    @Test
    void malformedJsonIsAParseErrorWithANullIdAndTheSessionStaysUsable() {
        session.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":");

        Map<String, Object> error = session.awaitResponse(null);
        assertTrue(error.containsKey("id"));
        assertNull(error.get("id"));
        assertEquals(-32700L, code(error));
        assertEquals(Map.of(), session.result("ping", null));
    }

    @Test
    void invalidRequestsEchoTheirIdWhenTheyHaveOne() {
        session.send("{\"jsonrpc\":\"1.0\",\"id\":5,\"method\":\"ping\"}");
        Map<String, Object> error = session.awaitResponse(5L);
        assertEquals(-32600L, code(error));

        session.send("[{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"ping\"}]");
        Map<String, Object> batch = lastMessage();
        assertEquals(-32600L, code(batch), "batches are not served");
        assertNull(batch.get("id"));
    }

    @Test
    void unknownMethodsAreMethodNotFoundAndUnknownNotificationsAreIgnored() {
        int before = session.out().size();
        session.notify("notifications/whatever", "{}");
        assertEquals(before, session.out().size(), "a notification gets no answer, known or not");

        Map<String, Object> error = session.error("tools/frobnicate", "{}");
        assertEquals(-32601L, error.get("code"));
        assertEquals(Map.of("method", "tools/frobnicate"), error.get("data"));
    }

    @Test
    void paramsThatAreNotAnObjectAreInvalidParams() {
        assertEquals(-32602L, session.error("tools/call", "[1,2]").get("code"));
        assertEquals(-32602L, session.error("tools/call", "{\"name\":42}").get("code"));
        assertEquals(-32600L, session.error("tools/call", "\"echo\"").get("code"),
                "JSON-RPC params are structured: anything else is not a valid request");
    }

    @Test
    void paramsRepeatingAMemberAreInvalidParamsNamingIt() {
        session.send("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/call\",\"params\":"
                + "{\"name\":\"echo\",\"name\":\"strict\",\"arguments\":{\"text\":\"hi\"}}}");

        Map<String, Object> error = TestJson.map(session.awaitResponse(9L).get("error"), "error");
        assertEquals(-32602L, error.get("code"));
        assertEquals(Inbound.duplicateData("name"), error.get("data"));
    }

    @Test
    void everyMessageEndsItsExchangeExactlyOnce() {
        EngineSession http = harness.open(McpSession.RevisionScope.STATEFUL);
        http.initialize("{}");
        int before = http.out().size();
        int emptyBefore = http.emptyCompletions();

        List<Object> exchanges = List.of(
                http.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}"),
                http.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":"),
                http.send("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"nope\"}"),
                http.send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/whatever\"}"),
                http.send("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":{\"name\":\"echo_blocking\","
                        + "\"arguments\":{\"text\":\"a\"}}}"));
        exchanges.forEach(http::awaitEnded);

        List<EngineSession.Out> out = http.out().subList(before, http.out().size());
        assertEquals(4, out.size(), "four requests, four responses: " + out);
        for (EngineSession.Out o : out) {
            assertTrue(o.last(), "a response ends its exchange");
        }
        assertEquals(List.copyOf(exchanges.subList(0, 3)), out.subList(0, 3).stream().map(EngineSession.Out::exchange).toList());
        assertEquals(exchanges.get(4), out.get(3).exchange());
        assertEquals(emptyBefore + 1, http.emptyCompletions(), "the notification ends its exchange without a response");
    }

    private Map<String, Object> lastMessage() {
        List<Map<String, Object>> all = session.messages();
        return all.get(all.size() - 1);
    }

    private static Object code(Map<String, Object> response) {
        return TestJson.map(response.get("error"), "error").get("code");
    }
}
