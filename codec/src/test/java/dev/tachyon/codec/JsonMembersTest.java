package dev.tachyon.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.IllegalReferenceCountException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class JsonMembersTest {

    private static final String[] NAMES = {"name", "arguments", "_meta"};

    private final JsonMembers members = new JsonMembers();
    private final long[] spans = new long[NAMES.length];

    /** Every member found agrees with the reference decoder, whatever the spacing, nesting and order. */
    @ParameterizedTest
    @ValueSource(strings = {
        "{\"name\":\"echo\",\"arguments\":{\"text\":\"hi\"}}",
        " { \"arguments\" : { \"text\" : \"a}\\\"]\" , \"n\" : [1, {\"x\":[]}] } ,\r\n \"name\" : \"echo\" } ",
        "{\"other\":[{\"name\":\"inner\"}],\"name\":\"e\\u0063ho\",\"x\":-1.5e3,\"y\":true,\"z\":null}",
        "{\"name\":\"echo\",\"_meta\":{\"progressToken\":7},\"arguments\":{}}",
        "{}",
        "{\"arguments\":{\"\\u00e9\":\"\u00e9\"},\"n\":123}",
    })
    void findsWhatTheDecoderFinds(String json) {
        ByteBuf frame = frame(json);
        try {
            assertTrue(members.find(frame, frame.readerIndex(), frame.writerIndex(), NAMES, spans), json);
            @SuppressWarnings("unchecked")
            Map<String, Object> reference = (Map<String, Object>) JsonValues.read(frame, 0, frame.writerIndex());
            for (int k = 0; k < NAMES.length; k++) {
                Object expected = reference.get(NAMES[k]);
                if (expected == null) {
                    assertEquals(JsonMembers.ABSENT, spans[k], NAMES[k]);
                } else {
                    assertEquals(expected, JsonValues.read(frame, JsonMembers.start(spans[k]), JsonMembers.end(spans[k])), NAMES[k]);
                }
            }
        } finally {
            frame.release();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"n\\u0061me\":\"echo\"}", // an escaped name may be a wanted one
        "{\"name\":\"a\",\"name\":\"b\"}", // a duplicate (the scanner refuses it in params): never pick one
        "[1,2]", // not an object
    })
    void isUnsureWhereOnlyDecodingCanTell(String json) {
        ByteBuf frame = frame(json);
        try {
            assertFalse(members.find(frame, frame.readerIndex(), frame.writerIndex(), NAMES, spans), json);
        } finally {
            frame.release();
        }
    }

    /** Exponents of nine digits or more may be beyond any Java number; anything else (in strings, literals) is not one. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"arguments\":{\"text\":\"x\",\"n\":1e99999999999}}          | true",
        "{\"n\":-2.5E+000000009}                                          | true",
        "{\"arguments\":[true,{\"a\":[1E-123456789]}]}                  | true",
        "{\"a\":[true,false,1e5,2E-12345678,\"e123456789\"],\"b\":false} | false",
    })
    void notesExponentsADecoderMayNotHold(String json, boolean longExponent) {
        ByteBuf frame = frame(json);
        try {
            assertTrue(members.find(frame, 0, frame.writerIndex(), NAMES, spans), json);
            assertEquals(longExponent, members.hasLongExponent(), json);
        } finally {
            frame.release();
        }
    }

    @Test
    void tellsPlainStringsAndObjects() {
        ByteBuf frame = frame("{\"name\":\"ec\\\"ho\",\"arguments\":{},\"_meta\":\"plain\"}");
        try {
            assertTrue(members.find(frame, 0, frame.writerIndex(), NAMES, spans));
            assertFalse(JsonMembers.isPlainString(frame, spans[0]));
            assertTrue(JsonMembers.isObject(frame, spans[1]));
            assertTrue(JsonMembers.isPlainString(frame, spans[2]));
            assertFalse(JsonMembers.isObject(frame, spans[2]));
            // the same, as learnt by the find itself
            assertFalse(members.isPlainString(0));
            assertFalse(members.isPlainString(1));
            assertTrue(members.isPlainString(2));
        } finally {
            frame.release();
        }
    }

    /**
     * Members recorded while the params are walked answer exactly as a walk of the arguments
     * object would (unsure included), and the params' own answer does not change.
     */
    @ParameterizedTest
    @ValueSource(strings = {
        "{\"name\":\"echo\",\"arguments\":{\"text\":\"hi\"}}",
        " { \"arguments\" : { \"text\" : \"a}\\\"]\" , \"n\" : [1, {\"text\":[]}] } ,\r\n \"name\" : \"echo\" } ",
        "{\"name\":\"echo\",\"arguments\":{}}",
        "{\"arguments\":{\"n\":1,\"t\\u0065xt\":\"escaped\"}}", // an escaped name: unsure either way
        "{\"arguments\":{\"text\":\"a\",\"n\":2,\"text\":\"b\"}}", // a wanted name twice: unsure either way
        "{\"arguments\":{\"x\":{\"text\":1},\"n\":-1.5e3,\"text\":null}}",
        "{\"name\":\"echo\",\"_meta\":{\"n\":1},\"arguments\":{\"\u00e9\":\"\u00e9\",\"text\":\"\"}}",
        "{\"arguments\":[1,{\"text\":2}]}", // not an object: nothing recorded
    })
    void recordedMembersAnswerAsAWalkDoes(String json) {
        String[] inner = {"text", "n"};
        long[] walked = new long[inner.length];
        long[] recorded = new long[inner.length];
        long[] outer = new long[NAMES.length];
        ByteBuf frame = frame(json);
        try {
            boolean sure = members.find(frame, 0, frame.writerIndex(), NAMES, outer);
            assertEquals(sure, members.find(frame, 0, frame.writerIndex(), NAMES, spans, 1), json);
            assertEquals(java.util.Arrays.toString(outer), java.util.Arrays.toString(spans), json);
            if (spans[1] == JsonMembers.ABSENT) {
                return;
            }
            int start = JsonMembers.start(spans[1]);
            int end = JsonMembers.end(spans[1]);
            boolean fromRecord = members.findRecorded(frame, start, end, inner, recorded);
            JsonMembers other = new JsonMembers();
            assertEquals(other.find(frame, start, end, inner, walked), fromRecord, json);
            if (fromRecord) {
                assertEquals(java.util.Arrays.toString(walked), java.util.Arrays.toString(recorded), json);
            }
        } finally {
            frame.release();
        }
    }

    /** An object of more members than are recorded is walked again, and still answered right. */
    @Test
    void walksAnObjectWithMoreMembersThanItRecords() {
        StringBuilder json = new StringBuilder("{\"arguments\":{");
        for (int k = 0; k <= JsonMembers.MAX_RECORDED; k++) {
            json.append("\"m").append(k).append("\":").append(k).append(',');
        }
        json.append("\"text\":\"last\"}}");
        ByteBuf frame = frame(json.toString());
        try {
            assertTrue(members.find(frame, 0, frame.writerIndex(), NAMES, spans, 1));
            long[] found = new long[1];
            assertTrue(members.findRecorded(frame, JsonMembers.start(spans[1]), JsonMembers.end(spans[1]),
                    new String[] {"text"}, found));
            assertEquals("last", JsonValues.read(frame, JsonMembers.start(found[0]), JsonMembers.end(found[0])));
        } finally {
            frame.release();
        }
    }

    /**
     * A record serves once: a second question about an object at the same indices of the same
     * buffer object (a pooled buffer reused for the next message) walks that object's bytes.
     */
    @Test
    void aRecordServesOnce() {
        ByteBuf frame = frame("{\"arguments\":{\"text\":\"aa\"}}");
        try {
            assertTrue(members.find(frame, 0, frame.writerIndex(), NAMES, spans, 1));
            int start = JsonMembers.start(spans[1]);
            int end = JsonMembers.end(spans[1]);
            String[] text = {"text"};
            long[] found = new long[1];
            assertTrue(members.findRecorded(frame, start, end, text, found));
            assertTrue(found[0] != JsonMembers.ABSENT);
            frame.setBytes(start, "{\"tex2\":\"aa\"}".getBytes(StandardCharsets.US_ASCII)); // the next message, same length
            assertTrue(members.findRecorded(frame, start, end, text, found));
            assertEquals(JsonMembers.ABSENT, found[0]);
        } finally {
            frame.release();
        }
    }

    /**
     * A long string remembered (found by the scan, or by the find of the outer object) is read
     * by the inner find and the text getter exactly as a fresh scan reads it: its end, and
     * whether it is plain (a view) or decoded, with the special byte at every position around
     * the eight- and 32-byte steps of the plain-ASCII check.
     */
    @Test
    void remembersLongStringsAsAScanReadsThem() {
        String plain = "ab#!~ \u007f".repeat(100);
        for (String special : new String[] {"", "\\n", "\\\"", "\u00e9", "\ud83d\ude00"}) {
            for (int at = 0; at <= 72; at++) {
                String text = plain.substring(0, at) + special + plain.substring(at);
                ByteBuf frame = frame("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":"
                        + "{\"arguments\":{\"text\":\"" + text + "\",\"n\":1},\"name\":\"" + text + "\"}}");
                try {
                    JsonRpcEnvelope scanned = new JsonRpcEnvelope();
                    assertEquals(EnvelopeScanner.OK, new EnvelopeScanner().scan(frame, scanned));
                    CharSequence fresh = textOf(frame, scanned);
                    members.remember(frame, scanned); // what the scan found
                    CharSequence fromScan = textOf(frame, scanned);
                    members.remember(frame, new JsonRpcEnvelope()); // what the reads find
                    CharSequence first = textOf(frame, scanned);
                    CharSequence again = textOf(frame, scanned);
                    members.forget();
                    Object reference = JsonValues.read(frame, scanned.paramsStart(), scanned.paramsEnd());
                    String expected = (String) ((Map<?, ?>) ((Map<?, ?>) reference).get("arguments")).get("text");
                    for (CharSequence read : new CharSequence[] {fresh, fromScan, first, again}) {
                        assertEquals(expected, read.toString(), special + " at " + at);
                        assertEquals(special.isEmpty(), read instanceof JsonText, special + " at " + at);
                    }
                } finally {
                    frame.release();
                }
            }
        }
    }

    /** After {@link JsonMembers#forget}, a buffer read again (a pooled frame's object reused) is scanned afresh. */
    @Test
    void forgetsBeforeTheFrameIsReused() {
        String text = "x".repeat(LongStrings.MIN_BYTES * 2);
        ByteBuf frame = frame("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":"
                + "{\"arguments\":{\"text\":\"" + text + "\"}}}");
        try {
            JsonRpcEnvelope scanned = new JsonRpcEnvelope();
            assertEquals(EnvelopeScanner.OK, new EnvelopeScanner().scan(frame, scanned));
            members.remember(frame, scanned);
            assertTrue(textOf(frame, scanned) instanceof JsonText);
            members.forget();
            int at = frame.writerIndex() - 11;
            frame.setByte(at, '\\').setByte(at + 1, 'n'); // the same layout, now with an escape
            CharSequence read = textOf(frame, scanned);
            assertFalse(read instanceof JsonText);
            assertEquals(text.substring(0, text.length() - 7) + "\n" + text.substring(text.length() - 5), read.toString());
        } finally {
            frame.release();
        }
    }

    /**
     * The remembered frame is wrapped once and read so until {@link JsonMembers#forget}; a read
     * of another frame in between neither disturbs it nor is answered from its state, and once
     * forgotten a released frame is refused again, never read.
     */
    @Test
    void theRememberedFrameIsHeldUntilForgottenAndAReleasedOneIsNeverRead() {
        ByteBuf frame = frame("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":"
                + "{\"name\":\"echo\",\"arguments\":{\"text\":\"hi\"}}}");
        ByteBuf other = frame("{\"name\":\"other\",\"arguments\":{\"text\":\"yo\"}}");
        JsonRpcEnvelope scanned = new JsonRpcEnvelope();
        assertEquals(EnvelopeScanner.OK, new EnvelopeScanner().scan(frame, scanned));
        members.remember(frame, scanned);
        assertTrue(members.find(frame, scanned.paramsStart(), scanned.paramsEnd(), NAMES, spans, 1));
        long arguments = spans[1];
        long[] otherSpans = new long[NAMES.length];
        assertTrue(members.find(other, 0, other.writerIndex(), NAMES, otherSpans));
        assertEquals("\"other\"", other.toString(JsonMembers.start(otherSpans[0]),
                JsonMembers.end(otherSpans[0]) - JsonMembers.start(otherSpans[0]), StandardCharsets.UTF_8));
        long[] text = new long[1];
        assertTrue(members.findRecorded(frame, JsonMembers.start(arguments), JsonMembers.end(arguments),
                new String[] {"text"}, text));
        assertEquals("hi", members.text(frame, text[0]).toString());
        members.forget();
        other.release();
        assertThrows(IllegalReferenceCountException.class,
                () -> members.find(other, 0, 10, NAMES, otherSpans), "a released frame is refused");
        frame.release();
        assertThrows(IllegalReferenceCountException.class, () -> members.text(frame, text[0]));
    }

    /** The params' find, the arguments' find, then the text getter: the reads of an inline tools/call. */
    private CharSequence textOf(ByteBuf frame, JsonRpcEnvelope scanned) {
        assertTrue(members.find(frame, scanned.paramsStart(), scanned.paramsEnd(), NAMES, spans));
        long[] inner = new long[1];
        assertTrue(members.find(frame, JsonMembers.start(spans[1]), JsonMembers.end(spans[1]), new String[] {"text"}, inner));
        return members.text(frame, inner[0]);
    }

    private static ByteBuf frame(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        ByteBuf frame = Unpooled.directBuffer(bytes.length).writeBytes(bytes);
        assertEquals(null, JsonValidation.problem(bytes), json); // the contract: validated input only
        return frame;
    }
}
