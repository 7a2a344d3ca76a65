package dev.tachyon.codec;

import static dev.tachyon.codec.Frames.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonValuesTest {

    /** Decodes {@code json} as the whole readable region of each buffer layout; all layouts must agree. */
    private static Object read(String json) {
        return read(utf8(json));
    }

    private static Object read(byte[] json) {
        List<Object> results = new ArrayList<>();
        Frames.inEachLayout(json, buf -> results.add(JsonValues.read(buf, buf.readerIndex(), buf.writerIndex())));
        for (Object result : results) {
            assertEquals(results.get(0), result);
        }
        return results.get(0);
    }

    @Test
    void stringsWithEveryEscape() {
        assertEquals("a\"b\\c/d\b\f\n\r\t\u0000\u001fé😀\uDBFF\uDFFF",
                read("\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u0000\\u001F\\u00e9\\ud83d\\ude00\\uDBFF\\uDFFF\""));
    }

    @Test
    void rawUtf8Strings() {
        assertEquals("héllo wörld 😀 中文 ∑ \u007f\u0080\u07ff\u0800\ud7ff\ue000\uffff\ud800\udc00\udbff\udfff",
                read("\"héllo wörld 😀 中文 ∑ \u007f\u0080\u07ff\u0800\ud7ff\ue000\uffff\ud800\udc00\udbff\udfff\""));
    }

    @Test
    void randomStringsRoundTripThroughJsonOut() {
        SplittableRandom random = new SplittableRandom(42);
        for (int round = 0; round < 2_000; round++) {
            StringBuilder s = new StringBuilder();
            int length = random.nextInt(round % 50 == 0 ? 5_000 : 40);
            while (s.length() < length) {
                int range = random.nextInt(4);
                int cp = range == 0 ? random.nextInt(0x80) : range == 1 ? random.nextInt(0x800)
                        : range == 2 ? random.nextInt(0x10000) : 0x10000 + random.nextInt(0x100000);
                if (cp < 0xD800 || cp > 0xDFFF) {
                    s.appendCodePoint(cp);
                }
            }
            ByteBuf out = Unpooled.buffer();
            try {
                JsonOut.string(out, s);
                assertEquals(s.toString(), JsonValues.read(out, out.readerIndex(), out.writerIndex()));
                assertEquals(s.toString(), JsonValues.stringContent(out, out.readerIndex() + 1, out.writerIndex() - 1));
            } finally {
                out.release();
            }
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0|0",
        "-0|0",
        "42|42",
        "-9223372036854775808|-9223372036854775808",
        "9223372036854775807|9223372036854775807",
        "999999999999999999|999999999999999999"})
    void integersThatFitALongAreLongs(String json, long expected) {
        assertEquals(expected, read(json));
    }

    @ParameterizedTest
    @CsvSource({"9223372036854775808", "-9223372036854775809", "12345678901234567890",
        "9999999999999999999999999999999999999999"})
    void largerIntegersAreBigIntegers(String json) {
        assertEquals(new BigInteger(json), read(json));
    }

    /** Past {@link JsonValues#EAGER_DIGITS} a number is kept as text: decoding never parses it. */
    @ParameterizedTest
    @CsvSource({"99999999999999999999999999999999999999999", "-1.00000000000000000000000000000000000000001",
        "-12345678901234567890123456789012345678901e-5"})
    void longerNumbersStayTextUntilRead(String json) {
        JsonNumber n = assertInstanceOf(JsonNumber.class, read(json));
        assertEquals(json, n.text());
        assertEquals(new BigDecimal(json), n.bigDecimal());
        assertEquals(Double.parseDouble(json), n.doubleValue());
    }

    @Test
    void aNumberOverItsDigitBoundFailsWhenReadNotWhenDecoded() {
        String million = "7".repeat(1_000_000);
        long started = System.nanoTime();
        ByteBuf buf = Unpooled.wrappedBuffer(utf8("[" + million + ",1]"));
        List<?> list = (List<?>) JsonValues.read(buf, 0, buf.writerIndex(), 1000);
        assertTrue(System.nanoTime() - started < 1_000_000_000L, "decoding must not parse the digits");
        JsonNumber n = assertInstanceOf(JsonNumber.class, list.get(0));
        assertEquals(1L, list.get(1));
        assertEquals(1_000_000, n.digits());
        JsonNumber.TooManyDigits e = assertThrows(JsonNumber.TooManyDigits.class, n::longValue);
        assertEquals(1000, e.maxDigits());
        assertThrows(JsonNumber.TooManyDigits.class, n::doubleValue);
        assertThrows(JsonNumber.TooManyDigits.class, n::bigInteger);
        assertThrows(JsonNumber.TooManyDigits.class, n::bigDecimal);
        ByteBuf out = Unpooled.buffer();
        JsonOut.value(out, n);
        assertEquals(million, out.toString(java.nio.charset.StandardCharsets.US_ASCII), "written back as sent");
        out.release();
    }

    @Test
    void aTighterBoundAppliesToShortNumbersToo() {
        ByteBuf buf = Unpooled.wrappedBuffer(utf8("12345678901234567890123"));
        JsonNumber n = assertInstanceOf(JsonNumber.class, JsonValues.read(buf, 0, buf.writerIndex(), 20));
        assertThrows(JsonNumber.TooManyDigits.class, n::bigInteger);
        assertEquals(12345L, JsonValues.read(Unpooled.wrappedBuffer(utf8("12345")), 0, 5, 20));
    }

    @Test
    void duplicateMemberNamesAreRefusedNeverPicked() {
        for (String json : new String[] {"{\"a\":1,\"a\":2}", "{\"a\":null,\"a\":null}", "{\"a\":1,\"\\u0061\":1}",
            "[{\"x\":{\"b\":1,\"b\":[]}}]"}) {
            ByteBuf buf = Unpooled.wrappedBuffer(utf8(json));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> JsonValues.read(buf, 0, buf.writerIndex()), json);
            assertTrue(e.getMessage().startsWith("duplicate member"), e.getMessage());
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0.5|0.5",
        "-0.0|-0.0",
        "1e2|100.0",
        "1E+2|100.0",
        "2.5e-3|0.0025",
        "0.1|0.1",
        "1.7976931348623157e308|1.7976931348623157e308",
        "4.9e-324|4.9e-324",
        "0e999999|0.0",
        "9007199254740993.0|9007199254740992",
        "123456789012345678901234567890.5|1.2345678901234568e29"})
    void otherNumbersAreDoubles(String json, double expected) {
        assertEquals(expected, read(json));
    }

    @ParameterizedTest
    @CsvSource({"1e999999", "-1.5E400", "1e-400", "-2.5e-999999", "1.8e308"})
    void numbersADoubleCannotHoldAreBigDecimals(String json) {
        assertEquals(new BigDecimal(json), read(json));
    }

    @Test
    void anExponentBeyondBigDecimalIsRefusedWhenReadNotMisread() {
        JsonNumber n = assertInstanceOf(JsonNumber.class, read("1e99999999999"));
        assertThrows(NumberFormatException.class, n::bigDecimal);
        assertEquals("1e99999999999", n.toString());
    }

    @Test
    void nestedStructuresKeepMemberOrder() {
        Object value = read("{\"z\":1,\"a\":[true,false,null,{\"m\":\"x\",\"b\":[]}],\"k\":{},\"\\u00e9\":-1.5}");
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("m", "x");
        inner.put("b", new ArrayList<>());
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("z", 1L);
        expected.put("a", new ArrayList<>(Arrays.asList(true, false, null, inner)));
        expected.put("k", new LinkedHashMap<>());
        expected.put("é", -1.5);
        assertEquals(expected, value);
        assertEquals(List.of("z", "a", "k", "é"), new ArrayList<>(((Map<?, ?>) value).keySet()));
        assertInstanceOf(LinkedHashMap.class, value);
    }

    @Test
    void arraysAndScalars() {
        List<Object> expected = new ArrayList<>(Arrays.asList(true, false, null, "s", 1L, 1.5, new ArrayList<>(List.of(2L))));
        Object value = read(" [ true , false , null , \"s\" , 1 , 1.5 , [ 2 ] ] ");
        assertEquals(expected, value);
        assertInstanceOf(ArrayList.class, value);
        assertEquals(Boolean.TRUE, read("true"));
        assertNull(read("null"));
    }

    @Test
    void readsParamsSpanInsideAFrame() {
        String json = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"n\":[1,2]}}}";
        EnvelopeScanner scanner = new EnvelopeScanner();
        JsonRpcEnvelope e = new JsonRpcEnvelope();
        Frames.inEachLayout(utf8(json), frame -> {
            assertEquals(EnvelopeScanner.OK, scanner.scan(frame, e));
            Object params = JsonValues.read(frame, e.paramsStart(), e.paramsEnd());
            assertEquals(Map.of("name", "echo", "arguments", Map.of("n", List.of(1L, 2L))), params);
            assertEquals(1L, JsonValues.read(frame, e.idStart(), e.idEnd()));
        });
    }

    @Test
    void methodNameContent() {
        Function<String, String> method = json -> {
            List<String> names = new ArrayList<>();
            EnvelopeScanner scanner = new EnvelopeScanner();
            JsonRpcEnvelope e = new JsonRpcEnvelope();
            Frames.inEachLayout(utf8(json), frame -> {
                assertEquals(EnvelopeScanner.OK, scanner.scan(frame, e));
                names.add(JsonValues.stringContent(frame, e.methodStart(), e.methodEnd()));
            });
            assertEquals(1, names.stream().distinct().count(), names::toString);
            return names.get(0);
        };
        assertEquals("tools/call", method.apply("{\"jsonrpc\":\"2.0\",\"method\":\"tools/call\"}"));
        assertEquals("tools/call", method.apply("{\"jsonrpc\":\"2.0\",\"method\":\"tools\\/c\\u0061ll\"}"));
        assertEquals("é😀", method.apply("{\"jsonrpc\":\"2.0\",\"method\":\"é\\ud83d\\ude00\"}"));
        assertEquals("", method.apply("{\"jsonrpc\":\"2.0\",\"method\":\"\"}"));
    }
}
