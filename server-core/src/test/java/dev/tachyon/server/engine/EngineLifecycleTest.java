package dev.tachyon.server.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.server.testing.EngineHarness;
import dev.tachyon.server.testing.EngineSession;
import dev.tachyon.server.testing.TestJson;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The session lifecycle on the engine alone: initialize, version negotiation, what is refused before. */
class EngineLifecycleTest {

    @RegisterExtension
    final EngineHarness harness = EngineHarness.start();
    private final EngineSession session = harness.open();

    @Test
    void initializeEchoesASupportedVersionAndDeclaresCapabilities() {
        Map<String, Object> result = session.initialize("2025-06-18", "{}");

        assertEquals("2025-06-18", result.get("protocolVersion"));
        Map<String, Object> caps = TestJson.map(result.get("capabilities"), "capabilities");
        assertEquals(Map.of("listChanged", true), caps.get("tools"));
        assertEquals(Map.of("subscribe", true, "listChanged", true), caps.get("resources"));
        assertEquals(Map.of("name", "tachyon", "version", "0.1.0"), result.get("serverInfo"));
    }

    @Test
    void anUnsupportedVersionIsAnsweredWithTheNewest() {
        assertEquals("2025-11-25", session.initialize("1999-01-01", "{}").get("protocolVersion"));
    }

    @Test
    void requestsBeforeInitializeAreRefusedButPingIsAllowed() {
        assertEquals(-32000L, session.error("tools/list", null).get("code"));
        assertEquals(Map.of(), session.result("ping", null));
    }

    @Test
    void aSecondInitializeIsAnInvalidRequest() {
        session.initialize("{}");

        assertEquals(-32600L, session.error("initialize", "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{}}")
                .get("code"));
        assertEquals(Map.of(), session.result("ping", null), "the session stays usable");
    }

    @Test
    void afterTheHandshakeEveryMethodIsServed() {
        session.initialize("{}");

        assertFalse(TestJson.list(session.result("tools/list", null).get("tools"), "tools").isEmpty());
    }

    @Test
    void anInlineAnswerIsHandedOverBeforeTheMessageIsConsumed() {
        session.send("{\"jsonrpc\":\"2.0\",\"id\":\"x\",\"method\":\"ping\"}");

        // No waiting: the engine answered while handling the message, on the session's thread.
        assertEquals(1, session.out().size());
        EngineSession.Out answer = session.out().get(0);
        assertTrue(answer.last());
        assertEquals("x", answer.message().get("id"));
    }

    @Test
    void closingTheSessionForgetsIt() {
        session.initialize("{}");
        assertTrue(harness.engine().catalogs().sessions().containsKey(session.session().id()));

        session.close();

        assertFalse(harness.engine().catalogs().sessions().containsKey(session.session().id()));
    }
}
