package dev.tachyon.server.engine;

import dev.tachyon.codec.JsonOut;
import dev.tachyon.server.Content;
import dev.tachyon.server.ToolResultWriter;
import io.netty.buffer.ByteBuf;

/**
 * Writes a {@code CallToolResult} into a response buffer as the handler produces it.
 *
 * <pre>
 *   {"content":[item,item...]  ,"structuredContent":{...}  ,"isError":true  }
 *    ^ begin()   ^ text()/content()   ^ finish() writes what was set
 * </pre>
 * One instance per session, reused for every inline call (handlers run one at a time there).
 */
final class ContentArrayWriter implements ToolResultWriter {

    private ByteBuf out;
    private int items;
    private Object structured;
    private boolean error;

    void begin(ByteBuf target) {
        out = target;
        items = 0;
        structured = null;
        error = false;
        JsonOut.ascii(target, "{\"content\":[");
    }

    /** Closes the result; returns whether it was marked as an error. */
    boolean finish() {
        out.writeByte(']');
        if (structured != null) {
            JsonOut.ascii(out, ",\"structuredContent\":");
            JsonOut.value(out, structured);
        }
        if (error) {
            JsonOut.ascii(out, ",\"isError\":true");
        }
        out.writeByte('}');
        out = null;
        structured = null;
        return error;
    }

    @Override
    public ToolResultWriter text(CharSequence text) {
        separate();
        JsonOut.ascii(out, "{\"type\":\"text\",\"text\":");
        JsonOut.string(out, text);
        out.writeByte('}');
        return this;
    }

    @Override
    public ToolResultWriter content(Content item) {
        separate();
        item.writeJson(out);
        return this;
    }

    @Override
    public ToolResultWriter structured(Object value) {
        structured = value;
        return this;
    }

    @Override
    public ToolResultWriter error() {
        error = true;
        return this;
    }

    private void separate() {
        if (out == null) {
            throw new IllegalStateException("the result writer is only valid during the handler call");
        }
        if (items++ > 0) {
            out.writeByte(',');
        }
    }
}
