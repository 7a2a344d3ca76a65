package dev.tachyon.codec;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Finds a member name that occurs twice in one JSON object, for {@link JsonValidator}, in time
 * linear in the names' bytes whatever their number.
 *
 * <p>The names of the objects open now sit on one stack of spans (an object's names are
 * contiguous: a nested object pushes above them and pops when it closes). An object of up to
 * {@link #SMALL} names compares each new name with the ones before it (no allocation: the
 * common case); past that, its names go into a hash map keyed by the name's bytes with a
 * per-process random seed, whose bins become balanced trees on collisions (the keys are
 * {@link Comparable}), so even chosen collisions cost O(log n) per name. Escaped names are
 * compared by what they decode to ({@code "a"} and <code>"&#92;u0061"</code> are the same
 * name). Not thread-safe; owned by one validator.
 */
final class MemberNames {

    /** Objects with more names than this are checked by hashing instead of comparing pairs. */
    static final int SMALL = 8;
    /** Stacks that grew past this many names are dropped after the frame, so a scanner kept per thread stays small. */
    private static final int KEEP = 1024;
    private static final long SEED = ThreadLocalRandom.current().nextLong() | 1;

    private long[] spans = new long[64];
    private boolean[] escaped = new boolean[64];
    /** Decoded escaped names, by stack slot; null until needed. */
    private String[] decoded = new String[64];
    private int top;
    /** Per depth: where that object's names start on the stack. */
    private final int[] base;
    /** Per depth: the names of a large object, or null while it is small. */
    private final HashSet<Name>[] large;
    private boolean anyLarge;
    private boolean anyDecoded;
    private FrameBytes in;

    @SuppressWarnings({"unchecked", "rawtypes"}) // a generic array of one type, never exposed
    MemberNames(int maxDepth) {
        this.base = new int[maxDepth];
        this.large = new HashSet[maxDepth];
    }

    /** Starts a frame read through {@code bytes}. */
    void start(FrameBytes bytes) {
        in = bytes;
        top = 0;
    }

    /** Ends the frame: drops references and any storage a big frame made grow. */
    void finish() {
        in = null;
        if (spans.length > KEEP) {
            spans = new long[64];
            escaped = new boolean[64];
            decoded = new String[64];
        } else if (anyDecoded) {
            java.util.Arrays.fill(decoded, null);
        }
        if (anyLarge) {
            java.util.Arrays.fill(large, null);
        }
        anyLarge = false;
        anyDecoded = false;
        top = 0;
    }

    /** An object at {@code depth} (0 for the top level) has begun. */
    void open(int depth) {
        base[depth] = top;
        large[depth] = null;
    }

    /** The object at {@code depth} has ended: its names are dropped. */
    void close(int depth) {
        if (anyDecoded) {
            java.util.Arrays.fill(decoded, base[depth], top, null);
        }
        top = base[depth];
        large[depth] = null;
    }

    /**
     * Adds the name {@code in[start, end)} (raw content between the quotes) to the object at
     * {@code depth}.
     *
     * @return false when the object already has a member of that name
     */
    boolean add(int depth, int start, int end, boolean isEscaped) {
        int first = base[depth];
        int slot = push(start, end, isEscaped);
        HashSet<Name> names = large[depth];
        if (names != null) {
            return names.add(new Name(slot));
        }
        for (int k = first; k < slot; k++) {
            if (same(k, slot)) {
                return false;
            }
        }
        if (slot - first == SMALL) {
            names = new HashSet<>();
            for (int k = first; k <= slot; k++) {
                names.add(new Name(k));
            }
            large[depth] = names;
            anyLarge = true;
        }
        return true;
    }

    /** The decoded text of the name added last (the duplicate, for the error). */
    String lastName() {
        int slot = top - 1;
        return escaped[slot] ? decoded(slot) : new String(bytes(slot), StandardCharsets.UTF_8);
    }

    private int push(int start, int end, boolean isEscaped) {
        if (top == spans.length) {
            int size = spans.length * 2;
            spans = java.util.Arrays.copyOf(spans, size);
            escaped = java.util.Arrays.copyOf(escaped, size);
            decoded = java.util.Arrays.copyOf(decoded, size);
        }
        spans[top] = ((long) start << 32) | end;
        escaped[top] = isEscaped;
        return top++;
    }

    private static int start(long span) {
        return (int) (span >>> 32);
    }

    private static int end(long span) {
        return (int) span;
    }

    private boolean same(int a, int b) {
        if (escaped[a] || escaped[b]) {
            return canonical(a).equals(canonical(b));
        }
        int length = end(spans[a]) - start(spans[a]);
        if (length != end(spans[b]) - start(spans[b])) {
            return false;
        }
        int sa = start(spans[a]);
        int sb = start(spans[b]);
        for (int k = 0; k < length; k++) {
            if (in.get(sa + k) != in.get(sb + k)) {
                return false;
            }
        }
        return true;
    }

    /** The name as a String (decoded once for an escaped name). */
    private String canonical(int slot) {
        return escaped[slot] ? decoded(slot) : new String(bytes(slot), StandardCharsets.UTF_8);
    }

    private String decoded(int slot) {
        if (decoded[slot] == null) {
            decoded[slot] = JsonValues.unescape(in, start(spans[slot]), end(spans[slot]));
            anyDecoded = true;
        }
        return decoded[slot];
    }

    private byte[] bytes(int slot) {
        int s = start(spans[slot]);
        byte[] bytes = new byte[end(spans[slot]) - s];
        for (int k = 0; k < bytes.length; k++) {
            bytes[k] = in.get(s + k);
        }
        return bytes;
    }

    /**
     * A name as a hash key: its UTF-8 bytes (decoded first when escaped), hashed with the
     * process's seed, ordered by bytes so that colliding names form a balanced tree.
     */
    private final class Name implements Comparable<Name> {

        private final FrameBytes frame;
        private final int start;
        private final int length;
        /** The decoded name's UTF-8, for an escaped name; null to read the frame. */
        private final byte[] utf8;
        private final int hash;

        Name(int slot) {
            this.frame = in;
            if (escaped[slot]) {
                utf8 = decoded(slot).getBytes(StandardCharsets.UTF_8);
                start = 0;
                length = utf8.length;
            } else {
                utf8 = null;
                start = MemberNames.start(spans[slot]);
                length = MemberNames.end(spans[slot]) - start;
            }
            long h = SEED;
            for (int k = 0; k < length; k++) {
                h = (h ^ byteAt(k)) * 0x100000001b3L;
                h ^= h >>> 29;
            }
            h *= 0x9E3779B97F4A7C15L;
            this.hash = (int) (h ^ (h >>> 32));
        }

        private byte byteAt(int k) {
            return utf8 != null ? utf8[k] : frame.get(start + k);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Name && compareTo((Name) o) == 0;
        }

        @Override
        public int compareTo(Name o) {
            if (hash != o.hash) {
                return Integer.compare(hash, o.hash);
            }
            int n = Math.min(length, o.length);
            for (int k = 0; k < n; k++) {
                int c = Byte.compare(byteAt(k), o.byteAt(k));
                if (c != 0) {
                    return c;
                }
            }
            return Integer.compare(length, o.length);
        }
    }
}
