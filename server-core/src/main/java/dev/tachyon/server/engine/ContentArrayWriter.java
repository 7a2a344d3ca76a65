package dev.tachyon.server.engine;

import dev.tachyon.codec.JsonOut;
import dev.tachyon.codec.JsonText;
import dev.tachyon.codec.ShortCopies;
import dev.tachyon.api.Content;
import dev.tachyon.api.Tool;
import dev.tachyon.api.ToolCall;
import dev.tachyon.api.ToolResult;
import dev.tachyon.api.ToolResultWriter;
import io.netty.buffer.ByteBuf;

/**
 * Writes a {@code CallToolResult} into a response buffer as the handler produces it.
 *
 * <pre>
 *   {"content":[item,item...]  ,"structuredContent":{...}  ,"isError":true  }
 *    ^ with the first item (or finish() for none)
 *                ^ text()/content()   ^ finish() writes what was set
 * </pre>
 * Constant pieces that meet are written together (<code>{"content":[</code> with the first
 * text item's opening and, for a short text read in place, the text and its quotes; a text's
 * closing brace with the comma or the <code>]}</code> after it): every write into the pooled
 * buffer checks its reference count and bounds, and a one-text result made five such writes of
 * its own here plus the text's three, two in all now.
 * One instance per session, reused for every inline call (handlers run one at a time there);
 * as a {@link ResponseStream.Body} it is the result body of the call {@link #prepare}d last.
 *
 * <p>On a transport that streams, the result is sent in parts as it is written
 * ({@link ResponseStream}): before an item once a part's worth is written (so a result of one
 * item that needs no parts goes whole), and within a long text every
 * {@value ResponseStream#PART_BYTES} chars; a long text read in place from the
 * request ({@link JsonText}) is sent as a slice of its frame, not copied at all.
 */
final class ContentArrayWriter implements ToolResultWriter, ResponseStream.Body {

    private static final byte[] BEGIN = ascii("{\"content\":[");
    private static final byte[] TEXT_ITEM = ascii("{\"type\":\"text\",\"text\":");
    /** BEGIN and TEXT_ITEM in one: a result's first item is most often a text. */
    private static final byte[] BEGIN_TEXT_ITEM = ascii("{\"content\":[{\"type\":\"text\",\"text\":");
    /** A text item's brace, the array's bracket and the result's brace: the end of the common result. */
    private static final int END_TEXT_RESULT = ('}' << 16) | (']' << 8) | '}';
    private static final byte[] STRUCTURED = ascii(",\"structuredContent\":");
    private static final byte[] IS_ERROR = ascii(",\"isError\":true");

    private Tool tool;
    private ToolCall call;
    private ByteBuf out;
    /** Where parts of the result are sent, or null when it is written whole. */
    private ResponseStream stream;
    private int items;
    private Object structured;
    private boolean error;
    /**
     * Whether the last item was a text whose closing brace is not written yet: it is written
     * with what follows (a comma, or the end of the result), so the buffer is grown and
     * checked once for both. Each checked write costs a reference-count and bounds check.
     */
    private boolean textOpen;

    /** Makes this the body of an inline call of {@code tool}: writing it runs the handler. */
    ContentArrayWriter prepare(Tool inlineTool, ToolCall inlineCall) {
        this.tool = inlineTool;
        this.call = inlineCall;
        this.error = false;
        return this;
    }

    /** Runs the prepared handler, writing its result into {@code target}. */
    @Override
    public void writeJson(ByteBuf target) {
        writeJson(target, null);
    }

    @Override
    public void writeJson(ByteBuf target, ResponseStream parts) {
        try {
            begin(target, parts);
            tool.inlineHandler().call(call, this);
            finish();
        } finally {
            tool = null;
            call = null;
            out = null; // a handler that kept the writer cannot write into a buffer that moved on
            stream = null;
        }
    }

    /** Writes a finished result (a blocking handler's) into {@code target}, whole. */
    void write(ByteBuf target, ToolResult result) {
        write(target, null, result);
    }

    /** Writes a finished result (a blocking handler's) into {@code target}, sending parts through {@code parts} if not null. */
    void write(ByteBuf target, ResponseStream parts, ToolResult result) {
        begin(target, parts);
        for (Content item : result.content()) {
            content(item);
        }
        if (result.structuredContent() != null) {
            structured(result.structuredContent());
        }
        if (result.isError()) {
            error();
        }
        finish();
    }

    /** Whether the last result written was marked as an error. */
    boolean isError() {
        return error;
    }

    private void begin(ByteBuf target, ResponseStream parts) {
        out = target;
        stream = parts;
        items = 0;
        structured = null;
        error = false;
        textOpen = false; // BEGIN is written with the first item, or by finish() for none
    }

    /** Closes the result; returns whether it was marked as an error. */
    private boolean finish() {
        if (items == 0) {
            ShortCopies.append(out, BEGIN);
        }
        if (textOpen && structured == null && !error) {
            out.writeMedium(END_TEXT_RESULT); // "}]}": written as bytes in this order (big-endian)
            out = null;
            stream = null;
            textOpen = false;
            return false;
        }
        if (textOpen) {
            out.writeShort(('}' << 8) | ']');
            textOpen = false;
        } else {
            out.writeByte(']');
        }
        if (structured != null) {
            ShortCopies.append(out, STRUCTURED);
            JsonOut.value(out, structured);
        }
        if (error) {
            ShortCopies.append(out, IS_ERROR);
        }
        out.writeByte('}');
        out = null;
        stream = null;
        structured = null;
        return error;
    }

    @Override
    public ToolResultWriter text(CharSequence text) {
        if (stream != null) {
            out = stream.maybeSend(out); // what the items before wrote: a result of one item goes whole
        }
        // The item's opening goes in with a short in-place text under one reserve.
        byte[] opening = separate() ? TEXT_ITEM : BEGIN_TEXT_ITEM;
        if (stream == null || text.length() < ResponseStream.SLICE_CHARS) {
            JsonOut.string(out, opening, text);
        } else {
            stream.ensureFits(out, opening.length + text.length() + 2L); // at least a byte a char
            ShortCopies.append(out, opening);
            out.writeByte('"');
            if (text instanceof JsonText) {
                out = stream.send(out, ((JsonText) text).retainedBytes()); // no copy at all
            } else {
                inParts(text);
            }
            out.writeByte('"');
        }
        textOpen = true; // its '}' goes with what follows
        return this;
    }

    /** Writes the text's escaped content a part at a time, sending each but the last (which goes with what follows). */
    private void inParts(CharSequence text) {
        int length = text.length();
        for (int from = 0; from < length;) {
            int to = JsonOut.pieceEnd(text, from, ResponseStream.PART_BYTES);
            out.ensureWritable(to - from); // at least a byte a char: grown once, not doubled step by step
            JsonOut.stringPiece(out, text, from, to);
            from = to;
            if (from < length) {
                out = stream.maybeSend(out);
            }
        }
    }

    @Override
    public ToolResultWriter content(Content item) {
        if (stream != null) {
            out = stream.maybeSend(out);
        }
        if (!separate()) {
            ShortCopies.append(out, BEGIN);
        }
        ModelJson.content(out, item);
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

    /**
     * Ends the item before a new one (a comma, after the brace of an open text); returns false
     * for the first item, whose caller writes the result's beginning with it.
     */
    private boolean separate() {
        if (out == null) {
            throw new IllegalStateException("the result writer is only valid during the handler call");
        }
        if (items++ == 0) {
            return false;
        }
        if (textOpen) {
            out.writeShort(('}' << 8) | ',');
            textOpen = false;
        } else {
            out.writeByte(',');
        }
        return true;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
