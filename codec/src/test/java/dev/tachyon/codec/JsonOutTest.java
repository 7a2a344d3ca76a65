package dev.tachyon.codec;

import static dev.tachyon.codec.Frames.span;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class JsonOutTest {

    /** What {@code write} produces, after checking it is one strictly valid JSON value. */
    private static String written(Consumer<ByteBuf> write) {
        ByteBuf out = Unpooled.buffer();
        try {
            write.accept(out);
            byte[] bytes = new byte[out.readableBytes()];
            out.getBytes(out.readerIndex(), bytes);
            assertNull(JsonValidation.problem(bytes), () -> out.toString(StandardCharsets.UTF_8));
            return out.toString(StandardCharsets.UTF_8);
        } finally {
            out.release();
        }
    }

    @Test
    void escapesQuotesBackslashesAndControlCharacters() {
        assertEquals("\"a\\\"b\\\\c/\\n\\r\\t\\b\\f\\u0000\\u0001\\u001f\u007f\"",
                written(out -> JsonOut.string(out, "a\"b\\c/\n\r\t\b\f\u0000\u0001\u001f\u007f")));
        for (char c = 0; c < 0x20; c++) {
            String control = String.valueOf(c);
            ByteBuf json = Unpooled.copiedBuffer(written(out -> JsonOut.string(out, control)), StandardCharsets.UTF_8);
            try {
                assertEquals(control, JsonValues.read(json, json.readerIndex(), json.writerIndex()));
            } finally {
                json.release();
            }
        }
    }

    @Test
    void encodesUtf8AndReplacesLoneSurrogates() {
        assertEquals("\"é€😀\"", written(out -> JsonOut.string(out, "é€😀")));
        assertEquals("\"a\uFFFDb\"", written(out -> JsonOut.string(out, "a\uD800b")));
        assertEquals("\"\uFFFD\"", written(out -> JsonOut.string(out, "\uDC00")));
        assertEquals("\"\uFFFD\uFFFD\"", written(out -> JsonOut.string(out, "\uDC00\uD800")));
        assertEquals("\"x\uFFFD\"", written(out -> JsonOut.string(out, "x\uD83D")));
    }

    @Test
    void numbersAndLiterals() {
        assertEquals("0", written(out -> JsonOut.number(out, 0)));
        assertEquals("-9223372036854775808", written(out -> JsonOut.number(out, Long.MIN_VALUE)));
        assertEquals("true", written(out -> JsonOut.bool(out, true)));
        assertEquals("null", written(JsonOut::nullValue));
        assertEquals("[1.5,3,0,1.0E20,12345678901234567890,1E+3]", written(out -> JsonOut.value(out,
                List.of(1.5, 3.0, -0.0, 1e20, new BigInteger("12345678901234567890"), new BigDecimal("1E+3")))));
        assertThrows(IllegalArgumentException.class, () -> written(out -> JsonOut.value(out, Double.NaN)));
        assertThrows(IllegalArgumentException.class, () -> written(out -> JsonOut.value(out, Float.POSITIVE_INFINITY)));
    }

    @Test
    void valuesOfEveryKindRoundTrip() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("s", "x\ny");
        map.put("n", 7L);
        map.put("d", 2.5);
        map.put("b", false);
        map.put("null", null);
        map.put("list", Arrays.asList(1L, "two", null, List.of()));
        map.put("raw", RawJson.of("{\"k\":[1,2]}"));
        map.put("array", new Object[] {"a", 1});
        map.put("writable", (JsonWritable) out -> JsonOut.ascii(out, "\"w\""));
        String json = written(out -> JsonOut.value(out, map));
        assertEquals("{\"s\":\"x\\ny\",\"n\":7,\"d\":2.5,\"b\":false,\"null\":null,\"list\":[1,\"two\",null,[]],"
                + "\"raw\":{\"k\":[1,2]},\"array\":[\"a\",1],\"writable\":\"w\"}", json);
        assertThrows(IllegalArgumentException.class, () -> written(out -> JsonOut.value(out, new Object())));
    }

    @Test
    void rawJsonIsValidated() {
        assertEquals("[1]", RawJson.of(" [1] ").toString().trim());
        assertThrows(IllegalArgumentException.class, () -> RawJson.of("{\"a\":}"));
        assertThrows(IllegalArgumentException.class, () -> RawJson.of("[1] [2]"));
        assertThrows(IllegalArgumentException.class, () -> RawJson.of("\"\\ud800\""));
        assertThrows(IllegalArgumentException.class, () -> RawJson.of("[".repeat(EnvelopeScanner.DEFAULT_MAX_DEPTH + 1)
                + "]".repeat(EnvelopeScanner.DEFAULT_MAX_DEPTH + 1)));
        RawJson.of("[".repeat(EnvelopeScanner.DEFAULT_MAX_DEPTH) + "]".repeat(EnvelopeScanner.DEFAULT_MAX_DEPTH));
        assertEquals(RawJson.of("\"x\""), RawJson.trusted("\"x\"".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void writerIdsAreCopiedByteForByte() {
        String[] ids = {"12345678901234567890", "\"a\\\"b\\\\u00e9\"", "-1500", "\"é😀\"", "0", "-0"};
        EnvelopeScanner scanner = new EnvelopeScanner();
        JsonRpcEnvelope e = new JsonRpcEnvelope();
        for (String id : ids) {
            byte[] request = Frames.utf8("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"ping\"}");
            Frames.inEachLayout(request, frame -> {
                assertEquals(EnvelopeScanner.OK, scanner.scan(frame, e));
                ByteBuf response = Unpooled.buffer();
                try {
                    JsonRpcWriter.beginResult(response, frame, e.idStart(), e.idEnd());
                    JsonOut.value(response, Map.of());
                    JsonRpcWriter.end(response);
                    assertEquals("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":{}}", response.toString(StandardCharsets.UTF_8));
                    assertEquals(EnvelopeScanner.OK, scanner.scan(response, e), scanner::errorDetail);
                    assertEquals(JsonRpcEnvelope.RESULT, e.kind());
                    assertEquals(id, span(response, e.idStart(), e.idEnd()));
                } finally {
                    response.release();
                }
            });
        }
    }

    /** Scans {@code message} as the scanner would; returns the kind. */
    private static int kindOf(Consumer<ByteBuf> message) {
        ByteBuf out = Unpooled.buffer();
        try {
            message.accept(out);
            EnvelopeScanner scanner = new EnvelopeScanner();
            JsonRpcEnvelope e = new JsonRpcEnvelope();
            assertEquals(EnvelopeScanner.OK, scanner.scan(out, e), () -> scanner.errorDetail() + ": " + out.toString(StandardCharsets.UTF_8));
            return e.kind();
        } finally {
            out.release();
        }
    }

    @Test
    void everyWriterMessageScansAsValid() {
        byte[] id = "\"x\"".getBytes(StandardCharsets.UTF_8);
        assertEquals(JsonRpcEnvelope.RESULT, kindOf(out -> JsonRpcWriter.result(out, id, "{\"ok\":true}".getBytes(StandardCharsets.UTF_8))));
        assertEquals(JsonRpcEnvelope.ERROR, kindOf(out -> JsonRpcWriter.error(out, null, ErrorCodes.PARSE_ERROR,
                "Parse error: \"bad\"\n\u0001", "invalid escape at byte 3")));
        assertEquals(JsonRpcEnvelope.ERROR, kindOf(out -> JsonRpcWriter.error(out, id, ErrorCodes.OVERLOADED, "busy \uD800",
                Map.of("retryAfterMs", 100))));
        assertEquals(JsonRpcEnvelope.ERROR, kindOf(out -> JsonRpcWriter.error(out, id, ErrorCodes.INTERNAL_ERROR, "x", null)));
        assertEquals(JsonRpcEnvelope.NOTIFICATION, kindOf(out -> {
            JsonRpcWriter.beginNotification(out, "notifications/progress");
            JsonOut.value(out, Map.of("progress", 0.5));
            JsonRpcWriter.end(out);
        }));
        assertEquals(JsonRpcEnvelope.REQUEST, kindOf(out -> {
            JsonRpcWriter.beginRequest(out, Long.MAX_VALUE, "sampling/createMessage");
            JsonOut.value(out, Map.of("messages", List.of()));
            JsonRpcWriter.end(out);
        }));
    }

    @Test
    void longStringsAreWrittenInChunksThatKeepSurrogatePairsWhole() {
        StringBuilder s = new StringBuilder();
        while (s.length() < 100_000) {
            s.append("ab\uD83D\uDE00é中\"\n").append("x".repeat(16 * 1024 - 3)); // pairs land on every chunk boundary
        }
        ByteBuf out = Unpooled.buffer();
        try {
            JsonOut.string(out, s);
            assertEquals(s.toString(), JsonValues.read(out, 0, out.writerIndex()));
        } finally {
            out.release();
        }
    }

    @Test
    void aStringOverTheBuffersBoundFailsAfterAboutTheBoundNotAfterAllOfIt() {
        int[] reads = {0};
        CharSequence huge = new CharSequence() {
            @Override
            public int length() {
                return 64 * 1024 * 1024;
            }

            @Override
            public char charAt(int index) {
                reads[0]++;
                return 'a';
            }

            @Override
            public CharSequence subSequence(int start, int end) {
                throw new UnsupportedOperationException();
            }
        };
        ByteBuf out = Unpooled.buffer(256, 1024 * 1024);
        try {
            IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> JsonOut.string(out, huge));
            assertTrue(e.getMessage().contains("exceeds maxCapacity"), e.getMessage());
            assertTrue(reads[0] < 4 * 1024 * 1024, "stopped after " + reads[0] + " chars of 64 Mi");
            assertTrue(out.capacity() <= 1024 * 1024);
        } finally {
            out.release();
        }
    }
}
