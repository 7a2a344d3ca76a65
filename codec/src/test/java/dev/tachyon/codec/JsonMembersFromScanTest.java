package dev.tachyon.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The finds of a remembered frame answer from the members its scan recorded for {@code params}
 * and their {@code arguments}: the same answer (spans, unsure, plain strings, long exponent, the
 * arguments' members) as a walk of the same bytes, and the record is there for the common shape.
 */
class JsonMembersFromScanTest {

    private static final String[] CALL = {"name", "arguments", "_meta", "task"};
    private static final String[] INNER = {"text", "n", "a"};

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"name\":\"echo\",\"arguments\":{\"text\":\"hi\"}}",
        " { \"arguments\" : { \"text\" : \"a}\\\"]\" , \"n\" : [1, {\"text\":[]}] } ,\r\n \"name\" : \"echo\" } ",
        "{\"name\":\"e\\u0063ho\",\"arguments\":{}}",
        "{\"n\\u0061me\":\"echo\"}",
        "{\"name\":\"echo\",\"_meta\":{\"progressToken\":7,\"arguments\":{\"x\":1}},\"arguments\":{\"n\":1}}",
        "{\"arguments\":{\"n\":1,\"t\\u0065xt\":\"escaped\"}}",
        "{\"arguments\":{\"x\":{\"text\":1},\"n\":-1.5e3,\"text\":null}}",
        "{\"arguments\":{\"n\":1e99999999999}}",
        "{\"arguments\":[1,{\"text\":2}],\"name\":\"x\"}",
        "{\"arguments\":\"text\",\"name\":\"\u00e9\"}",
        "{\"task\":{},\"arguments\":{\"\u00e9\":\"\u00e9\",\"text\":\"\"}}",
        "{}",
        "[1,{\"name\":\"x\"}]",
    })
    void answersAsAWalkDoes(String params) {
        assertSame(params);
    }

    @Test
    void recordsTheCommonShape() {
        ByteBuf frame = frame("{\"name\":\"echo\",\"arguments\":{\"text\":\"hi\",\"n\":2}}");
        try {
            JsonRpcEnvelope env = scan(frame);
            assertTrue(env.params.holds(env.paramsStart(), env.paramsEnd()));
            assertEquals(2, env.params.count);
            assertEquals(2, env.arguments.count);
        } finally {
            frame.release();
        }
    }

    /** More members than are recorded, in params or in arguments: walked, and still answered right. */
    @Test
    void walksObjectsWithMoreMembersThanAreRecorded() {
        StringBuilder many = new StringBuilder();
        for (int k = 0; k <= MemberRecord.MAX; k++) {
            many.append("\"m").append(k).append("\":").append(k).append(',');
        }
        assertSame("{" + many + "\"name\":\"x\",\"arguments\":{\"text\":1}}");
        assertSame("{\"name\":\"x\",\"arguments\":{" + many + "\"text\":\"last\"}}");
    }

    /** Random params of wanted and other names, escaped or not, nested, of every kind of value. */
    @Test
    void answersAsAWalkDoesForRandomParams() {
        Random random = new Random(0x5CA7);
        for (int round = 0; round < 3_000; round++) {
            assertSame(object(random, 0, random.nextInt(4) == 0 ? 40 : 6));
        }
    }

    private static String object(Random random, int depth, int maxMembers) {
        StringBuilder s = new StringBuilder("{");
        int count = random.nextInt(maxMembers + 1);
        String[] pool = depth == 0 ? CALL : INNER;
        java.util.Set<String> used = new java.util.HashSet<>(); // a name twice: the scan refuses the frame
        for (int m = 0; m < count; m++) {
            String name = random.nextInt(3) > 0 ? pool[random.nextInt(pool.length)] : "o" + random.nextInt(50);
            if (!used.add(name)) {
                continue;
            }
            s.append(used.size() == 1 ? "" : ",").append(random.nextBoolean() ? " " : "");
            if (random.nextInt(20) == 0) {
                name = "\\u00" + Integer.toHexString(name.charAt(0)) + name.substring(1);
            }
            s.append('"').append(name).append("\":");
            s.append(value(random, depth));
        }
        return s.append('}').toString();
    }

    private static String value(Random random, int depth) {
        switch (random.nextInt(8)) {
            case 0:
                return depth < 3 ? object(random, depth + 1, 6) : "{}";
            case 1:
                return "[1,\"a\"," + (depth < 3 ? object(random, depth + 1, 3) : "null") + "]";
            case 2:
                return "\"plain\"";
            case 3:
                return "\"esc\\\"aped\"";
            case 4:
                return random.nextBoolean() ? "-1.5e3" : "2E+123456789";
            case 5:
                return "true";
            case 6:
                return "\"\u00e9t\u00e9\"";
            default:
                return String.valueOf(random.nextInt(1000));
        }
    }

    private static void assertSame(String params) {
        ByteBuf frame = frame(params);
        try {
            JsonRpcEnvelope env = scan(frame);
            JsonMembers walker = new JsonMembers();
            JsonMembers reader = new JsonMembers();
            reader.remember(frame, env);
            long[] walked = new long[CALL.length];
            long[] read = new long[CALL.length];
            boolean sure = walker.find(frame, env.paramsStart(), env.paramsEnd(), CALL, walked, 1);
            assertEquals(sure, reader.find(frame, env.paramsStart(), env.paramsEnd(), CALL, read, 1), params);
            if (!sure) {
                return;
            }
            assertEquals(Arrays.toString(walked), Arrays.toString(read), params);
            // the scan's long exponent is the whole frame's; here the params hold every number
            assertEquals(walker.hasLongExponent(), reader.hasLongExponent(), params);
            for (int k = 0; k < CALL.length; k++) {
                assertEquals(walker.isPlainString(k), reader.isPlainString(k), params + " " + CALL[k]);
            }
            if (walked[1] == JsonMembers.ABSENT) {
                return;
            }
            int start = JsonMembers.start(walked[1]);
            int end = JsonMembers.end(walked[1]);
            long[] inWalked = new long[INNER.length];
            long[] inRead = new long[INNER.length];
            boolean innerSure = walker.findRecorded(frame, start, end, INNER, inWalked);
            assertEquals(innerSure, reader.findRecorded(frame, start, end, INNER, inRead), params);
            if (innerSure) {
                assertEquals(Arrays.toString(inWalked), Arrays.toString(inRead), params);
            }
        } finally {
            frame.release();
        }
    }

    private static JsonRpcEnvelope scan(ByteBuf frame) {
        JsonRpcEnvelope env = new JsonRpcEnvelope();
        assertEquals(EnvelopeScanner.OK, new EnvelopeScanner().scan(frame, env), () -> frame.toString(StandardCharsets.UTF_8));
        return env;
    }

    private static ByteBuf frame(String params) {
        String json = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":" + params + "}";
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return Unpooled.directBuffer(bytes.length).writeBytes(bytes);
    }
}
