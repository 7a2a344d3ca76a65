package dev.tachyon.server.engine;

import dev.tachyon.codec.JsonWritable;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;

/**
 * A blocking handler's result encoded on the worker that produced it, so that the event loop
 * only copies bytes into the answer.
 *
 * <p>Why: encoding is linear but not free: a 64 KiB text result is a scan for escapes and a
 * UTF-8 encoding of 65,536 chars. Done on the event loop, a client piling up such calls (one
 * that never reads its answers, say) made that loop's other connections wait: in the fault
 * suite's profile most of the loops' busy time was {@code JsonOut.utf8}. Copying the encoded
 * bytes costs the loop a memory copy instead.
 *
 * <p>Bodies this does not take (returned as they are, encoded on the loop as before): those
 * whose type the answer path looks at ({@link InputRounds.InputRequiredBody}), and any whose
 * encoding fails here, over {@code limits.max-response-bytes} included, so that the loop's
 * writer answers them exactly as it always has.
 */
final class PreEncoded implements JsonWritable {

    private final byte[] json;

    private PreEncoded(byte[] json) {
        this.json = json;
    }

    /** {@code body} encoded now (at most {@code maxBytes}), or {@code body} itself where it is not taken. */
    static JsonWritable of(JsonWritable body, int maxBytes) {
        if (body == null || body instanceof InputRounds.InputRequiredBody) {
            return body;
        }
        ByteBuf scratch = Unpooled.buffer(Math.min(256, maxBytes), maxBytes);
        try {
            body.writeJson(scratch);
            return new PreEncoded(ByteBufUtil.getBytes(scratch));
        } catch (RuntimeException overBoundOrFailing) {
            return body; // the loop's writer refuses or reports it, as for any body
        } finally {
            scratch.release();
        }
    }

    @Override
    public void writeJson(ByteBuf out) {
        out.writeBytes(json);
    }
}
