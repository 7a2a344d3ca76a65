package dev.tachyon.server.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.codec.ErrorCodes;
import dev.tachyon.codec.McpMethod;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The engine's one scan of a message and the one mapping of unreadable messages to errors. */
class InboundTest {

    private static McpEngine engine;

    @BeforeAll
    static void start() {
        engine = new McpEngine(EngineSettings.builder().workerThreads(1).maxJsonDepth(8).build(), new Catalogs(10));
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    @Test
    void aScanCountsOnItsThreadAndTellsWhatTheMessageIs() {
        ByteBuf frame = frame("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools\\/list\"}");
        try {
            long before = McpEngine.scansOnThisThread();
            Inbound message = engine.scan(frame);
            assertEquals(before + 1, McpEngine.scansOnThisThread());
            assertTrue(message.ok());
            assertTrue(message.isRequest());
            assertEquals(McpMethod.TOOLS_LIST, message.method(), "an escaped method name is unescaped");
            assertEquals("7", new String(message.id(), StandardCharsets.US_ASCII));
            assertSame(frame, message.frame());
        } finally {
            frame.release();
        }
    }

    @Test
    void aCopyStaysAsItWasWhenTheThreadScansAgain() {
        ByteBuf first = frame("{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"method\":\"initialize\",\"params\":{}}");
        ByteBuf second = frame("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        try {
            Inbound kept = engine.scan(first).copy();
            Inbound next = engine.scan(second);
            assertNotSame(kept, next);
            assertSame(first, kept.frame());
            assertTrue(kept.isRequest());
            assertEquals(McpMethod.INITIALIZE, kept.method());
            assertEquals("\"a\"", new String(kept.id(), StandardCharsets.US_ASCII));
            assertFalse(next.isRequest());
            assertEquals(McpMethod.NOTIFICATIONS_INITIALIZED, next.method());
        } finally {
            first.release();
            second.release();
        }
    }

    @Test
    void refusalsCarryTheirCodeAndTheIdWhenOneWasFound() {
        assertRefusal("{\"jsonrpc\":\"2.0\",\"id\":1,", ErrorCodes.PARSE_ERROR,
                "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32700,\"message\":\"Parse error\",\"data\":{\"detail\":");
        assertRefusal("{\"jsonrpc\":\"1.0\",\"id\":5,\"method\":\"ping\"}", ErrorCodes.INVALID_REQUEST,
                "{\"jsonrpc\":\"2.0\",\"id\":5,\"error\":{\"code\":-32600,\"message\":\"Invalid Request\",\"data\":{\"detail\":");
        assertRefusal("{\"jsonrpc\":\"2.0\",\"id\":[1],\"method\":\"ping\"}", ErrorCodes.INVALID_REQUEST,
                "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,");
        assertRefusal("{\"jsonrpc\":\"2.0\",\"id\":\"x\",\"method\":\"tools/call\",\"params\":{\"a\":1,\"a\":2}}",
                ErrorCodes.INVALID_PARAMS, "{\"jsonrpc\":\"2.0\",\"id\":\"x\",\"error\":{\"code\":-32602,\"message\":"
                        + "\"Invalid params: a member name occurs twice in one object\",\"data\":{\"reason\":"
                        + "\"duplicate-member\",\"member\":\"a\"}}}");
        assertRefusal("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"a\":1,\"a\":2}}",
                ErrorCodes.INVALID_PARAMS, "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32602,");
        String deep = "{\"a\":".repeat(8) + "1" + "}".repeat(8); // nesting past the engine's max-json-depth (8)
        assertRefusal("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":" + deep + "}", ErrorCodes.PARSE_ERROR,
                "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32700,");
    }

    private static void assertRefusal(String text, int code, String expectedPrefix) {
        ByteBuf frame = frame(text);
        ByteBuf out = Unpooled.buffer();
        try {
            Inbound message = engine.scan(frame);
            assertFalse(message.ok(), text);
            assertEquals(code, message.status(), text);
            message.writeRefusal(out);
            String written = out.toString(StandardCharsets.UTF_8);
            assertTrue(written.startsWith(expectedPrefix), written);
        } finally {
            frame.release();
            out.release();
        }
    }

    private static ByteBuf frame(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
    }
}
