package dev.tachyon.server.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.server.testing.EngineHarness;
import dev.tachyon.server.testing.EngineSession;
import dev.tachyon.server.testing.StatelessMeta;
import dev.tachyon.server.testing.TestJson;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The stateless revision (2026-07-28) on the engine alone: per-request {@code _meta}, no handshake, its admission rules. */
class EngineStatelessTest {

    @RegisterExtension
    final EngineHarness harness = EngineHarness.start();

    @Test
    void aStreamSessionServesARequestCarryingMetaWithoutInitialize() {
        EngineSession session = harness.open();

        Map<String, Object> result = session.result("tools/call",
                StatelessMeta.params("\"name\":\"echo\",\"arguments\":{\"text\":\"hi\"}"));

        assertEquals("hi", EngineToolsTest.text(result));
        assertEquals(-32000L, session.error("tools/list", null).get("code"),
                "a request without _meta still needs the handshake");
    }

    @Test
    void serverDiscoverListsTheRevisions() {
        EngineSession session = harness.open(McpSession.RevisionScope.STATELESS);
        Map<String, Object> result = session.result("server/discover", StatelessMeta.params(""));
        assertTrue(String.valueOf(result).contains("2026-07-28"), result.toString());
    }

    @Test
    void aStatelessRequestWithoutMetaIsInvalidParams() {
        EngineSession session = harness.open(McpSession.RevisionScope.STATELESS);
        assertEquals(-32602L, session.error("tools/list", "{}").get("code"));
    }

    @Test
    void anUnsupportedVersionNamesTheSupportedOnes() {
        EngineSession session = harness.open(McpSession.RevisionScope.STATELESS);
        Map<String, Object> error = session.error("tools/list", StatelessMeta.params("").replace("2026-07-28", "2030-01-01"));

        assertEquals(-32022L, error.get("code"));
        Map<String, Object> data = TestJson.map(error.get("data"), "data");
        assertEquals(List.of("2026-07-28", "2025-11-25", "2025-06-18"), data.get("supported"));
        assertEquals("2030-01-01", data.get("requested"));
    }

    @Test
    void methodsTheRevisionDroppedAreMethodNotFound() {
        EngineSession session = harness.open(McpSession.RevisionScope.STATELESS);
        for (String method : List.of("initialize", "ping", "logging/setLevel", "resources/subscribe",
                "resources/unsubscribe")) {
            assertEquals(-32601L, session.error(method, StatelessMeta.params("\"uri\":\"test://a\"")).get("code"), method);
        }
    }

    @Test
    void headersThatDisagreeWithTheBodyFailWithTheirCodeForTheTransport() {
        EngineSession session = harness.open(McpSession.RevisionScope.STATELESS);
        String params = StatelessMeta.params("\"name\":\"echo\",\"arguments\":{\"text\":\"hi\"}");

        Map<String, Object> agreeing = session.request("tools/call", params,
                EngineHarness.headers(StatelessMeta.VERSION, "tools/call", "echo"));
        assertTrue(agreeing.containsKey("result"), agreeing.toString());

        Map<String, Object> wrongMethod = session.request("tools/call", params,
                EngineHarness.headers(StatelessMeta.VERSION, "tools/list", "echo"));
        assertEquals(-32020L, TestJson.map(wrongMethod.get("error"), "error").get("code"));
        EngineSession.Out out = session.out().get(session.out().size() - 1);
        assertEquals(Integer.valueOf(-32020), out.errorCode(), "the transport learns the code (HTTP answers 400)");

        Map<String, Object> noVersion = session.request("tools/call", params, EngineHarness.headers(null, "tools/call", "echo"));
        assertEquals(-32020L, TestJson.map(noVersion.get("error"), "error").get("code"));
    }

    @Test
    void aToolNeedingACapabilityTheRequestDidNotDeclareIsRefused() {
        EngineSession session = harness.open(McpSession.RevisionScope.STATELESS);
        Map<String, Object> error = session.error("tools/call", StatelessMeta.params("\"name\":\"ask\",\"arguments\":{}"));
        assertEquals(-32021L, error.get("code"));
    }
}
