package dev.tachyon.benchmarks.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

/**
 * The baseline of {@link StringWriteBenchmark}: {@code JsonOut.string} as it was before the
 * scratch encoder (commit d9b00cb), kept here only to be measured against: every char read
 * through {@code charAt} and classified, each run between escapes encoded by Netty's UTF-8
 * writer straight into the buffer.
 */
final class NettyUtf8JsonString {

    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] REPLACEMENT_CHARACTER = {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD};

    private NettyUtf8JsonString() {
    }

    static void string(ByteBuf out, CharSequence s) {
        out.writeByte('"');
        int len = s.length();
        int runStart = 0;
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            boolean plain = c >= 0x20 && c != '"' && c != '\\' && !Character.isSurrogate(c);
            if (plain) {
                if (i - runStart == CHUNK_CHARS) {
                    // Written as it goes: a string too large for the buffer's bound fails after
                    // about that bound, not after a pass over all of it.
                    utf8(out, s, runStart, i);
                    runStart = i;
                }
                continue;
            }
            if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++; // a valid pair: UTF-8 encodes it; keep it in the run
                continue;
            }
            if (i > runStart) {
                utf8(out, s, runStart, i);
            }
            if (Character.isSurrogate(c)) {
                out.writeBytes(REPLACEMENT_CHARACTER); // a lone surrogate has no UTF-8 form
            } else {
                escapeAscii(out, c);
            }
            runStart = i + 1;
        }
        if (len > runStart) {
            utf8(out, s, runStart, len);
        }
        out.writeByte('"');
    }

    /** Plain runs are written in chunks of this many chars. */
    private static final int CHUNK_CHARS = 16 * 1024;
    /** Runs at least this long reserve their exact UTF-8 size instead of the worst case. */
    private static final int EXACT_RESERVE_CHARS = 1024;

    /**
     * Encodes {@code s[start, end)} as UTF-8. Netty reserves three bytes per char (the worst
     * case) before it writes; for a long run that reservation alone could pass the buffer's
     * maximum capacity (the bound on a response's size) while the text itself fits, so long
     * runs reserve their exact size, at the cost of one more pass over them.
     */
    private static void utf8(ByteBuf out, CharSequence s, int start, int end) {
        if (end - start < EXACT_RESERVE_CHARS) {
            ByteBufUtil.writeUtf8(out, s, start, end);
        } else {
            ByteBufUtil.reserveAndWriteUtf8(out, s, start, end, ByteBufUtil.utf8Bytes(s, start, end));
        }
    }

    private static void escapeAscii(ByteBuf out, char c) {
        out.writeByte('\\');
        switch (c) {
            case '"': out.writeByte('"'); break;
            case '\\': out.writeByte('\\'); break;
            case '\n': out.writeByte('n'); break;
            case '\r': out.writeByte('r'); break;
            case '\t': out.writeByte('t'); break;
            case '\b': out.writeByte('b'); break;
            case '\f': out.writeByte('f'); break;
            default:
                out.writeByte('u');
                out.writeByte('0');
                out.writeByte('0');
                out.writeByte(HEX[c >> 4]);
                out.writeByte(HEX[c & 0xF]);
        }
    }

}
