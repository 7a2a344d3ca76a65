package dev.tachyon.server.engine;

import dev.tachyon.registry.CatalogSnapshot;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The tools of one catalog version by the UTF-8 bytes of their names, so a {@code tools/call}
 * finds its tool from the name's bytes in the frame, without decoding it to a String.
 * An open-addressing table with linear probing, at most half full; the tools never change,
 * and each slot remembers its tool's circuit breaker once looked up (the same instance
 * whichever event loop looks first).
 */
final class ToolsByName {

    /**
     * The longest tool name in bytes: {@link dev.tachyon.api.Tool} takes 1 to 128 characters of
     * {@code [A-Za-z0-9_.-]}, one byte each. {@link #slot} reads a name into a scratch of this size.
     */
    static final int SHORT_NAME = 128;

    final CatalogSnapshot<ToolEntry> snapshot;
    private final byte[][] names;
    private final ToolEntry[] tools;
    private final CircuitBreaker[] breakers;
    private final int mask;

    ToolsByName(CatalogSnapshot<ToolEntry> snapshot) {
        this.snapshot = snapshot;
        int capacity = Integer.highestOneBit(Math.max(2, snapshot.entries().size()) * 2) * 2;
        names = new byte[capacity][];
        tools = new ToolEntry[capacity];
        breakers = new CircuitBreaker[capacity];
        mask = capacity - 1;
        for (ToolEntry tool : snapshot.entries()) {
            byte[] name = tool.name().getBytes(StandardCharsets.UTF_8);
            int i = hash(name) & mask;
            while (names[i] != null) {
                i = (i + 1) & mask;
            }
            names[i] = name;
            tools[i] = tool;
        }
    }

    /**
     * The slot of the tool whose name is the plain (unescaped) string content {@code frame[start, end)}, or -1.
     * The name is read out of the frame in one copy into {@code scratch}: one bounds and
     * reference-count check instead of one per byte for the hash and again per byte for the
     * compare. A name longer than any tool's is no tool's, and is neither copied nor hashed.
     *
     * @param scratch the caller's thread's buffer, of {@link #SHORT_NAME} bytes
     */
    int slot(ByteBuf frame, int start, int end, byte[] scratch) {
        int length = end - start;
        if (length > scratch.length) {
            return -1;
        }
        frame.getBytes(start, scratch, 0, length);
        int h = 0;
        for (int k = 0; k < length; k++) {
            h = 31 * h + scratch[k];
        }
        for (int i = spread(h) & mask; names[i] != null; i = (i + 1) & mask) {
            if (names[i].length == length && Arrays.equals(names[i], 0, length, scratch, 0, length)) {
                return i;
            }
        }
        return -1;
    }

    /** The tool in {@code slot}. */
    ToolEntry tool(int slot) {
        return tools[slot];
    }

    /** The circuit breaker of the tool in {@code slot}. */
    CircuitBreaker breaker(int slot, CircuitBreakers all) {
        CircuitBreaker breaker = breakers[slot];
        if (breaker == null) {
            breaker = all.of(tools[slot].name());
            breakers[slot] = breaker; // a racing loop stores the same instance
        }
        return breaker;
    }

    private static int hash(byte[] name) {
        int h = 0;
        for (byte b : name) {
            h = 31 * h + b;
        }
        return spread(h);
    }

    private static int spread(int h) {
        return h ^ (h >>> 16);
    }
}
