package dev.tachyon.registry;

import dev.tachyon.codec.JsonOut;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One immutable version of a catalog: its entries in registration order, an index by key, and
 * every list page already encoded as JSON.
 *
 * <p>A page is the body of a list result without its closing brace, so the engine can splice
 * protocol-specific members after it:
 * <pre>
 *   {"tools":[{...},{...}],"nextCursor":"dGFjaHlvbjox"      (+ engine adds "}")
 * </pre>
 * Cursors are opaque to clients; they encode the offset of the page they start. A cursor that
 * does not name a page of this version is invalid ({@link #pageIndex} returns -1).
 */
public final class CatalogSnapshot<T> {

    private static final String CURSOR_PREFIX = "tachyon:";

    private final long version;
    private final List<T> entries;
    private final Map<String, T> byKey;
    private final int pageSize;
    private final byte[][] pages;

    CatalogSnapshot(long version, List<T> entries, String listName, int pageSize, Function<? super T, String> key,
            EntryEncoder<? super T> encoder) {
        this.version = version;
        this.entries = Collections.unmodifiableList(entries);
        Map<String, T> index = new HashMap<>(entries.size() * 2);
        for (T entry : entries) {
            index.put(key.apply(entry), entry);
        }
        this.byKey = index;
        this.pageSize = pageSize;
        this.pages = encodePages(listName, encoder);
    }

    /** Increases by one with every change of the catalog. */
    public long version() {
        return version;
    }

    /** All entries in registration order. */
    public List<T> entries() {
        return entries;
    }

    /** The entry with this key, or null. */
    public T get(String key) {
        return byKey.get(key);
    }

    /** Number of pages (at least one, possibly empty). */
    public int pageCount() {
        return pages.length;
    }

    /** The pre-encoded page; callers must not modify the array. */
    public byte[] page(int index) {
        return pages[index];
    }

    /**
     * The page a cursor names: 0 for a null cursor, -1 for a cursor that is malformed or does
     * not start a page of this version.
     */
    public int pageIndex(String cursor) {
        if (cursor == null) {
            return 0;
        }
        int offset = decodeCursor(cursor);
        if (offset <= 0 || offset % pageSize != 0 || offset >= entries.size()) {
            return -1;
        }
        return offset / pageSize;
    }

    static String encodeCursor(int offset) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((CURSOR_PREFIX + offset).getBytes(StandardCharsets.US_ASCII));
    }

    private static int decodeCursor(String cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
            if (!text.startsWith(CURSOR_PREFIX) || text.length() > CURSOR_PREFIX.length() + 9) {
                return -1;
            }
            return Integer.parseInt(text.substring(CURSOR_PREFIX.length()));
        } catch (IllegalArgumentException e) {
            return -1; // not base64 or not a number: an invalid cursor, answered with -32602
        }
    }

    private byte[][] encodePages(String listName, EntryEncoder<? super T> encoder) {
        int count = Math.max(1, (entries.size() + pageSize - 1) / pageSize);
        byte[][] encoded = new byte[count][];
        ByteBuf scratch = Unpooled.buffer(256);
        try {
            for (int p = 0; p < count; p++) {
                scratch.clear();
                scratch.writeByte('{');
                JsonOut.string(scratch, listName);
                scratch.writeByte(':');
                scratch.writeByte('[');
                int from = p * pageSize;
                int to = Math.min(entries.size(), from + pageSize);
                for (int i = from; i < to; i++) {
                    if (i > from) {
                        scratch.writeByte(',');
                    }
                    encoder.write(scratch, entries.get(i));
                }
                scratch.writeByte(']');
                if (to < entries.size()) {
                    JsonOut.ascii(scratch, ",\"nextCursor\":");
                    JsonOut.string(scratch, encodeCursor(to));
                }
                byte[] bytes = new byte[scratch.readableBytes()];
                scratch.readBytes(bytes);
                encoded[p] = bytes;
            }
        } finally {
            scratch.release();
        }
        return encoded;
    }
}
