package dev.tachyon.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Finds a member name that occurs twice in one JSON object, for {@link JsonValidator}, in time
 * linear in the names' bytes whatever their number, and without an object per name.
 *
 * <p>The names of the objects open now sit on one stack of spans (an object's names are
 * contiguous: a nested object pushes above them and pops when it closes). An object of up to
 * {@link #SMALL} names compares each new name with the ones before it (no allocation: the
 * common case). Each name keeps its length and its first eight bytes packed in a {@code long},
 * read once when it is added, so that comparison is two number compares for names of up to
 * eight bytes ({@code jsonrpc}, {@code id}, {@code method}, {@code params}, {@code name},
 * {@code arguments}...) and touches the frame again only when a longer name has the same
 * length and first eight bytes. Past that, the object gets an open-addressing table of stack
 * slots (an {@code int[]}, so a 100,000-member object costs the collector nothing to trace), probed by a
 * hash of the name's bytes with a per-process random seed. Should a probe ever run long (names
 * chosen to collide despite the seed), the object falls back to a {@code HashSet} whose keys are
 * {@link Comparable}, so its bins become balanced trees: O(log n) per name even then.
 *
 * <p>Escaped names are compared by what they decode to ({@code "a"} and
 * <code>"&#92;u0061"</code> are the same name): they are decoded to UTF-8 once. Not
 * thread-safe; owned by one validator.
 *
 * <pre>
 *   {"a":1,"b":{"c":1,"d":2},"e":3}
 *   stack while "d" is added: [a, b, c, d]   base[0] = 0 (a, b, ...), base[1] = 2 (c, d)
 *   after the inner object closes: [a, b], then e is pushed: [a, b, e]
 * </pre>
 */
final class MemberNames {

    /** Objects with more names than this are checked by hashing instead of comparing pairs. */
    static final int SMALL = 8;
    /** A probe this long means chosen collisions: that object moves to a tree-binned set. */
    private static final int MAX_PROBES = 48;
    /** Stacks that grew past this many names are dropped after the frame, so a scanner kept per thread stays small. */
    private static final int KEEP = 1024;
    private static final long PROCESS_SEED = ThreadLocalRandom.current().nextLong();

    private long[] spans = new long[64];
    private int[] hashes = new int[64];
    /** By stack slot: the name's first eight (decoded) bytes, packed, zero past its length. */
    private long[] prefixes = new long[64];
    /** By stack slot: the name's (decoded) length in bytes. */
    private int[] lengths = new int[64];
    /** The decoded UTF-8 of escaped names, by stack slot; null for names without escapes. */
    private byte[][] decoded = new byte[64][];
    private int top;
    /** Per depth: where that object's names start on the stack. */
    private final int[] base;
    /** Per depth: the open-addressing table (stack slot + 1, 0 empty) of a large object, else null. */
    private final int[][] tables;
    private final int[] filled;
    /** Per depth: the tree-binned set of an object whose table saw chosen collisions, else null. */
    private final HashSet<Name>[] trees;
    private boolean anyLarge;
    private boolean anyEscaped;
    private FrameBytes in;
    /** The frame's exclusive end: an eight-byte read starting after {@code end - 8} would leave it. */
    private int end;
    private final long seed;
    private final int maxProbes;

    MemberNames(int maxDepth) {
        this(maxDepth, PROCESS_SEED, MAX_PROBES);
    }

    /** For tests: a chosen seed, and a probe length past which an object moves to its tree-binned set. */
    @SuppressWarnings({"unchecked", "rawtypes"}) // a generic array of one type, never exposed
    MemberNames(int maxDepth, long seed, int maxProbes) {
        this.seed = seed;
        this.maxProbes = maxProbes;
        this.base = new int[maxDepth];
        this.tables = new int[maxDepth][];
        this.filled = new int[maxDepth];
        this.trees = new HashSet[maxDepth];
    }

    /** Starts a frame read through {@code bytes}, whose bytes end (exclusive) at {@code frameEnd}. */
    void start(FrameBytes bytes, int frameEnd) {
        if (in != bytes) {
            in = bytes; // the scanner's one reader, frame after frame: stored when it changes
        }
        end = frameEnd;
        top = 0;
    }

    /** Ends the frame: drops the names and any storage a big frame made grow (the reader stays: it holds no frame between scans). */
    void finish() {
        if (spans.length > KEEP) {
            spans = new long[64];
            hashes = new int[64];
            prefixes = new long[64];
            lengths = new int[64];
            decoded = new byte[64][];
        } else if (anyEscaped) {
            Arrays.fill(decoded, null);
        }
        if (anyLarge) {
            Arrays.fill(tables, null);
            Arrays.fill(trees, null);
        }
        anyLarge = false;
        anyEscaped = false;
        top = 0;
    }

    /** An object at {@code depth} (0 for the top level) has begun. */
    void open(int depth) {
        base[depth] = top;
        if (anyLarge) {
            tables[depth] = null;
            trees[depth] = null;
        }
    }

    /** The object at {@code depth} has ended: its names are dropped. */
    void close(int depth) {
        if (anyEscaped) {
            Arrays.fill(decoded, base[depth], top, null);
        }
        top = base[depth];
        if (anyLarge) {
            tables[depth] = null;
            trees[depth] = null;
        }
    }

    /**
     * Adds the name {@code in[start, end)} (raw content between the quotes) to the object at
     * {@code depth}.
     *
     * @return false when the object already has a member of that name
     */
    boolean add(int depth, int start, int end, boolean escaped) {
        int slot = push(start, end, escaped);
        if (anyLarge) {
            if (trees[depth] != null) {
                return trees[depth].add(new Name(slot));
            }
            if (tables[depth] != null) {
                return insert(depth, slot);
            }
        }
        int first = base[depth];
        long prefix = prefixes[slot];
        int length = lengths[slot];
        for (int k = first; k < slot; k++) {
            if (prefixes[k] == prefix && lengths[k] == length && (length <= Long.BYTES || same(k, slot))) {
                return false;
            }
        }
        if (slot - first == SMALL) {
            anyLarge = true;
            tables[depth] = new int[64];
            filled[depth] = 0;
            for (int k = first; k <= slot; k++) { // distinct, as just checked
                if (trees[depth] != null) {
                    trees[depth].add(new Name(k)); // the table fell back while being built
                } else {
                    insert(depth, k);
                }
            }
        }
        return true;
    }

    /**
     * The name added last: its first eight (decoded) bytes packed as {@link #add} keeps them,
     * zero past its length; with {@link #lastLength()}, what a listener compares with the few
     * names it looks for ({@link #key}) without reading the frame again.
     */
    long lastKey() {
        return prefixes[top - 1];
    }

    /** The (decoded) length in bytes of the name added last. */
    int lastLength() {
        return lengths[top - 1];
    }

    /**
     * The packed first eight bytes of {@code ascii}, zero past its length, as {@link #lastKey()}
     * gives them for a name with those bytes: a name of up to eight bytes is {@code ascii}
     * exactly when its key and length are this key and {@code ascii}'s length.
     */
    static long key(String ascii) {
        long packed = 0;
        for (int k = 0; k < Math.min(ascii.length(), Long.BYTES); k++) {
            packed |= (ascii.charAt(k) & 0xFFL) << shift(k);
        }
        return packed;
    }

    /** Where byte {@code k} of a name sits in its packed prefix. */
    private static int shift(int k) {
        return FrameBytes.littleEndian() ? k * Byte.SIZE : (Long.BYTES - 1 - k) * Byte.SIZE;
    }

    /** The decoded text of the name added last (the duplicate, for the error). */
    String lastName() {
        int slot = top - 1;
        byte[] utf8 = new byte[length(slot)];
        for (int k = 0; k < utf8.length; k++) {
            utf8[k] = byteAt(slot, k);
        }
        return new String(utf8, StandardCharsets.UTF_8);
    }

    private int push(int start, int end, boolean escaped) {
        if (top == spans.length) {
            int size = spans.length * 2;
            spans = Arrays.copyOf(spans, size);
            hashes = Arrays.copyOf(hashes, size);
            prefixes = Arrays.copyOf(prefixes, size);
            lengths = Arrays.copyOf(lengths, size);
            decoded = Arrays.copyOf(decoded, size);
        }
        spans[top] = ((long) start << 32) | end;
        if (escaped) {
            byte[] utf8 = JsonValues.unescape(in, start, end).getBytes(StandardCharsets.UTF_8);
            decoded[top] = utf8;
            anyEscaped = true;
            lengths[top] = utf8.length;
            prefixes[top] = prefix(top, start);
        } else {
            // The common case, without looking at decoded[] (null here: cleared when its object closed).
            int length = end - start;
            lengths[top] = length;
            prefixes[top] = start + Long.BYTES <= this.end ? plainPrefix(in.getLong(start), length) : prefix(top, start);
        }
        return top++;
    }

    /** The first eight bytes of a name read as one long, zero past its {@code length}. */
    private static long plainPrefix(long x, int length) {
        if (length >= Long.BYTES) {
            return x;
        }
        int bits = length * Byte.SIZE;
        return FrameBytes.littleEndian() ? x & ((1L << bits) - 1) : x & ~(-1L >>> bits);
    }

    /**
     * The first eight bytes of the name in {@code slot} packed into a long, zero past its
     * length: one eight-byte read where the frame has eight bytes from the name's start (all
     * but names within eight bytes of the frame's end), else byte by byte.
     */
    private long prefix(int slot, int start) {
        int length = lengths[slot];
        if (decoded[slot] == null && start + Long.BYTES <= end) {
            return plainPrefix(in.getLong(start), length);
        }
        long packed = 0;
        int n = Math.min(length, Long.BYTES);
        for (int k = 0; k < n; k++) {
            packed |= (byteAt(slot, k) & 0xFFL) << shift(k);
        }
        return packed;
    }

    /** Adds the name in {@code slot} to the table of the object at {@code depth}; false if it is there already. */
    private boolean insert(int depth, int slot) {
        int hash = hash(slot);
        hashes[slot] = hash;
        int[] table = tables[depth];
        int mask = table.length - 1;
        int i = hash & mask;
        for (int probes = 0; table[i] != 0; probes++) {
            int other = table[i] - 1;
            if (hashes[other] == hash && same(other, slot)) {
                return false;
            }
            if (probes == maxProbes) {
                return toTree(depth, slot);
            }
            i = (i + 1) & mask;
        }
        table[i] = slot + 1;
        if (++filled[depth] * 2 > table.length) {
            grow(depth);
        }
        return true;
    }

    private void grow(int depth) {
        int[] old = tables[depth];
        int[] table = new int[old.length * 2];
        int mask = table.length - 1;
        for (int entry : old) {
            if (entry != 0) {
                int i = hashes[entry - 1] & mask;
                while (table[i] != 0) {
                    i = (i + 1) & mask;
                }
                table[i] = entry;
            }
        }
        tables[depth] = table;
    }

    /** Moves the object at {@code depth} (names up to {@code slot}, exclusive, all distinct) to a tree-binned set. */
    private boolean toTree(int depth, int slot) {
        HashSet<Name> set = new HashSet<>();
        for (int k = base[depth]; k < slot; k++) {
            set.add(new Name(k));
        }
        trees[depth] = set;
        tables[depth] = null;
        return set.add(new Name(slot));
    }

    private int length(int slot) {
        byte[] utf8 = decoded[slot];
        return utf8 != null ? utf8.length : (int) spans[slot] - (int) (spans[slot] >>> 32);
    }

    private byte byteAt(int slot, int k) {
        byte[] utf8 = decoded[slot];
        return utf8 != null ? utf8[k] : in.get((int) (spans[slot] >>> 32) + k);
    }

    private boolean same(int a, int b) {
        int length = length(a);
        if (length != length(b)) {
            return false;
        }
        for (int k = 0; k < length; k++) {
            if (byteAt(a, k) != byteAt(b, k)) {
                return false;
            }
        }
        return true;
    }

    /** A seeded hash of the name's (decoded) bytes: chosen collisions need the seed. */
    private int hash(int slot) {
        long h = seed;
        int length = length(slot);
        for (int k = 0; k < length; k++) {
            h = (h ^ byteAt(slot, k)) * 0x100000001b3L;
            h ^= h >>> 29;
        }
        h = (h ^ length) * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    /** A name as a tree-bin key: ordered by hash, then by bytes, consistent with equals. */
    private final class Name implements Comparable<Name> {

        private final int slot;
        private final int hash;

        Name(int slot) {
            this.slot = slot;
            this.hash = hash(slot);
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
            int n = Math.min(length(slot), length(o.slot));
            for (int k = 0; k < n; k++) {
                int c = Byte.compare(byteAt(slot, k), byteAt(o.slot, k));
                if (c != 0) {
                    return c;
                }
            }
            return Integer.compare(length(slot), length(o.slot));
        }
    }
}
