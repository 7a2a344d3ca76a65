package dev.tachyon.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Duplicate names are found in every mode of {@link MemberNames}: pairs (small objects), the
 * hash table (large ones) and the tree-binned fallback (forced here with a probe limit of 0 and
 * a seed that makes every probe collide often), at every depth, through escapes.
 */
class MemberNamesTest {

    /** maxProbes per mode: pairs and table with the real limit, the fallback with none. */
    @ParameterizedTest
    @ValueSource(ints = {48, 0})
    void findsTheFirstDuplicateInEveryShape(int maxProbes) {
        for (int members : new int[] {2, MemberNames.SMALL, MemberNames.SMALL + 1, 100, 5_000}) {
            String distinct = object(members, -1);
            assertNull(duplicate(distinct, maxProbes), distinct);
            assertEquals("k" + (members / 2), duplicate(object(members, members / 2), maxProbes));
            // The same names in a nested object and in a sibling are no duplicates.
            assertNull(duplicate("{\"a\":" + distinct + ",\"b\":[" + distinct + "," + distinct + "]}", maxProbes));
            // A duplicate inside a nested object is found, and the outer object's names survive it.
            assertEquals("k0", duplicate("{\"k0\":" + distinct + ",\"x\":1,\"k0\":2}", maxProbes));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {48, 0})
    void escapedNamesAreComparedDecoded(int maxProbes) {
        assertEquals("a", duplicate("{\"a\":1,\"\\u0061\":2}", maxProbes));
        assertEquals("é", duplicate("{\"\\u00e9\":1,\"é\":2}", maxProbes));
        assertEquals("😀", duplicate("{\"\\ud83d\\ude00\":1,\"x\":0,\"😀\":2}", maxProbes));
        assertEquals("\n", duplicate("{\"\\n\":1,\"\\u000a\":2}", maxProbes));
        StringBuilder many = new StringBuilder("{");
        for (int k = 0; k < 50; k++) {
            many.append("\"\\u006b").append(k).append("\":0,");
        }
        assertEquals("k33", duplicate(many.append("\"k33\":1}").toString(), maxProbes));
        assertNull(duplicate("{\"a\":1,\"\\u0041\":2,\"a\\u0000\":3}", maxProbes));
    }

    /**
     * Small objects compare names by length and first eight bytes first: names that agree there
     * and differ later, or differ only in length, are distinct; a name read by one eight-byte load
     * (far from the frame's end) equals the same name read byte by byte (near the end).
     */
    @ParameterizedTest
    @ValueSource(ints = {48, 0})
    void namesThatShareTheirFirstEightBytesAreComparedWhole(int maxProbes) {
        assertNull(duplicate("{\"abcdefgh1\":1,\"abcdefgh2\":2}", maxProbes));
        assertEquals("abcdefghX", duplicate("{\"abcdefghX\":1,\"abcdefgh\":0,\"abcdefghX\":2}", maxProbes));
        assertNull(duplicate("{\"abcdefgh\":1,\"abcdefg\":2,\"abcdefghi\":3,\"\":4}", maxProbes));
        assertEquals("", duplicate("{\"\":1,\"\":2}", maxProbes));
        assertEquals("a", duplicate("{\"a\":1,\"a\":2}", maxProbes)); // the second "a" ends 5 bytes before the frame
        assertEquals("abcdefgh", duplicate("{\"abcdefgh\":1,\"abcdefgh\":2}", maxProbes));
        assertEquals("\u00e9t\u00e9", duplicate("{\"été\":1,\"\\u00e9t\\u00e9\":2}", maxProbes));
        assertNull(duplicate("{\"été\":1,\"\\u00e9t\\u00e8\":2}", maxProbes));
    }

    /**
     * Small objects (compared by pairs, each name by its length and first eight bytes first): a
     * duplicate at any position is found, and random names, short and long, some repeated, give
     * what a set of the names says, nested too.
     */
    @ParameterizedTest
    @ValueSource(ints = {48, 0})
    void smallObjectsFindEveryDuplicate(int maxProbes) {
        for (int count = 1; count <= MemberNames.SMALL; count++) {
            for (int repeat = 0; repeat < count; repeat++) {
                assertEquals("k" + repeat, duplicate(object(count, repeat), maxProbes));
            }
        }
        java.util.Random random = new java.util.Random(42);
        for (int round = 0; round < 2_000; round++) {
            int count = 1 + random.nextInt(MemberNames.SMALL + 1);
            List<String> names = new ArrayList<>();
            String expected = null;
            java.util.Set<String> seen = new java.util.HashSet<>();
            StringBuilder json = new StringBuilder("{");
            for (int k = 0; k < count; k++) {
                String name = k > 0 && random.nextInt(6) == 0 ? names.get(random.nextInt(k))
                        : Integer.toString(random.nextInt(1 << random.nextInt(20)), 36) + (random.nextBoolean() ? "" : "long-tail-x");
                names.add(name);
                if (!seen.add(name) && expected == null) {
                    expected = name;
                }
                json.append(k == 0 ? "" : ",").append('"').append(name).append("\":").append(k);
            }
            String object = json.append('}').toString();
            assertEquals(expected, duplicate(object, maxProbes), object);
            assertEquals(expected, duplicate("{\"a\":[" + object + "],\"b\":1}", maxProbes), object);
        }
    }

    /** The first duplicate name the validator reports for {@code json}, or null. */
    private static String duplicate(String json, int maxProbes) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        JsonValidator validator = new JsonValidator(16, new MemberNames(16, 0x5EED, maxProbes));
        List<String> duplicates = new ArrayList<>();
        TopLevelMembers listener = new TopLevelMembers() {
            @Override
            public boolean name(FrameBytes in, int depth, int start, int end, boolean escaped, long key, int length) {
                return false;
            }

            @Override
            public void value(FrameBytes in, int depth, int start, int end, boolean escaped) {
            }

            @Override
            public void duplicate(String name, int depth) {
                duplicates.add(name);
            }
        };
        assertEquals(true, validator.validate(new FrameBytes().wrap(bytes), 0, bytes.length, listener),
                () -> validator.problem(0));
        return duplicates.isEmpty() ? null : duplicates.get(0);
    }

    /** {@code {"k0":0,...}} with {@code count} members; the last repeats {@code "k<repeat>"} when repeat >= 0. */
    private static String object(int count, int repeat) {
        StringBuilder s = new StringBuilder("{");
        for (int k = 0; k < count; k++) {
            s.append(k == 0 ? "" : ",").append("\"k").append(k).append("\":").append(k);
        }
        if (repeat >= 0) {
            s.append(",\"k").append(repeat).append("\":0");
        }
        return s.append('}').toString();
    }
}
