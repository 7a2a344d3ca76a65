package dev.tachyon.codec;

/**
 * Where the first few long strings of one frame end, and whether each is plain printable ASCII
 * without escapes: what the validator learnt scanning them, kept so that the reads after it
 * ({@link JsonMembers}) skip a 64 KiB argument at once instead of scanning it again.
 *
 * <p>Describes one frame only; its owner clears it before the next ({@link JsonRpcEnvelope#reset},
 * {@link JsonMembers#forget}). Strings shorter than {@link #MIN_BYTES} are not kept (scanning
 * them costs less than looking them up), nor any past the first {@link #CAPACITY}. Not
 * thread-safe.
 */
final class LongStrings {

    /** The shortest string kept, quotes included. */
    static final int MIN_BYTES = 512;
    /** How many strings one frame keeps: a few large arguments; later ones are scanned each time. */
    static final int CAPACITY = 4;

    private final int[] quotes = new int[CAPACITY];
    private final int[] ends = new int[CAPACITY];
    private final boolean[] plain = new boolean[CAPACITY];
    private int count;

    void clear() {
        count = 0;
    }

    /** Keeps the string {@code [quote, end)} (quotes included) if it is long and there is room. */
    void add(int quote, int end, boolean isPlain) {
        if (end - quote >= MIN_BYTES && count < CAPACITY && find(quote) < 0) {
            quotes[count] = quote;
            ends[count] = end;
            plain[count++] = isPlain;
        }
    }

    /** Keeps what {@code other} keeps (of the same frame), after this one's own. */
    void addAll(LongStrings other) {
        for (int k = 0; k < other.count; k++) {
            add(other.quotes[k], other.ends[k], other.plain[k]);
        }
    }

    /** The slot of the string whose opening quote is at {@code quote}, or -1. */
    int find(int quote) {
        for (int k = 0; k < count; k++) {
            if (quotes[k] == quote) {
                return k;
            }
        }
        return -1;
    }

    /** The index after the closing quote of the string in {@code slot}. */
    int end(int slot) {
        return ends[slot];
    }

    /** Whether the string in {@code slot} is plain printable ASCII without escapes. */
    boolean plain(int slot) {
        return plain[slot];
    }
}
