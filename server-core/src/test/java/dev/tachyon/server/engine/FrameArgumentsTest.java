package dev.tachyon.server.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.api.Arguments;
import dev.tachyon.api.InvalidArgumentException;
import dev.tachyon.api.McpException;
import dev.tachyon.codec.JsonMembers;
import dev.tachyon.codec.JsonText;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Arguments read in place from a frame answer as decoded ones do, and only while the call lasts. */
class FrameArgumentsTest {

    private static FrameArguments inPlace(ByteBuf frame) {
        return inPlace(frame, null);
    }

    /** Read in place with this thread's scratch (its reader, and the schema's spans of {@code known}), a digit bound of 1000. */
    private static FrameArguments inPlace(ByteBuf frame, String[] known) {
        return new FrameArguments(frame, 0, frame.writerIndex(), MessageScratch.current(), known) {
            @Override
            int maxNumberDigits() {
                return 1000;
            }
        };
    }

    private static ByteBuf frame(String json) {
        return Unpooled.copiedBuffer(json, StandardCharsets.UTF_8);
    }

    @Test
    void answersAsTheDecodedArgumentsDo() {
        String json = "{\"text\":\"hi\",\"n\":42,\"x\":1.5,\"b\":true,\"u\":\"caf\\u00e9\",\"o\":{\"k\":[1]},\"z\":null}";
        ByteBuf frame = frame(json);
        try {
            Arguments lazy = inPlace(frame);
            @SuppressWarnings("unchecked")
            Arguments decoded = Arguments.of((Map<String, Object>) dev.tachyon.codec.JsonValues.read(frame, 0, frame.writerIndex()));
            assertEquals(decoded.string("text"), lazy.string("text"));
            assertEquals(decoded.integer("n"), lazy.integer("n"));
            assertEquals(decoded.number("x"), lazy.number("x"));
            assertEquals(decoded.bool("b"), lazy.bool("b"));
            assertEquals(decoded.string("u"), lazy.string("u"));
            assertEquals(decoded.get("o"), lazy.get("o"));
            assertTrue(lazy.has("z"));
            assertFalse(lazy.has("missing"));
            assertNull(lazy.get("missing"));
            assertEquals(7, lazy.integer("missing", 7));
            assertThrows(InvalidArgumentException.class, () -> lazy.string("n"));
            assertThrows(InvalidArgumentException.class, () -> lazy.string("missing"));
            assertEquals(decoded.asMap(), lazy.asMap());
        } finally {
            frame.release();
        }
    }

    @Test
    void textIsAViewOfPlainAsciiAndADecodedStringOtherwise() {
        ByteBuf frame = frame("{\"plain\":\"hello\",\"escaped\":\"a\\nb\",\"n\":1}");
        try {
            Arguments args = inPlace(frame);
            assertInstanceOf(JsonText.class, args.text("plain"));
            assertEquals("hello", args.text("plain").toString());
            assertEquals("a\nb", args.text("escaped"));
            assertThrows(InvalidArgumentException.class, () -> args.text("n"));
        } finally {
            frame.release();
        }
    }

    @Test
    void aRepeatedNameIsRefusedNeverPicked() {
        // The scanner refuses such params before any handler runs; read in place anyway, the
        // decoder refuses too, whichever spelling comes first.
        ByteBuf frame = frame("{\"t\\u0065xt\":\"first\",\"text\":\"second\"}");
        try {
            McpException e = assertThrows(McpException.class, () -> inPlace(frame).string("text"));
            assertEquals(-32602, e.code());
            assertTrue(e.getMessage().contains("duplicate member"), e.getMessage());
        } finally {
            frame.release();
        }
    }

    @Test
    void aNumberPastTheDigitBoundIsRefusedOnlyWhenRead() {
        String digits = "9".repeat(5000);
        ByteBuf frame = frame("{\"big\":" + digits + ",\"x\":-1." + digits + ",\"n\":7,\"long\":123456789012345678901234567890}");
        try {
            Arguments args = inPlace(frame);
            assertEquals(7, args.integer("n"), "the other arguments read as usual");
            assertTrue(args.has("big"));
            assertEquals(digits, args.get("big").toString(), "kept as its text");
            for (org.junit.jupiter.api.function.Executable read : java.util.List.<org.junit.jupiter.api.function.Executable>of(
                    () -> args.integer("big"), () -> args.number("big"), () -> args.number("x"))) {
                McpException e = assertThrows(McpException.class, read);
                assertEquals(-32602, e.code());
                assertEquals("number-too-long", ((Map<?, ?>) e.data()).get("reason"));
                assertEquals(1000, ((Map<?, ?>) e.data()).get("limit"));
            }
            assertThrows(InvalidArgumentException.class, () -> args.integer("long"), "out of a long's range");
            assertEquals(1.2345678901234568e29, args.number("long"));
        } finally {
            frame.release();
        }
    }

    @Test
    void decodedArgumentsStayReadableAfterTheCall() {
        Map<String, Object> values = new java.util.HashMap<>(Map.of("text", "hi"));
        FrameArguments args = new FrameArguments(values) {
            @Override
            int maxNumberDigits() {
                return 1000;
            }
        };
        args.detach(); // what the engine does at the end of every call: a no-op for decoded arguments
        values.put("later", 1);
        assertEquals("hi", args.string("text"));
        assertEquals("hi", args.text("text"));
        assertTrue(args.has("later"), "a view of the map, as Arguments.of gives");
        assertThrows(UnsupportedOperationException.class, () -> args.asMap().put("x", 1));
        assertEquals(Map.of(), new FrameArguments(null) {
            @Override
            int maxNumberDigits() {
                return 1000;
            }
        }.asMap());
    }

    @Test
    void areValidOnlyDuringTheCall() {
        ByteBuf frame = frame("{\"text\":\"hi\"}");
        FrameArguments args = inPlace(frame);
        args.detach();
        frame.release();
        assertThrows(IllegalStateException.class, () -> args.string("text"));
        assertThrows(IllegalStateException.class, args::asMap);
        assertEquals("{(arguments of an inline call that has ended)}", args.toString(), "a kept call can still be logged");
    }

    @Test
    void spansFoundByTheSchemaCheckAreReadWithoutAScanAndOthersAreFound() {
        String json = "{\"text\":\"hi\",\"n\":42}";
        ByteBuf frame = frame(json);
        try {
            String[] known = {"text", "absent"};
            long[] spans = MessageScratch.current().schemaSpans; // where the schema's check leaves them
            assertTrue(new JsonMembers().find(frame, 0, frame.writerIndex(), known, spans));
            FrameArguments args = inPlace(frame, known);
            assertEquals("hi", args.string("text"));
            assertFalse(args.has("absent"), "a known absence is an absence");
            assertEquals(42, args.integer("n"), "a name the check did not look up is found as before");
            spans[0] = ((long) json.indexOf("42") << 32) | (json.indexOf("42") + 2);
            assertEquals(42, args.integer("text"), "the known span is what is read: no second scan");
            args.detach();
            assertThrows(IllegalStateException.class, () -> args.string("text"));
        } finally {
            frame.release();
        }
    }
}
