package dev.tachyon.codec;

import io.netty.buffer.ByteBuf;

/**
 * Decodes JSON that has already passed {@link EnvelopeScanner} into plain Java values, for
 * handler code that wants ordinary objects.
 *
 * <p>Objects become {@code LinkedHashMap<String, Object>} (member order kept; on a duplicate
 * name the last wins), arrays {@code ArrayList<Object>}, strings {@code String}, integers
 * {@code Long} (or {@code BigInteger} beyond a long), other numbers {@code Double} (or
 * {@code BigDecimal} when a double cannot hold them), {@code true/false} {@code Boolean}, and
 * {@code null} Java {@code null}. Input that was not validated gives undefined results.
 */
public final class JsonValues {

    private JsonValues() {
    }

    /** Decodes the JSON value in {@code buf[start, end)}. */
    public static Object read(ByteBuf buf, int start, int end) {
        throw new UnsupportedOperationException("being written");
    }

    /** Decodes raw string content (between the quotes, escapes not yet resolved) in {@code buf[start, end)}. */
    public static String stringContent(ByteBuf buf, int start, int end) {
        throw new UnsupportedOperationException("being written");
    }
}
