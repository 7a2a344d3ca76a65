package dev.tachyon.server.engine;

import dev.tachyon.api.Arguments;
import dev.tachyon.api.McpException;
import dev.tachyon.codec.JsonMembers;
import dev.tachyon.codec.JsonNumber;
import dev.tachyon.codec.JsonValues;
import io.netty.buffer.ByteBuf;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * The arguments object of a {@code tools/call}, either decoded already or, for an inline call,
 * read in place from the request's frame until {@link #detach()}: a getter finds the one member
 * it names ({@link JsonMembers#find}) and decodes only its value; nothing is copied or decoded
 * that the handler does not ask for. After the call, getters of arguments read in place fail
 * with {@link IllegalStateException} (the frame is released); decoded ones stay readable.
 *
 * <p>Abstract because the call is its own arguments: {@link ToolCallContext} extends this, so a
 * call is one object, not a context and its arguments (the arguments live exactly as long as
 * the call: both are made for it, neither is reused). A handler that keeps them keeps that one
 * object, as it kept both before.
 *
 * <p>An escaped or repeated member name makes the finder unsure; then the whole object is
 * decoded once, and the decoder's rules decide. Not thread-safe while read in place: the
 * getters run on the connection's event loop, with its thread's {@link MessageScratch}.
 */
abstract class FrameArguments extends Arguments {

    /** {@link #span}: the answer needs the decoded values (or they are decoded already). */
    private static final long UNSURE = -2;
    /** The values of arguments whose call has ended: a marker, never read. */
    private static final Map<String, Object> DETACHED = Collections.unmodifiableMap(new HashMap<>());

    /** Decoded values; null while read in place. */
    private Map<String, Object> values;
    private ByteBuf frame;
    private final int start;
    private final int end;
    /**
     * The thread's reader and its one-name arrays (and the input schema's spans, when
     * {@link #knownNames} is set): one reference rather than four, as this is made per call.
     */
    private MessageScratch scratch;
    /** Names whose spans a check of the whole object found already (the input schema's, in {@link MessageScratch#schemaSpans}), or null. */
    private String[] knownNames;

    /** Arguments decoded already ({@code values} null or empty: none); never detached. */
    FrameArguments(Map<String, Object> values) {
        this.values = values == null || values.isEmpty() ? Collections.emptyMap() : Collections.unmodifiableMap(values);
        this.start = 0;
        this.end = 0;
    }

    /**
     * The arguments object in {@code frame[start, end)}, which {@link dev.tachyon.codec.EnvelopeScanner}
     * validated, read with {@code scratch}'s reader (not thread-safe: the getters run on its thread).
     *
     * @param knownNames names whose spans {@link JsonMembers#find} already put in
     *     {@code scratch.schemaSpans} over this same object (it answered sure: no escaped name,
     *     none twice), so a getter of one of them reads its value without scanning the object
     *     again; or null
     */
    FrameArguments(ByteBuf frame, int start, int end, MessageScratch scratch, String[] knownNames) {
        this.frame = frame;
        this.start = start;
        this.end = end;
        this.scratch = scratch;
        this.knownNames = knownNames;
    }

    /** The digit bound of numbers read (see {@link JsonNumber}). */
    abstract int maxNumberDigits();

    /** Ends reading in place (the frame is about to be released); getters called later fail. */
    void detach() {
        if (frame != null) {
            frame = null;
            scratch = null;
            knownNames = null;
            if (values == null) {
                values = DETACHED;
            }
        }
    }

    @Override
    public Map<String, Object> asMap() {
        if (values == null) {
            decodeAll();
        }
        return attached();
    }

    @Override
    public boolean has(String name) {
        long span = span(name);
        return span == UNSURE ? asMap().containsKey(name) : span != JsonMembers.ABSENT;
    }

    @Override
    public Object get(String name) {
        long span = span(name);
        if (span == JsonMembers.ABSENT) {
            return null;
        } else if (span != UNSURE) {
            return decode(JsonMembers.start(span), JsonMembers.end(span));
        } else if (values == null) {
            decodeAll(); // an escaped or repeated name: the decoder's rules decide
        }
        return attached().get(name);
    }

    @Override
    public CharSequence text(String name) {
        long span = span(name);
        if (span >= 0 && frame.getByte(JsonMembers.start(span)) == '"') {
            return scratch.members.text(frame, span);
        }
        return string(name);
    }

    /** The span of {@code name}'s value ({@link JsonMembers#ABSENT} if none), or {@link #UNSURE}. */
    private long span(String name) {
        if (values != null) {
            return UNSURE;
        }
        if (knownNames != null) {
            for (int k = 0; k < knownNames.length; k++) {
                if (knownNames[k].equals(name)) {
                    return scratch.schemaSpans[k];
                }
            }
        }
        MessageScratch s = scratch;
        s.oneName[0] = name;
        return s.members.find(frame, start, end, s.oneName, s.oneSpan) ? s.oneSpan[0] : UNSURE;
    }

    private Map<String, Object> attached() {
        if (values == DETACHED) {
            throw new IllegalStateException("the arguments of an inline call are valid only during the call");
        }
        return values;
    }

    /**
     * The arguments as a map's text; after an in-place read has ended, a note that says so
     * instead of the getters' exception: the call is its own arguments, and a handler may log a
     * call it kept.
     */
    @Override
    public String toString() {
        return values == DETACHED ? "{(arguments of an inline call that has ended)}" : super.toString();
    }

    @SuppressWarnings("unchecked") // the engine passes objects only
    private void decodeAll() {
        values = Collections.unmodifiableMap((Map<String, Object>) decode(start, end));
    }

    private Object decode(int from, int to) {
        try {
            return JsonValues.read(frame, from, to, maxNumberDigits());
        } catch (IllegalArgumentException e) {
            throw McpException.invalidParams(e.getMessage()); // a repeated name (the scanner refuses them first)
        }
    }
}
