package dev.tachyon.codec;

import static dev.tachyon.codec.Frames.span;
import static dev.tachyon.codec.Frames.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EnvelopeScannerTest {

    /** A valid message and what the scan must find; null spans are absent members. */
    record Valid(String name, String json, int kind, String id, int idType, String method, boolean methodEscaped,
            String params, String result, String error) {

        @Override
        public String toString() {
            return name;
        }
    }

    private static final int REQ = JsonRpcEnvelope.REQUEST;
    private static final int NOTE = JsonRpcEnvelope.NOTIFICATION;
    private static final int RES = JsonRpcEnvelope.RESULT;
    private static final int ERR = JsonRpcEnvelope.ERROR;
    private static final int NUM = JsonRpcEnvelope.ID_NUMBER;
    private static final int STR = JsonRpcEnvelope.ID_STRING;
    private static final int NUL = JsonRpcEnvelope.ID_NULL;

    static Stream<Valid> validMessages() {
        String initParams = "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{\"roots\":{\"listChanged\":true},"
                + "\"sampling\":{},\"elicitation\":{}},\"clientInfo\":{\"name\":\"test-client\",\"version\":\"1.0.0\"}}";
        String callParams = "{\"name\":\"search\",\"arguments\":{\"query\":\"netty\",\"filters\":[{\"k\":\"lang\","
                + "\"v\":[\"java\",\"kotlin\"]},{\"k\":\"stars\",\"min\":1000,\"max\":null}],\"limit\":10,\"exact\":false,"
                + "\"deep\":{\"a\":{\"b\":{\"c\":[1,2.5,[3,[-4e-2]]]}}}},\"_meta\":{\"progressToken\":42}}";
        String unicodeParams = "{\"name\":\"echo\",\"arguments\":{\"text\":\"héllo wörld 😀 中文 ∑\"}}";
        String escapeParams = "{\"text\":\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\"}";
        return Stream.of(
                new Valid("initialize request", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
                        + initParams + "}", REQ, "1", NUM, "initialize", false, initParams, null, null),
                new Valid("tools/call with nested arguments", "{\"jsonrpc\":\"2.0\",\"id\":\"call-7\",\"method\":\"tools/call\","
                        + "\"params\":" + callParams + "}", REQ, "\"call-7\"", STR, "tools/call", false, callParams, null, null),
                new Valid("notification", "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
                        NOTE, null, 0, "notifications/initialized", false, null, null, null),
                new Valid("notification with params", "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":"
                        + "{\"progressToken\":\"t\",\"progress\":0.5,\"total\":1e2}}", NOTE, null, 0, "notifications/progress",
                        false, "{\"progressToken\":\"t\",\"progress\":0.5,\"total\":1e2}", null, null),
                new Valid("result", "{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{\"tools\":[]}}",
                        RES, "3", NUM, null, false, null, "{\"tools\":[]}", null),
                new Valid("null result", "{\"jsonrpc\":\"2.0\",\"result\":null,\"id\":\"x\"}",
                        RES, "\"x\"", STR, null, false, null, "null", null),
                new Valid("error with null id", "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32700,\"message\":\"Parse error\"}}",
                        ERR, "null", NUL, null, false, null, null, "{\"code\":-32700,\"message\":\"Parse error\"}"),
                new Valid("error with id", "{\"error\":{\"code\":-32601,\"message\":\"no\",\"data\":[1]},\"id\":-7,\"jsonrpc\":\"2.0\"}",
                        ERR, "-7", NUM, null, false, null, null, "{\"code\":-32601,\"message\":\"no\",\"data\":[1]}"),
                new Valid("unicode in params", "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":"
                        + unicodeParams + "}", REQ, "2", NUM, "tools/call", false, unicodeParams, null, null),
                new Valid("escapes in params", "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":"
                        + escapeParams + "}", REQ, "2", NUM, "tools/call", false, escapeParams, null, null),
                new Valid("20-digit integer id", "{\"jsonrpc\":\"2.0\",\"id\":12345678901234567890,\"method\":\"ping\"}",
                        REQ, "12345678901234567890", NUM, "ping", false, null, null, null),
                new Valid("string id with escapes", "{\"jsonrpc\":\"2.0\",\"id\":\"a\\\"b\\\\u00e9\",\"method\":\"ping\"}",
                        REQ, "\"a\\\"b\\\\u00e9\"", STR, "ping", false, null, null, null),
                new Valid("negative integer id", "{\"jsonrpc\":\"2.0\",\"id\":-1500,\"method\":\"ping\"}",
                        REQ, "-1500", NUM, "ping", false, null, null, null),
                new Valid("empty string id and method", "{\"jsonrpc\":\"2.0\",\"id\":\"\",\"method\":\"\"}",
                        REQ, "\"\"", STR, "", false, null, null, null),
                new Valid("escaped method", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools\\/call\"}",
                        REQ, "1", NUM, "tools\\/call", true, null, null, null),
                new Valid("escaped member names", "{\"\\u006asonrpc\":\"2\\u002e0\",\"i\\u0064\":7,\"\\u006dethod\":\"ping\"}",
                        REQ, "7", NUM, "ping", false, null, null, null),
                // Envelope names are told by their first eight bytes and length, decoded: a name that
                // shares them but not its length ("id" and "id\u0000") or differs in one byte is not one.
                new Valid("names like the envelope's are not the envelope",
                        "{\"jsonrpc\":\"2.0\",\"id\\u0000\":1,\"i\":2,\"idx\":3,\"methods\":\"x\",\"method\":\"m\","
                                + "\"param\":{},\"paramt\":[1],\"Params\":[2],\"result\\u0000\":1,\"jsonrpc2\":1}",
                        NOTE, null, 0, "m", false, null, null, null),
                new Valid("envelope names within eight bytes of the frame's end",
                        "{\"method\":\"m\",\"jsonrpc\":\"2.0\",\"id\":7}", REQ, "7", NUM, "m", false, null, null, null),
                new Valid("an escaped error near the frame's end", "{\"id\":1,\"jsonrpc\":\"2.0\",\"\\u0065rror\":{}}",
                        ERR, "1", NUM, null, false, null, null, "{}"),
                new Valid("params array", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"m\",\"params\":[1,\"two\",[3]]}",
                        REQ, "1", NUM, "m", false, "[1,\"two\",[3]]", null, null),
                new Valid("envelope names nested in params are not the envelope",
                        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"m\",\"params\":{\"id\":\"in\",\"method\":\"x\",\"jsonrpc\":\"1\","
                                + "\"result\":1,\"error\":2},\"extra\":{\"id\":2,\"params\":3}}",
                        REQ, "1", NUM, "m", false, "{\"id\":\"in\",\"method\":\"x\",\"jsonrpc\":\"1\",\"result\":1,\"error\":2}",
                        null, null),
                new Valid("whitespace everywhere", " \t\r\n{ \"jsonrpc\" : \"2.0\" ,\n\"id\"\t:\t1 , \"method\" : \"ping\" ,"
                        + " \"params\" : { \"a\" : [ 1 , 2 ] } } \r\n", REQ, "1", NUM, "ping", false,
                        "{ \"a\" : [ 1 , 2 ] }", null, null),
                new Valid("huge numbers in params", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"m\",\"params\":[1e999999,"
                        + "9".repeat(400) + "]}", REQ, "1", NUM, "m", false, "[1e999999," + "9".repeat(400) + "]", null, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validMessages")
    void findsKindAndSpans(Valid v) {
        EnvelopeScanner scanner = new EnvelopeScanner();
        JsonRpcEnvelope e = new JsonRpcEnvelope();
        Frames.inEachLayout(utf8(v.json()), frame -> {
            assertEquals(EnvelopeScanner.OK, scanner.scan(frame, e), scanner::errorDetail);
            assertNull(scanner.errorDetail());
            assertEquals(v.kind(), e.kind(), "kind");
            assertSpan(frame, v.id(), e.hasId(), e.idStart(), e.idEnd(), "id");
            assertEquals(v.idType(), e.idType(), "id type");
            assertSpan(frame, v.method(), e.methodStart() >= 0, e.methodStart(), e.methodEnd(), "method");
            assertEquals(v.methodEscaped(), e.methodEscaped(), "method escaped");
            assertSpan(frame, v.params(), e.hasParams(), e.paramsStart(), e.paramsEnd(), "params");
            assertSpan(frame, v.result(), e.resultStart() >= 0, e.resultStart(), e.resultEnd(), "result");
            assertSpan(frame, v.error(), e.errorStart() >= 0, e.errorStart(), e.errorEnd(), "error");
        });
    }

    private static void assertSpan(ByteBuf frame, String expected, boolean present, int start, int end, String what) {
        if (expected == null) {
            assertFalse(present, what + " must be absent");
            assertEquals(-1, start, what + " start");
            assertEquals(-1, end, what + " end");
        } else {
            assertTrue(present, what + " must be present");
            assertEquals(expected, span(frame, start, end), what);
        }
    }

    static Stream<List<String>> memberOrders() {
        List<List<String>> orders = new ArrayList<>();
        permute(new ArrayList<>(List.of("\"jsonrpc\":\"2.0\"", "\"id\":\"r-1\"", "\"method\":\"tools/list\"",
                "\"params\":{\"cursor\":\"c\"}", "\"_meta\":{}")), 0, orders);
        return orders.stream();
    }

    private static void permute(List<String> members, int k, List<List<String>> out) {
        if (k == members.size()) {
            out.add(List.copyOf(members));
            return;
        }
        for (int i = k; i < members.size(); i++) {
            java.util.Collections.swap(members, k, i);
            permute(members, k + 1, out);
            java.util.Collections.swap(members, k, i);
        }
    }

    @ParameterizedTest
    @MethodSource("memberOrders")
    void membersInEveryOrder(List<String> members) {
        EnvelopeScanner scanner = new EnvelopeScanner();
        JsonRpcEnvelope e = new JsonRpcEnvelope();
        Frames.inEachLayout(utf8("{" + String.join(",", members) + "}"), frame -> {
            assertEquals(EnvelopeScanner.OK, scanner.scan(frame, e), scanner::errorDetail);
            assertEquals(JsonRpcEnvelope.REQUEST, e.kind());
            assertEquals("\"r-1\"", span(frame, e.idStart(), e.idEnd()));
            assertEquals("tools/list", span(frame, e.methodStart(), e.methodEnd()));
            assertEquals("{\"cursor\":\"c\"}", span(frame, e.paramsStart(), e.paramsEnd()));
        });
    }

    static Stream<Arguments> invalidRequestsWithIds() {
        return Stream.of(
                Arguments.of("{\"jsonrpc\":\"1.0\",\"id\":5,\"method\":\"ping\"}", "5"),
                Arguments.of("{\"id\":\"abc\",\"method\":\"ping\"}", "\"abc\""),
                Arguments.of("{\"jsonrpc\":\"2.0\",\"id\":\"a\\\"b\",\"method\":7}", "\"a\\\"b\""),
                Arguments.of("{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"params\":\"x\",\"id\":12345678901234567890}",
                        "12345678901234567890"),
                Arguments.of("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"m\",\"result\":2}", "1"),
                Arguments.of("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"m\",\"method\":\"m\"}", "1"),
                Arguments.of("{\"jsonrpc\":\"2.0\",\"id\":1}", "1"),
                // No usable id: absent, null, the wrong type, or given twice.
                Arguments.of("{\"jsonrpc\":\"2.0\",\"method\":7}", null),
                Arguments.of("{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"m\"}", null),
                Arguments.of("{\"jsonrpc\":\"2.0\",\"id\":true,\"method\":\"m\"}", null),
                Arguments.of("{\"jsonrpc\":\"2.0\",\"id\":1,\"id\":1,\"method\":\"m\"}", null),
                Arguments.of("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"m\"}]", null));
    }

    @ParameterizedTest
    @MethodSource("invalidRequestsWithIds")
    void invalidRequestKeepsOnlyAUsableId(String json, String id) {
        EnvelopeScanner scanner = new EnvelopeScanner();
        JsonRpcEnvelope e = new JsonRpcEnvelope();
        Frames.inEachLayout(utf8(json), frame -> {
            assertEquals(ErrorCodes.INVALID_REQUEST, scanner.scan(frame, e));
            assertEquals(0, e.kind());
            assertEquals(-1, e.methodStart());
            assertFalse(e.hasParams());
            if (id == null) {
                assertFalse(e.hasId());
                assertEquals(0, e.idType());
            } else {
                assertTrue(e.hasId());
                assertEquals(id, span(frame, e.idStart(), e.idEnd()));
            }
        });
    }

    static Stream<Arguments> details() {
        return Stream.of(
                Arguments.of("{\"jsonrpc\":\"2.0\",\"id\":\"a\\x\"}", ErrorCodes.PARSE_ERROR, "invalid escape at byte 24"),
                Arguments.of("{\"jsonrpc\":\"2.0\",\"id\":01}", ErrorCodes.PARSE_ERROR, "leading zero in number at byte 22"),
                Arguments.of("{\"jsonrpc\":\"2.0\"} x", ErrorCodes.PARSE_ERROR, "unexpected data after the JSON value at byte 18"),
                Arguments.of("{\"jsonrpc\":\"2.0\"", ErrorCodes.PARSE_ERROR, "unexpected end of input at byte 16"),
                Arguments.of("[\"\\ud800\"]", ErrorCodes.PARSE_ERROR, "unpaired surrogate escape at byte 2"),
                Arguments.of("[tru]", ErrorCodes.PARSE_ERROR, "invalid literal at byte 1"),
                Arguments.of("", ErrorCodes.PARSE_ERROR, "no JSON value at byte 0"),
                Arguments.of("[1]", ErrorCodes.INVALID_REQUEST, "batch requests are not supported"),
                Arguments.of("{\"jsonrpc\":\"2.0\",\"id\":1,\"id\":2,\"method\":\"m\"}", ErrorCodes.INVALID_REQUEST,
                        "duplicate member \"id\""),
                Arguments.of("{\"id\":1,\"method\":\"m\"}", ErrorCodes.INVALID_REQUEST, "missing \"jsonrpc\":\"2.0\""),
                Arguments.of("{\"jsonrpc\":\"2.0\",\"id\":[],\"method\":\"m\"}", ErrorCodes.INVALID_REQUEST,
                        "\"id\" must be a string or an integer"));
    }

    @ParameterizedTest
    @MethodSource("details")
    void errorDetailSaysWhatAndWhere(String json, int code, String detail) {
        EnvelopeScanner scanner = new EnvelopeScanner();
        JsonRpcEnvelope e = new JsonRpcEnvelope();
        Frames.inEachLayout(utf8(json), frame -> {
            assertEquals(code, scanner.scan(frame, e));
            assertEquals(detail, scanner.errorDetail());
        });
    }

    @Test
    void depthLimitIsConfigurable() {
        EnvelopeScanner shallow = new EnvelopeScanner(3);
        JsonRpcEnvelope e = new JsonRpcEnvelope();
        Frames.inEachLayout(utf8("{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"params\":[[1]]}"),
                frame -> assertEquals(EnvelopeScanner.OK, shallow.scan(frame, e)));
        Frames.inEachLayout(utf8("{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"params\":[[[1]]]}"), frame -> {
            assertEquals(ErrorCodes.PARSE_ERROR, shallow.scan(frame, e));
            assertEquals("nesting too deep at byte 41", shallow.errorDetail());
        });
        assertThrows(IllegalArgumentException.class, () -> new EnvelopeScanner(1));
    }

    @Test
    void aMillionOpenBracketsIsAnErrorNotAStackOverflow() {
        byte[] deep = utf8("[".repeat(1_000_000));
        EnvelopeScanner scanner = new EnvelopeScanner(2_000_000);
        JsonRpcEnvelope e = new JsonRpcEnvelope();
        ByteBuf frame = Unpooled.wrappedBuffer(deep);
        try {
            assertEquals(ErrorCodes.PARSE_ERROR, scanner.scan(frame, e));
            assertEquals("unexpected end of input at byte 1000000", scanner.errorDetail());
        } finally {
            frame.release();
        }
    }

    @Test
    void aReleasedFrameIsRefusedNotRead() {
        ByteBuf frame = io.netty.buffer.PooledByteBufAllocator.DEFAULT.directBuffer(64);
        frame.writeBytes(utf8("{\"jsonrpc\":\"2.0\",\"method\":\"m\"}"));
        frame.release();
        assertThrows(io.netty.util.IllegalReferenceCountException.class,
                () -> new EnvelopeScanner().scan(frame, new JsonRpcEnvelope()));
    }

    @ParameterizedTest
    @MethodSource("argumentsNames")
    void onlyTheFirstPlainArgumentsIsRecorded(String name, boolean recorded) {
        EnvelopeScanner scanner = new EnvelopeScanner();
        JsonRpcEnvelope e = new JsonRpcEnvelope();
        String json = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\""
                + name + "\":{\"text\":\"hi\",\"n\":2}}}";
        Frames.inEachLayout(utf8(json), frame -> {
            assertEquals(EnvelopeScanner.OK, scanner.scan(frame, e), scanner::errorDetail);
            assertEquals(recorded ? 2 : -1, e.arguments.count, name);
            assertEquals(name.startsWith("\\") ? -1 : 2, e.params.count, name); // nor params with an escaped name
        });
    }

    static Stream<Arguments> argumentsNames() {
        return Stream.of(
                Arguments.of("arguments", true),
                Arguments.of("argumentx", false), // the same first eight bytes and length
                Arguments.of("argument", false), // the same first eight bytes
                Arguments.of("argumentss", false),
                Arguments.of("Arguments", false),
                Arguments.of("\\u0061rguments", false)); // escaped: the record keeps only plain names
    }

    @Test
    void aScannerIsReusableAndEachScanResetsTheEnvelope() {
        EnvelopeScanner scanner = new EnvelopeScanner();
        JsonRpcEnvelope e = new JsonRpcEnvelope();
        Frames.inEachLayout(utf8("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"m\",\"params\":{}}"),
                frame -> assertEquals(EnvelopeScanner.OK, scanner.scan(frame, e)));
        Frames.inEachLayout(utf8("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"m\",\"params\":{"),
                frame -> assertEquals(ErrorCodes.PARSE_ERROR, scanner.scan(frame, e)));
        assertFalse(e.hasId());
        assertFalse(e.hasParams());
        Frames.inEachLayout(utf8("{\"jsonrpc\":\"2.0\",\"method\":\"n\"}"), frame -> {
            assertEquals(EnvelopeScanner.OK, scanner.scan(frame, e));
            assertEquals(JsonRpcEnvelope.NOTIFICATION, e.kind());
            assertFalse(e.hasId());
            assertFalse(e.hasParams());
        });
    }
}
