package dev.tachyon.server.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.FastThreadLocal;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Compresses a whole response body to gzip (RFC 1952) into a pooled buffer, from the body's
 * own memory to the new buffer's (the JDK's {@code Deflater} reads and writes
 * {@code ByteBuffer}s, heap or direct), with no intermediate arrays.
 *
 * <pre>
 *   +----+----+----+----+----+----+----+----+----+----+ ~~~~~~~~~~~ +-------+-------+
 *   | 1f | 8b | 08 | 00 |   mtime 0 (4)     | 00 | ff | raw deflate | CRC32 | ISIZE |  (both little-endian)
 *   +----+----+----+----+----+----+----+----+----+----+ ~~~~~~~~~~~ +-------+-------+
 * </pre>
 *
 * <p>One {@code Deflater} per thread per level, reset after each body: a deflater holds a few
 * hundred KiB of native memory, too much to make per response, and it is used on event loops
 * only, which are few.
 */
final class GzipBody {

    private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};
    private static final int TRAILER_BYTES = 8;

    private static final FastThreadLocal<Deflater[]> DEFLATERS = new FastThreadLocal<>() {
        @Override
        protected Deflater[] initialValue() {
            return new Deflater[10];
        }

        @Override
        protected void onRemoval(Deflater[] value) {
            for (Deflater d : value) {
                if (d != null) {
                    d.end();
                }
            }
        }
    };

    private GzipBody() {
    }

    /**
     * The gzip form of {@code body}'s readable bytes at {@code level} (1..9), in a buffer from
     * {@code alloc}; {@code body} is left as it was (the caller releases it).
     */
    static ByteBuf compress(ByteBuf body, ByteBufAllocator alloc, int level) {
        Deflater[] byLevel = DEFLATERS.get();
        Deflater deflater = byLevel[level];
        if (deflater == null) {
            deflater = new Deflater(level, true);
            byLevel[level] = deflater;
        }
        int length = body.readableBytes();
        // Deflate's worst case is a few bytes per 16 KiB over the input; JSON text shrinks.
        ByteBuf out = alloc.directBuffer(Math.min(length / 2 + 64, length + 64) + HEADER.length + TRAILER_BYTES);
        boolean done = false;
        try {
            out.writeBytes(HEADER);
            CRC32 crc = new CRC32();
            ByteBuffer input = body.nioBufferCount() == 1 ? body.nioBuffer() : copyOf(body);
            crc.update(input.duplicate());
            deflater.setInput(input);
            deflater.finish();
            while (!deflater.finished()) {
                out.ensureWritable(Math.max(4096, input.remaining() / 2 + 64));
                ByteBuffer dst = out.nioBuffer(out.writerIndex(), out.writableBytes());
                int n = deflater.deflate(dst);
                out.writerIndex(out.writerIndex() + n);
            }
            out.writeIntLE((int) crc.getValue());
            out.writeIntLE(length);
            done = true;
            return out;
        } finally {
            deflater.reset();
            if (!done) {
                out.release();
            }
        }
    }

    /** A composite body's bytes in one buffer (the server writes bodies as one buffer; this is the rare case). */
    private static ByteBuffer copyOf(ByteBuf body) {
        ByteBuffer copy = ByteBuffer.allocate(body.readableBytes());
        body.getBytes(body.readerIndex(), copy);
        copy.flip();
        return copy;
    }
}
